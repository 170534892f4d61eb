"""In the back office a leader manages the members' accounts, never another leader's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import LeaderFactory, MemberFactory

pytestmark = pytest.mark.django_db

NEW = {"password1": "Une-phrase-de-passe-42", "password2": "Une-phrase-de-passe-42"}


def test_a_leader_cannot_reset_another_leaders_password(leader_client):
    other = LeaderFactory()
    url = reverse("admin:auth_user_password_change", args=[other.pk])
    assert leader_client.get(url).status_code == 403
    assert leader_client.post(url, NEW).status_code == 403
    other.refresh_from_db()
    assert not other.check_password(NEW["password1"])


def test_a_leader_cannot_change_or_delete_another_leaders_account(leader_client):
    other = LeaderFactory(first_name="Camille")
    change = reverse("admin:members_user_change", args=[other.pk])
    response = leader_client.post(change, {"username": other.username, "first_name": "Pirate"})
    assert response.status_code == 403
    delete = reverse("admin:members_user_delete", args=[other.pk])
    assert leader_client.post(delete, {"post": "yes"}).status_code == 403
    other.refresh_from_db()
    assert other.first_name == "Camille"
    # Looking stays possible (who the other leaders are is no secret between them).
    assert leader_client.get(change).status_code == 200


def test_a_leader_still_resets_a_members_password(leader_client):
    member = MemberFactory()
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    response = leader_client.post(url, NEW)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW["password1"])


def test_a_superuser_may_reset_a_leaders_password(client):
    superuser = LeaderFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    other = LeaderFactory()
    url = reverse("admin:auth_user_password_change", args=[other.pk])
    assert client.post(url, NEW).status_code == 302
    other.refresh_from_db()
    assert other.check_password(NEW["password1"])
