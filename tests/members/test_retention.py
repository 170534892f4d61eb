"""RGPD retention against a clock: a departed member's private facts go at the end of the
season after next, a resident's contact data 12 months after their last job; the command has
a dry run; every step runs again without harm."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members.models import MemberProfile, User
from members.retention import apply_retention
from services.models import RequestStatus, ServiceRequest
from tests.factories import (
    ArchivedSeasonFactory,
    EnrolmentFactory,
    JobFactory,
    MemberFactory,
    MemberProfileFactory,
)

pytestmark = pytest.mark.django_db


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(3, 0)))


@pytest.fixture
def seasons():
    return {year: ArchivedSeasonFactory(year=year) for year in (2024, 2025, 2026)}


def _member_of(season, born=dt.date(2007, 9, 1)):
    member = MemberFactory(date_joined=_at(season.starts_on))
    MemberProfileFactory(user=member, minor=True, date_of_birth=born)
    EnrolmentFactory(season=season, user=member)
    return member


def test_a_departed_members_private_facts_go_at_the_end_of_the_season_after_next(seasons):
    left_in_2024 = _member_of(seasons[2024])
    still_there_in_2025 = _member_of(seasons[2025])
    assert apply_retention(_at(dt.date(2026, 8, 20))) == []  # 2026 has not ended yet
    lines = apply_retention(_at(dt.date(2026, 8, 29)))
    assert lines == [f"member {left_in_2024.pk}: private facts forgotten"]
    forgotten = MemberProfile.objects.get(user=left_in_2024)
    assert forgotten.date_of_birth is None
    assert forgotten.guardian_name == forgotten.emergency_contact_phone == forgotten.phone == ""
    assert forgotten.parental_authorization_received_on is not None  # past hours' legality
    assert forgotten.adult_from == dt.date(2025, 9, 1)
    assert forgotten.is_minor_on(dt.date(2024, 7, 15))
    assert MemberProfile.objects.get(user=still_there_in_2025).date_of_birth is not None
    assert apply_retention(_at(dt.date(2026, 8, 29))) == []  # done once


def test_the_audit_trail_forgets_the_private_facts_too(seasons):
    left_in_2024 = _member_of(seasons[2024], born=dt.date(2007, 3, 14))
    profile = MemberProfile.objects.get(user=left_in_2024)
    assert profile.history.filter(date_of_birth=dt.date(2007, 3, 14)).exists()
    apply_retention(_at(dt.date(2026, 8, 29)))
    assert profile.history.exists()  # who changed what, and when, stays
    assert not profile.history.exclude(date_of_birth=None).exists()


def test_what_counts_as_minor_survives_the_forgetting_in_the_queries(seasons):
    member = _member_of(seasons[2024])
    apply_retention(_at(dt.date(2026, 8, 29)))
    assert User.objects.minors_on(dt.date(2024, 7, 15)).filter(pk=member.pk).exists()
    assert User.objects.adults_on(dt.date(2025, 9, 1)).filter(pk=member.pk).exists()
    assert not User.objects.minors_on(dt.date(2025, 9, 1)).filter(pk=member.pk).exists()


def test_the_retention_periods_come_from_the_settings(seasons, settings):
    left_in_2025 = _member_of(seasons[2025])
    settings.RETENTION_MEMBER_SEASONS = 1
    lines = apply_retention(_at(dt.date(2026, 8, 29)))
    assert f"member {left_in_2025.pk}: private facts forgotten" in lines


def _done_job(day: dt.date, email: str, status=RequestStatus.DONE):
    job = JobFactory(date=day, request__status=status, request__email=email)
    return ServiceRequest.objects.get(pk=job.request_id)


def test_a_residents_contact_data_goes_12_months_after_their_last_job(season):
    now = _at(dt.date(2026, 9, 15))
    old = _done_job(dt.date(2025, 9, 1), "ancien@example.fr")
    recent = _done_job(dt.date(2025, 10, 1), "recent@example.fr")
    came_back = _done_job(dt.date(2025, 6, 1), "fidele@example.fr")
    _done_job(dt.date(2026, 7, 1), "FIDELE@example.fr")
    still_open = _done_job(dt.date(2025, 6, 1), "ouvert@example.fr", RequestStatus.SCHEDULED)
    lines = apply_retention(now)
    assert lines == ["resident of 1 request(s): contact data forgotten"]
    old.refresh_from_db()
    assert old.email == old.phone == old.address == "" and old.anonymised_at == now
    assert old.full_name == "Résident effacé"
    for kept in (recent, came_back, still_open):
        kept.refresh_from_db()
        assert kept.email and kept.anonymised_at is None
    assert apply_retention(_at(dt.date(2026, 10, 2))) == [
        "resident of 1 request(s): contact data forgotten"
    ]


def test_the_command_dry_run_changes_nothing(capsys):
    year = timezone.localdate().year
    old_seasons = [ArchivedSeasonFactory(year=y) for y in (year - 3, year - 2, year - 1)]
    member = _member_of(old_seasons[0])
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert f"[dry run] member {member.pk}: private facts forgotten" in out
    assert MemberProfile.objects.get(user=member).date_of_birth is not None
    call_command("apply_retention")
    assert MemberProfile.objects.get(user=member).date_of_birth is None


def _failed_login(at: dt.datetime, address: str = "203.0.113.9") -> None:
    """A failed login and its lock-out counter at ``at`` (axes stamps them with now)."""
    seen = {"username": "member01", "ip_address": address, "user_agent": "phone"}
    failure = AccessFailureLog.objects.create(**seen)
    attempt = AccessAttempt.objects.create(**seen, failures_since_start=1)
    AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=at)
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=at)


def test_failed_logins_are_forgotten_after_90_days_and_recent_ones_kept():
    now = _at(dt.date(2026, 12, 3))
    _failed_login(now - dt.timedelta(days=91))
    _failed_login(now - dt.timedelta(days=89), address="198.51.100.4")

    lines = apply_retention(now)

    assert [line for line in lines if line.startswith("security log")] == [
        "security log: 2 lines older than 2026-09-04 forgotten"
    ]
    assert AccessFailureLog.objects.count() == 1
    assert AccessAttempt.objects.count() == 1
    assert apply_retention(now) == []  # nothing more: the step runs again without harm


def test_the_dry_run_counts_the_old_failed_logins_and_keeps_them():
    now = _at(dt.date(2026, 12, 3))
    _failed_login(now - dt.timedelta(days=120))
    assert apply_retention(now, dry_run=True) == [
        "security log: 2 lines older than 2026-09-04 forgotten"
    ]
    assert AccessFailureLog.objects.count() == 1


def test_the_privacy_page_states_how_long_failed_logins_are_kept(client, settings):
    settings.RETENTION_SECURITY_LOG_DAYS = 30
    page = client.get(reverse("services:privacy")).content.decode()
    assert "gardées 30 jours pour arrêter les essais de mots de passe" in page
