"""``User.objects.get(pk=<int>)``, what Django's ModelBackend asks at every request of a
logged-in user, runs compiled SQL (members.models.people.CJSUserManager): the same user and
the same errors as the ORM's lookup."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend
from django.db.models import Model

from members.models import User
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_the_compiled_lookup_reads_the_same_user_as_the_orm(member, leader):
    for user in (member, leader):
        found = User.objects.get(pk=user.pk)
        expected = User.objects.filter(pk=user.pk).get()
        assert found == expected
        assert Model.__eq__(found, expected)
        for field in User._meta.concrete_fields:
            assert getattr(found, field.attname) == getattr(expected, field.attname)
        assert found._state.db == "default" and not found._state.adding


@pytest.mark.parametrize("pk", [0, -1, 10**9, 2**63, -(2**70)])
def test_an_unknown_id_raises_does_not_exist(member, pk):
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=pk)


def test_the_other_lookups_are_the_orms(member):
    assert User.objects.get(pk=str(member.pk)) == member
    assert User.objects.get(username=member.username) == member
    with pytest.raises(User.MultipleObjectsReturned):
        MemberFactory(last_name=member.last_name)
        User.objects.get(last_name=member.last_name)


def test_the_backend_reads_a_changed_user_afresh(member):
    backend = ModelBackend()
    assert backend.get_user(member.pk).first_name == "Léa"
    User.objects.filter(pk=member.pk).update(first_name="Lou")
    assert backend.get_user(member.pk).first_name == "Lou"
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert backend.get_user(member.pk) is None
