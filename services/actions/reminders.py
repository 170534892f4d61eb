"""Reminders the scheduler runs (``services/tasks.py``, ``settings.REMINDER_SCHEDULE``): to
the team the day before a job and after it for their hours, to the resident for the
satisfaction form and before a quote lapses, to the approvers and planners for claims waiting
and jobs short of people. Each is recorded and goes out once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from cjs import reminders
from members.models import Season
from services import notify
from services.models import (
    Claim,
    ClaimStatus,
    Job,
    JobStatus,
    Quote,
    QuoteStatus,
    RequestStatus,
    ServiceRequest,
)

# A reminder goes out the day before a job, from this hour on (the hourly command).
REMINDER_FROM_HOUR = 8


def job_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind each member on a team the day before the job (from 8:00). Safe to run every hour:
    each reminder is recorded and goes out once. Returns how many emails went out (a member
    without an email address is recorded too, so as not to be tried again, but not counted)."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < REMINDER_FROM_HOUR:
        return 0
    tomorrow = now.date() + dt.timedelta(days=1)
    due = Claim.objects.filter(
        status=ClaimStatus.APPROVED,
        reminded_at__isnull=True,
        job__date=tomorrow,
        job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
        job__season__status=Season.Status.CURRENT,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claim = (
                Claim.objects.select_for_update(of=("self",), skip_locked=True)
                .filter(pk=pk, reminded_at__isnull=True, status=ClaimStatus.APPROVED)
                .first()
            )
            if claim is None:
                continue
            claim.reminded_at = now
            claim.save(update_fields=["reminded_at"])
            claim = Claim.objects.select_related("member", "job__service").get(pk=pk)
            if claim.member.email:
                notify.job_reminder(claim)
                sent += 1
    return sent


# A reminder of the satisfaction form goes out this long after the work is done.
SATISFACTION_REMINDER_AFTER = dt.timedelta(days=3)


def satisfaction_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind once, a few days after the work is done, the residents who have not filled in
    the satisfaction form. Safe to run every hour. Returns how many reminders went out."""
    now = now or timezone.now()
    due = ServiceRequest.objects.filter(
        status=RequestStatus.DONE,
        season__status=Season.Status.CURRENT,
        satisfaction__isnull=True,
        satisfaction_reminded_at__isnull=True,
        status_changed_at__lte=now - SATISFACTION_REMINDER_AFTER,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            service_request = (
                ServiceRequest.objects.select_for_update(of=("self",), skip_locked=True)
                .filter(pk=pk, satisfaction_reminded_at__isnull=True)
                .first()
            )
            if service_request is None:
                continue
            service_request.satisfaction_reminded_at = now
            service_request.save(update_fields=["satisfaction_reminded_at", "updated_at"])
            notify.satisfaction_reminder(service_request)
            sent += 1
    return sent


# Hours are asked for from the day after the job: the debrief of the evening is the place.
HOURS_TO_LOG_AFTER = dt.timedelta(days=1)


def hours_to_log_remind(*, now: dt.datetime | None = None) -> int:
    """Remind once each member on the team of a job that ended a day ago or more and who has
    not logged their hours. Returns how many emails went out."""
    now = now or timezone.now()
    due = (
        reminders.not_sent(Claim.objects, "hours_to_log", "claim")
        .filter(
            status=ClaimStatus.APPROVED,
            timesheet__isnull=True,
            job__status__in=(JobStatus.STAFFED, JobStatus.DONE, JobStatus.OPEN),
            job__season__status=Season.Status.CURRENT,
            job__date__lte=timezone.localtime(now - HOURS_TO_LOG_AFTER).date(),
        )
        .exclude(member__email="")
        .select_related("member", "job__service")
        .order_by("pk")
    )
    sent = 0
    for claim in due:
        # A job of the same day as the threshold counts once its end time has passed too.
        if claim.job.ends > now - HOURS_TO_LOG_AFTER:
            continue
        with transaction.atomic():
            if reminders.once("hours_to_log", reminders.key("claim", claim.pk)):
                notify.hours_to_log(claim)
                sent += 1
    return sent


# Claims that wait this long for an answer are pointed out to the approvers.
CLAIMS_WAITING_AFTER = dt.timedelta(hours=24)


def claims_waiting_remind(*, now: dt.datetime | None = None) -> int:
    """Tell the approvers, in one email each, of the claims waiting for an answer for a day or
    more that were not pointed out yet. Returns how many claims were pointed out."""
    now = now or timezone.now()
    waiting = (
        reminders.not_sent(Claim.objects, "claims_waiting", "claim")
        .filter(
            status=ClaimStatus.PENDING,
            created_at__lte=now - CLAIMS_WAITING_AFTER,
            job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
            job__date__gte=timezone.localtime(now).date(),
        )
        .select_related("member", "job__service")
        .order_by("job__date", "job__starts_at", "pk")
    )
    with transaction.atomic():
        claims = [
            claim
            for claim in waiting
            if reminders.once("claims_waiting", reminders.key("claim", claim.pk))
        ]
        if claims:
            notify.claims_waiting(claims)
    return len(claims)


# A job starting within this time without its full team is pointed out to the planners.
UNDERSTAFFED_WITHIN = dt.timedelta(hours=48)


def jobs_understaffed_remind(*, now: dt.datetime | None = None) -> int:
    """Tell the planners, in one email each, of the jobs starting within 48 hours with seats
    still empty, once per job. Returns how many jobs were pointed out."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    soon = (
        reminders.not_sent(Job.objects, "jobs_understaffed", "job")
        .filter(
            status=JobStatus.OPEN,
            season__status=Season.Status.CURRENT,
            date__gte=today,
            date__lte=timezone.localtime(now + UNDERSTAFFED_WITHIN).date(),
        )
        .annotate(on_team=Count("claims", filter=Q(claims__status=ClaimStatus.APPROVED)))
        .filter(on_team__lt=F("seats"))
        .select_related("service")
        .order_by("date", "starts_at", "pk")
    )
    with transaction.atomic():
        jobs = [
            job
            for job in soon
            if now < job.starts <= now + UNDERSTAFFED_WITHIN
            and reminders.once("jobs_understaffed", reminders.key("job", job.pk))
        ]
        if jobs:
            notify.jobs_understaffed(jobs)
    return len(jobs)


# A resident is reminded this many days before their quote stops being valid.
QUOTE_LAPSES_WITHIN = dt.timedelta(days=3)


def quotes_lapsing_remind(*, now: dt.datetime | None = None) -> int:
    """Remind once each resident whose quote, still unanswered, stops being valid within three
    days. Returns how many reminders went out."""
    today = timezone.localtime(now or timezone.now()).date()
    lapsing = (
        reminders.not_sent(Quote.objects, "quotes_lapsing", "quote")
        .filter(
            status=QuoteStatus.PENDING,
            request__status=RequestStatus.QUOTED,
            request__season__status=Season.Status.CURRENT,
            valid_until__gte=today,
            valid_until__lte=today + QUOTE_LAPSES_WITHIN,
        )
        .exclude(request__email="")
        .select_related("request__service")
        .order_by("pk")
    )
    sent = 0
    for quote in lapsing:
        with transaction.atomic():
            if reminders.once("quotes_lapsing", reminders.key("quote", quote.pk)):
                notify.quote_lapsing(quote)
                sent += 1
    return sent
