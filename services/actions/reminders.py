"""Reminders the hourly commands send: to the team the day before a job, to the resident
for the satisfaction form. Each is recorded and goes out once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from members.models import Season
from services import notify
from services.models import (
    Claim,
    ClaimStatus,
    JobStatus,
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
