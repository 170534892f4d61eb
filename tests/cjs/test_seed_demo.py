from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command

from members.models import Enrolment, Season, User

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"members", "services", "governance"}
    }


def test_seed_demo_twice_gives_the_same_row_counts():
    call_command("seed_demo")
    first = _row_counts()
    call_command("seed_demo")
    assert _row_counts() == first
    assert first["members.User"] == 17


def test_seed_demo_creates_the_documented_logins():
    call_command("seed_demo")
    assert User.objects.get(username="leader1").is_leader
    assert User.objects.get(username="leader2").is_leader
    members = User.objects.filter(username__startswith="member", role=User.Role.MEMBER)
    assert sorted(members.values_list("username", flat=True)) == [
        f"member{n:02d}" for n in range(1, 16)
    ]
    assert User.objects.get(username="member07").check_password("cooperative")


def test_seed_demo_has_a_current_season_and_an_archive():
    call_command("seed_demo")
    current = Season.objects.current()
    assert current is not None
    assert Season.objects.filter(status=Season.Status.ARCHIVED).count() == 1
    assert Enrolment.objects.filter(season=current).count() == 15


def test_seed_demo_scale_multiplies_the_volume():
    call_command("seed_demo", scale=3)
    assert User.objects.filter(role=User.Role.MEMBER).count() == 45


def test_seed_demo_if_empty_leaves_an_existing_database_alone():
    User.objects.create(username="someone")
    call_command("seed_demo", if_empty=True)
    assert User.objects.count() == 1


def test_seed_demo_can_build_a_long_lived_cooperative_with_ten_archived_seasons():
    call_command("seed_demo", archived_seasons=10)
    archived = Season.objects.filter(status=Season.Status.ARCHIVED)
    assert archived.count() == 10
    assert Season.objects.filter(status=Season.Status.CURRENT).count() == 1
    oldest = archived.order_by("year").first()
    assert Enrolment.objects.filter(season=oldest).count() == 15
    call_command("seed_demo", archived_seasons=10)
    assert Season.objects.count() == 11


def test_seed_demo_refuses_fewer_than_one_archived_season():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", archived_seasons=0)
