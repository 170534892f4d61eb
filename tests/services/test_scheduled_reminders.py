"""The services app's scheduled reminders: hours to log, claims waiting for an answer, jobs
short of people within 48 hours, quotes about to lapse. Each goes out once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from services import actions
from services.models import ClaimStatus, JobStatus, QuoteStatus, RequestStatus
from tests.factories import (
    ClaimFactory,
    JobFactory,
    MemberFactory,
    QuoteFactory,
    ServiceRequestFactory,
    TimesheetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Run a reminder and let its emails go (they are queued when its transaction commits)."""

    def run(reminder, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return reminder(**kwargs)

    return run


def _job(season, **fields):
    return JobFactory(request=ServiceRequestFactory(season=season), **fields)


# Hours to log ------------------------------------------------------------------------------


def test_a_member_who_has_not_logged_their_hours_is_reminded_once(
    season, member, mailoutbox, sending
):
    job = _job(season, date=timezone.localdate() - dt.timedelta(days=3), status=JobStatus.DONE)
    ClaimFactory(job=job, member=member, status=ClaimStatus.APPROVED)
    logged = TimesheetFactory(claim__job=job)
    ClaimFactory(job=job, status=ClaimStatus.REJECTED)
    assert sending(actions.hours_to_log_remind) == 1
    assert sending(actions.hours_to_log_remind) == 0
    assert [message.to for message in mailoutbox] == [[member.email]]
    assert "heures" in mailoutbox[0].subject
    assert logged.claim.member.email not in mailoutbox[0].to


def test_hours_are_asked_for_a_day_after_the_job_ends(season, member, mailoutbox, sending):
    job = _job(season, date=timezone.localdate() - dt.timedelta(days=1), status=JobStatus.DONE)
    ClaimFactory(job=job, member=member, status=ClaimStatus.APPROVED)
    day_after = job.ends + dt.timedelta(days=1)
    assert sending(actions.hours_to_log_remind, now=day_after - dt.timedelta(minutes=1)) == 0
    assert sending(actions.hours_to_log_remind, now=day_after) == 1


def test_no_hours_are_asked_for_a_cancelled_job(season, member, mailoutbox, sending):
    job = _job(season, date=timezone.localdate() - dt.timedelta(days=3), status=JobStatus.CANCELLED)
    ClaimFactory(job=job, member=member, status=ClaimStatus.APPROVED)
    assert sending(actions.hours_to_log_remind) == 0
    assert mailoutbox == []


# Claims waiting ----------------------------------------------------------------------------


def test_claims_waiting_a_day_are_pointed_out_to_the_leaders_once(
    season, leader, mailoutbox, sending
):
    job = _job(season)
    old = ClaimFactory(job=job, created_at=timezone.now() - dt.timedelta(hours=30))
    ClaimFactory(job=job, created_at=timezone.now() - dt.timedelta(hours=2))
    assert sending(actions.claims_waiting_remind) == 1
    assert sending(actions.claims_waiting_remind) == 0
    assert [message.to for message in mailoutbox] == [[leader.email]]
    assert old.member.get_full_name() in mailoutbox[0].body
    assert "1 candidature attend" in mailoutbox[0].subject


# Jobs understaffed -------------------------------------------------------------------------


def test_a_job_within_48_hours_short_of_people_is_pointed_out_once(
    season, leader, mailoutbox, sending
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    short = _job(season, date=tomorrow, seats=2)
    ClaimFactory(job=short, status=ClaimStatus.APPROVED)
    ClaimFactory(job=short)  # waiting: not on the team yet
    full = _job(season, date=tomorrow, seats=1)
    ClaimFactory(job=full, status=ClaimStatus.APPROVED)
    _job(season, date=tomorrow + dt.timedelta(days=5), seats=2)  # later: not yet
    now = timezone.make_aware(dt.datetime.combine(tomorrow - dt.timedelta(days=1), dt.time(8)))
    assert sending(actions.jobs_understaffed_remind, now=now) == 1
    assert sending(actions.jobs_understaffed_remind, now=now + dt.timedelta(hours=1)) == 0
    assert [message.to for message in mailoutbox] == [[leader.email]]
    assert "1 sur 2 dans l’équipe" in mailoutbox[0].body


# Quotes about to lapse ---------------------------------------------------------------------


def test_a_resident_is_reminded_once_before_their_quote_lapses(season, mailoutbox, sending):
    today = timezone.localdate()
    lapsing = QuoteFactory(
        request=ServiceRequestFactory(season=season, status=RequestStatus.QUOTED),
        valid_until=today + dt.timedelta(days=2),
    )
    QuoteFactory(
        request=ServiceRequestFactory(season=season, status=RequestStatus.QUOTED),
        valid_until=today + dt.timedelta(days=10),
    )
    QuoteFactory(
        request=ServiceRequestFactory(season=season, status=RequestStatus.SCHEDULED),
        valid_until=today + dt.timedelta(days=1),
        status=QuoteStatus.ACCEPTED,
    )
    assert sending(actions.quotes_lapsing_remind) == 1
    assert sending(actions.quotes_lapsing_remind) == 0
    assert [message.to for message in mailoutbox] == [[lapsing.request.email]]
    assert "valable jusqu’au" in mailoutbox[0].subject


def test_the_quote_reminder_speaks_the_residents_language(season, mailoutbox, sending):
    QuoteFactory(
        request=ServiceRequestFactory(season=season, status=RequestStatus.QUOTED, language="en"),
        valid_until=timezone.localdate() + dt.timedelta(days=1),
    )
    sending(actions.quotes_lapsing_remind)
    assert "Your quote is valid until" in mailoutbox[0].subject


def test_a_member_without_approver_rights_is_not_told_of_claims(season, mailoutbox, sending):
    MemberFactory()
    job = _job(season)
    ClaimFactory(job=job, created_at=timezone.now() - dt.timedelta(days=2))
    assert sending(actions.claims_waiting_remind) == 1
    assert mailoutbox == []  # no leader in this cooperative yet: nobody to tell
