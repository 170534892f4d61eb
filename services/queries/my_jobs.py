"""What a member's "my jobs" page reads: their jobs this season (to come, done), their
validated hours and earnings, their calendar's address. Its queries are compiled once per
process (``cjs.db.QueryShape``): building them cost the ORM more than running them."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.utils import timezone

from cjs.db import QueryShape
from cjs.links import pk_url
from members.models import Season, User
from services.models import (
    CalendarFeed,
    Claim,
    ClaimStatus,
    JobStatus,
    Replacement,
    ReplacementStatus,
)
from services.queries.board import formatted, pay_of
from services.queries.work import MONEY, ZERO, validated_timesheets


@dataclass
class MyJobs:
    upcoming: list[Claim]
    past: list[Claim]


_MY_JOBS_COLUMNS = (
    "status",
    "decided_at",
    "job__date",
    "job__starts_at",
    "job__ends_at",
    "job__town_name",
    "job__hourly_rate",
    "job__status",
    "job__service__name_fr",
    "job__service__name_en",
    "timesheet__hours",
    "timesheet__validated_at",
)


def _my_claims(member_pk: int, season_pk: int, turned_down_since: dt.datetime):
    return (
        Claim.objects.filter(member_id=member_pk, job__season_id=season_pk)
        .filter(
            Q(status__in=(ClaimStatus.PENDING, ClaimStatus.APPROVED))
            | Q(status=ClaimStatus.REJECTED, decided_at__gte=turned_down_since)
        )
        .select_related("job__service", "timesheet")
        # The columns the page shows and sorts on (the others cost the ORM to compile).
        .only(*_MY_JOBS_COLUMNS)
        .annotate(
            asked_replacement=Exists(
                Replacement.objects.filter(claim=OuterRef("pk"), status=ReplacementStatus.OPEN)
            )
        )
        .order_by("job__date", "job__starts_at", "pk")
    )


@functools.lru_cache(maxsize=16)
def _my_claims_shape(turned_down_since: dt.datetime) -> QueryShape:
    return QueryShape(
        lambda member_pk, season_pk: _my_claims(member_pk, season_pk, turned_down_since),
        int,
        int,
    )


def my_jobs(member: User, season: Season | None, now: dt.datetime) -> MyJobs:
    """The member's jobs this season: to come (waiting, on the team, or turned down this
    week) and past (on the team), each with its pay, whether the member asked to be
    replaced (``asked_replacement``), its link (``url``), its day (``day``) and for a job to
    come its times (``when``) as the page writes them."""
    if not season:
        return MyJobs(upcoming=[], past=[])
    week_ago = now - dt.timedelta(days=7)
    # The SQL reads the claims turned down since the start of that day (compiled once a
    # day); those of the last seven days to the minute are kept here.
    since = timezone.localtime(week_ago).replace(hour=0, minute=0, second=0, microsecond=0)
    upcoming, past = [], []
    link = pk_url("services:job_detail")
    for claim in _my_claims_shape(since).instances(member.pk, season.pk):
        if claim.status == ClaimStatus.REJECTED and not (
            claim.decided_at is not None and claim.decided_at >= week_ago
        ):
            continue
        job = claim.job
        claim.pay = pay_of(job)
        # What the rows write: the link, the day (and the times of a job to come).
        claim.url = link(claim.job_id)
        claim.day = formatted(job.date, "D j N")
        if job.status in (JobStatus.OPEN, JobStatus.STAFFED) and not job.has_started(now):
            claim.when = (
                f"{claim.day} · {formatted(job.starts_at, 'H:i')} – {formatted(job.ends_at, 'H:i')}"
            )
            upcoming.append(claim)
        elif claim.is_approved and job.status != JobStatus.CANCELLED:
            claim.needs_hours = not hasattr(claim, "timesheet")
            past.append(claim)
    past.reverse()
    return MyJobs(upcoming=upcoming, past=past)


_HOURS_AND_EARNINGS = QueryShape(
    lambda season_pk, member_pk: (
        validated_timesheets(Season(pk=season_pk))
        .filter(claim__member_id=member_pk)
        .values("claim__member_id")
        .annotate(
            total_hours=Sum("hours"),
            earned=Sum(
                ExpressionWrapper(F("hours") * F("claim__job__hourly_rate"), output_field=MONEY)
            ),
        )
        .order_by()
        .values_list("total_hours", "earned")
    ),
    int,
    int,
)


def my_hours_and_earnings(season: Season | None, member_pk: int) -> tuple[Decimal, Decimal]:
    """``work.hours_and_earnings(season, [member_pk])`` of one member: their validated hours
    and what they earned this season (zeros when none)."""
    if not season:
        return ZERO, ZERO
    for total_hours, earned in _HOURS_AND_EARNINGS.rows(season.pk, member_pk):
        return total_hours or ZERO, earned or ZERO
    return ZERO, ZERO


_FEED_TOKEN = QueryShape(
    lambda user_pk: CalendarFeed.objects.filter(user_id=user_pk).values_list("token"), int
)


def calendar_token(user: User) -> str:
    """The token of the member's calendar address (made on their first visit)."""
    for (token,) in _FEED_TOKEN.rows(user.pk):
        return token
    # What ``get_or_create`` does once its read found nothing (the read above).
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(user=user).token
    except IntegrityError:  # made meanwhile by another request
        return CalendarFeed.objects.get(user=user).token
