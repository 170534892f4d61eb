"""RGPD erasure of a member who left: a leader's decision, confirmed, POST only. The name
appears nowhere afterwards; hours, votes and totals stay exactly as they were."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from governance.models import NamedVote, Participation, SecretCount
from members import actions
from members.models import User
from members.rules import adult_from_kept
from members.work_records import hours_worked
from services.models import Timesheet
from tests.rgpd import member_with_history, stored_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver(season, leader):
    member = member_with_history(season)
    actions.member_deactivate(user=member, on=timezone.localdate(), by=leader)
    return User.objects.get(pk=member.pk)


def _totals(season):
    return {
        "hours": Timesheet.objects.aggregate(total=Sum("hours"))["total"],
        "by_member": sorted(
            User.objects.members().annotate(hours=hours_worked(season)).values_list("pk", "hours")
        ),
        "participations": Participation.objects.aggregate(n=Count("pk"))["n"],
        "named": sorted(NamedVote.objects.values_list("participation__voter_id", "choice")),
        "secret": sorted(SecretCount.objects.values_list("ballot_id", "count")),
    }


def test_a_leader_erases_a_member_and_the_totals_do_not_change(leader_client, leaver, season):
    before = _totals(season)
    job_day = Timesheet.objects.get(claim__member=leaver).claim.job.date
    minor_on_the_job = leaver.is_minor_on(job_day)
    url = reverse("members:member_erase", args=[leaver.pk])
    assert "Zéphyrine" in leader_client.get(url).content.decode()  # the confirmation
    response = leader_client.post(url)
    assert response.status_code == 302
    assert _totals(season) == before
    erased = User.objects.select_related("profile").get(pk=leaver.pk)
    assert str(erased) == f"Membre effacé n°{leaver.pk}"
    assert erased.erased_at is not None and not erased.has_usable_password()
    assert erased.email == "" and erased.profile.date_of_birth is None
    assert erased.is_minor_on(job_day) == minor_on_the_job  # past hours stay checkable


def test_the_erased_name_appears_nowhere(leader, leaver):
    assert "Quintavalle" in stored_text()
    actions.member_erase(member=leaver, by=leader)
    text = stored_text()
    for trace in ("Zéphyrine", "Quintavalle", "zéphyrine", "ophelie@example.fr", "06 99 88 77 66"):
        assert trace not in text


def test_the_erased_member_can_no_longer_log_in(client, leader, leaver):
    leaver.set_password("a-good-password-1")
    leaver.save()
    actions.member_erase(member=leaver, by=leader)
    for username in (leaver.username, f"efface-{leaver.pk}"):
        client.post(reverse("login"), {"username": username, "password": "a-good-password-1"})
        assert "_auth_user_id" not in client.session


def test_an_active_member_is_not_erased(leader, season):
    member = member_with_history(season)
    with pytest.raises(DomainError) as refused:
        actions.member_erase(member=member, by=leader)
    assert refused.value.code == "active"


def test_a_member_is_erased_once(leader, leaver):
    actions.member_erase(member=leaver, by=leader)
    with pytest.raises(DomainError) as refused:
        actions.member_erase(member=leaver, by=leader)
    assert refused.value.code == "erased"


def test_only_leaders_erase_and_only_by_post(leaver, member_client, anonymous, leader_client):
    url = reverse("members:member_erase", args=[leaver.pk])
    assert member_client.post(url).status_code == 403
    assert anonymous.post(url).status_code == 302
    assert leader_client.put(url).status_code == 405
    assert User.objects.get(pk=leaver.pk).erased_at is None


def test_what_is_kept_of_a_birth_date_is_only_what_the_hours_need():
    joined, today = dt.date(2025, 6, 1), dt.date(2026, 9, 1)
    # turned 18 while a member: the exact day is needed
    assert adult_from_kept(dt.date(2008, 1, 15), joined, today) == dt.date(2026, 1, 15)
    # an adult all along: only "from the start"
    assert adult_from_kept(dt.date(2000, 1, 15), joined, today) == joined
    # a minor all along: only "until now"
    assert adult_from_kept(dt.date(2011, 1, 15), joined, today) == dt.date(2026, 9, 2)
    assert adult_from_kept(None, joined, today) is None
    assert adult_from_kept(dt.date(2008, 2, 29), joined, today) == dt.date(2026, 3, 1)
