"""What the leaders' dashboard reads of the services (``services.dashboard``): the claims to
approve and the hours to validate, the requests by status and the next jobs.

Each query is compiled once per season and day (``cjs.db.CompiledQuery``): their SQL depends
on nothing else, and building it cost the ORM more than the database spends running it. The
rows are read afresh at every call."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from html import escape

from django.db import connection
from django.db.models import Case, Count, F, Q, When
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from cjs.db import CompiledQuery
from cjs.i18n import localized
from cjs.links import pk_url
from services.models import Claim, ClaimStatus, Job, JobStatus, RequestStatus, ServiceRequest
from services.queries.board import formatted

# The jobs whose hours are worked and logged (a cancelled job has none).
WORKED_JOBS = (JobStatus.OPEN, JobStatus.STAFFED, JobStatus.DONE)
UPCOMING_JOBS = 5


def team_counts(
    season_pk: int, today: dt.date, now: dt.datetime, *, approve: bool, validate: bool
) -> dict[str, int]:
    """``claims_waiting`` (pending claims on active jobs from ``today`` on) and
    ``hours_waiting`` (approved claims of jobs started by ``now`` whose hours are not
    validated), each only when asked.

    One query, its counts grouped by the start of the jobs of the day of ``now`` (the other
    days' claims in one group): whether such a job has started depends on the time, the other
    days' on the day only, so the SQL is the same all day and the time is compared here."""
    if not (approve or validate):
        return {}
    local = timezone.localtime(now)
    query = _team_counts_query(season_pk, today, local.date(), approve, validate, connection.vendor)
    time = local.time()
    claims = hours = 0
    for row in query.rows():
        starts, *figures = row
        if approve:
            claims += figures.pop(0)
        if validate and (starts is None or starts <= time):
            hours += figures[0]
    return ({"claims_waiting": claims} if approve else {}) | (
        {"hours_waiting": hours} if validate else {}
    )


@functools.lru_cache(maxsize=32)
def _team_counts_query(
    season_pk: int, today: dt.date, day: dt.date, approve: bool, validate: bool, vendor: str
) -> CompiledQuery:
    """Its rows: the start of the job when it is on ``day`` (None otherwise), then the
    counts asked, in that order."""
    counts = {}
    if approve:
        counts["claims_waiting"] = Count(
            "pk",
            filter=Q(
                status=ClaimStatus.PENDING,
                job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
                job__date__gte=today,
            ),
        )
    if validate:
        # Jobs up to ``day`` included: those of ``day`` are sorted out by their start.
        counts["hours_waiting"] = Count(
            "pk",
            filter=Q(
                status=ClaimStatus.APPROVED,
                job__status__in=WORKED_JOBS,
                job__date__lte=day,
                timesheet__validated_at__isnull=True,
            ),
        )
    return CompiledQuery.of_columns(
        Claim.objects.filter(job__season_id=season_pk)
        .annotate(starts=Case(When(job__date=day, then=F("job__starts_at"))))
        .values("starts")
        .annotate(**counts)
        .order_by()
    )


def request_counts(season_pk: int) -> dict[str, int]:
    """``{status: count}`` of the season's requests, every status (zeros included)."""
    counts = dict.fromkeys(RequestStatus.values, 0)
    for status, count in _request_counts_query(season_pk, connection.vendor).rows():
        counts[status] = count
    return counts


@functools.lru_cache(maxsize=16)
def _request_counts_query(season_pk: int, vendor: str) -> CompiledQuery:
    return CompiledQuery.of_columns(
        ServiceRequest.objects.filter(season_id=season_pk)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )


@dataclass(frozen=True)
class UpcomingJob:
    """A line of the next jobs as the panel writes it: the link to the job's team, its day,
    time and service, and its town and seats (escaped as the template escaped them)."""

    url: str
    label: SafeString
    place: SafeString


def upcoming_jobs(season_pk: int, today: dt.date) -> list[UpcomingJob]:
    """The next active jobs from ``today`` on, soonest first, read as the columns the panel
    writes; their links made from one reverse, their dates once per process and language."""
    link, language = pk_url("services:job_team"), get_language()
    return [
        UpcomingJob(
            url=link(pk),
            label=mark_safe(  # each text escaped, as the template's {{ }} escaped them
                f"{escape(formatted(date, 'D j N'))} {escape(formatted(starts_at, 'H:i'))}"
                f" · {escape(localized(name_fr, name_en))}"
            ),
            place=mark_safe(f"{escape(town_name)} · {_seats(seats, language)}"),
        )
        for pk, date, starts_at, town_name, seats, name_fr, name_en in _upcoming_jobs_query(
            season_pk, today, connection.vendor
        ).rows()
    ]


@functools.lru_cache(maxsize=64)
def _seats(seats: int, _language: str | None) -> str:
    """The seats ("2 members") as ``blocktranslate count`` writes them: the catalogue's text
    as it is, with the number (an integer: nothing to escape); once per language."""
    return ngettext("%(seats)s member", "%(seats)s members", seats) % {"seats": seats}


@functools.lru_cache(maxsize=16)
def _upcoming_jobs_query(season_pk: int, today: dt.date, vendor: str) -> CompiledQuery:
    return CompiledQuery.of_columns(
        Job.objects.filter(season_id=season_pk)
        .upcoming(today)
        .values_list(
            "pk", "date", "starts_at", "town_name", "seats", "service__name_fr", "service__name_en"
        )[:UPCOMING_JOBS]
    )
