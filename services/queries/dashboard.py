"""What the dashboards read of the services (``services.dashboard``): a member's next jobs,
the jobs whose hours they have to log, the open jobs of the board they see and, for a member
who answers, quotes or plans requests, the season's requests by status; the leaders' claims to
approve and hours to validate, the requests by status and the next jobs.

Every member opens this page, and building and compiling its querysets cost the ORM
about ten times what the database spends running them: their SQL is built once per season
and day in a process, the member's id a parameter (``cjs.db.QueryShape``, ``VIEWER``). Two
of them depend on the instant of the request too (a job started, a job still in its head
start): they are compiled with stand-ins for the local time and the instant, whose places in
the parameters each request fills with its own (``AtNow``). The leaders' queries are
compiled once per season and day: their counts are grouped by the start of today's jobs, the
time compared in Python."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from html import escape

from django.db import connection, connections
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TimeField,
    Value,
    When,
)
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from cjs.db import VIEWER, CompiledQuery, QueryShape, places_of
from cjs.i18n import localized
from cjs.kept import kept_by_text
from cjs.links import pk_url
from services.models import Claim, ClaimStatus, Job, JobStatus, RequestStatus, ServiceRequest
from services.queries.board import formatted
from services.queries.work import HeadStart, on_the_board

# The jobs whose hours are worked and logged (a cancelled job has none).
WORKED_JOBS = (JobStatus.OPEN, JobStatus.STAFFED, JobStatus.DONE)
UPCOMING_JOBS = 5
# What the panel shows of a job's service: its name in either language.
SERVICE_NAME = ("job__service__name_fr", "job__service__name_en")

# Stand-ins for a request's local time and instant in SQL built once: values no job or claim
# holds, found among the compiled parameters and replaced there by each request's own.
_TIME = dt.time(23, 59, 59, 918273)
_INSTANT = dt.datetime(1901, 2, 3, 4, 5, 6, 918273, tzinfo=dt.UTC)


@dataclass(frozen=True)
class AtNow:
    """A query compiled with ``_TIME`` and ``_INSTANT`` for the local time and the instant of
    a request, and ``VIEWER`` for the member it is for; ``rows(now)`` runs it at ``now``
    (with ``instant`` for ``_INSTANT`` and ``member`` for ``VIEWER`` when given)."""

    query: CompiledQuery
    times: tuple[int, ...]
    instants: tuple[int, ...]
    members: tuple[int, ...] = ()

    @classmethod
    def of(cls, queryset: QuerySet) -> AtNow:
        query = CompiledQuery.of_columns(queryset)
        ops = connections[query.alias].ops
        return cls(
            query,
            places_of(query.params, ops.adapt_timefield_value(_TIME)),
            places_of(query.params, ops.adapt_datetimefield_value(_INSTANT)),
            places_of(query.params, VIEWER),
        )

    def rows(
        self, now: dt.datetime, instant: dt.datetime | None = None, *, member: int | None = None
    ) -> list[tuple]:
        ops = connections[self.query.alias].ops
        params = list(self.query.params)
        time = ops.adapt_timefield_value(timezone.localtime(now).time())
        for place in self.times:
            params[place] = time
        moment = ops.adapt_datetimefield_value(now if instant is None else instant)
        for place in self.instants:
            params[place] = moment
        for place in self.members:
            params[place] = member
        return self.query.rows(params)


def _stand_in_now(day: dt.date) -> dt.datetime:
    """The instant whose local day is ``day`` and local time ``_TIME``."""
    return timezone.make_aware(dt.datetime.combine(day, _TIME))


def next_claims(member_pk: int, season_pk: int, today: dt.date) -> list[tuple]:
    """The member's next claims, waiting or approved, on jobs open or staffed from today:
    (status, job id, day, start, service name in French and English), the first first."""
    return _next_claims_shape(season_pk, today).rows(member_pk)


@functools.lru_cache(maxsize=16)
def _next_claims_shape(season_pk: int, today: dt.date) -> QueryShape:
    """Compiled once per season and day, the member's id a parameter (compiled per member,
    each one's first dashboard in each process paid for it)."""
    return QueryShape(lambda member_pk: _next_claims(member_pk, season_pk, today), int)


def _next_claims(member_pk: int, season_pk: int, today: dt.date) -> QuerySet:
    return (
        Claim.objects.live()
        .filter(
            member_id=member_pk,
            job__season_id=season_pk,
            job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
            job__date__gte=today,
        )
        .order_by("job__date", "job__starts_at")
        .values_list("status", "job_id", "job__date", "job__starts_at", *SERVICE_NAME)[
            :UPCOMING_JOBS
        ]
    )


def member_counts(member_pk: int, head_start: HeadStart, today: dt.date) -> tuple[int, int]:
    """``(hours to log, open jobs)`` of the member's panel, in one query:

    - how many of the member's jobs of the season have started by ``head_start.now``, with
      the member on the team, and wait for their hours (the count ``services.dashboard``
      gives the leaders' figures too);
    - the jobs of the board the member sees: those still in their head start count only
      for the members who see them. The board's jobs are counted by seats, the fresh ones
      apart: whether a member sees a job in its head start depends on its seats only
      (``HeadStart.includes``), read only when there are such jobs."""
    now = head_start.now
    day = timezone.localtime(now).date()
    query = _member_counts_query(
        head_start.season.pk, today, day, head_start.enabled, connection.vendor
    )
    # ``_INSTANT`` stands for the moment after which a job is in its head start.
    instant = head_start.started_after() if head_start.enabled else None
    rows = query.rows(now, instant, member=member_pk)
    to_log = count = 0
    for seats, jobs, fresh_jobs in rows:
        if seats == _HOURS_TO_LOG:
            to_log = jobs
            continue
        count += jobs - fresh_jobs
        if fresh_jobs and head_start.includes(member_pk, seats):
            count += fresh_jobs
    return to_log, count


# The row of the hours to log among the board's counts by seats (no job has no seat).
_HOURS_TO_LOG = -1


@functools.lru_cache(maxsize=16)
def _member_counts_query(
    season_pk: int, today: dt.date, day: dt.date, by_seats: bool, _vendor: str
) -> AtNow:
    """``(_HOURS_TO_LOG, the member's claims waiting for their hours, 0)``, then the board's
    jobs (``services.queries.work.on_the_board``) counted by seats, with those created after
    ``_INSTANT`` apart when ``by_seats`` (0 otherwise)."""
    number = IntegerField()
    # Started by now, as ``services.dashboard._started`` says for the leaders' figures.
    started = Q(job__date__lt=day) | Q(job__date=day, job__starts_at__lte=_TIME)
    claims = (
        Claim.objects.filter(
            started,
            member_id=VIEWER,
            job__season_id=season_pk,
            status=ClaimStatus.APPROVED,
            job__status__in=WORKED_JOBS,
            timesheet__isnull=True,
        )
        .order_by()
        .annotate(
            kind=Value(_HOURS_TO_LOG, output_field=number),
            n=Func(F("pk"), function="COUNT", output_field=number),
            none=Value(0, output_field=number),
        )
        .values_list("kind", "n", "none")
    )
    fresh = Count("pk", filter=Q(created_at__gt=_INSTANT)) if by_seats else Value(0, number)
    board = (
        Job.objects.filter(on_the_board(today, _stand_in_now(day)), season_id=season_pk)
        .order_by()
        .values_list("seats")
        .annotate(jobs=Count("pk"), fresh_jobs=fresh)
    )
    return AtNow.of(claims.union(board, all=True))


# Every status of a request (``RequestStatus.values`` makes its list anew at each call).
REQUEST_STATUSES = tuple(RequestStatus.values)


def request_counts(season_pk: int) -> dict[str, int]:
    """``{status: count}`` of the season's requests for every status (zeros included), as
    ``ServiceRequestQuerySet.status_counts`` counts them, from SQL built once per season."""
    counts = dict.fromkeys(REQUEST_STATUSES, 0)
    for status, count in _request_counts_query(season_pk, connection.vendor).rows():
        counts[status] = count
    return counts


@functools.lru_cache(maxsize=16)
def _request_counts_query(season_pk: int, _vendor: str) -> CompiledQuery:
    return CompiledQuery.of_columns(
        ServiceRequest.objects.filter(season_id=season_pk).counted_by_status()
    )


def team_counts(
    season_pk: int, today: dt.date, now: dt.datetime, *, approve: bool, validate: bool
) -> dict[str, int]:
    """``claims_waiting`` (pending claims on active jobs from ``today`` on) and
    ``hours_waiting`` (approved claims of jobs started by ``now`` whose hours are not
    validated), each only when asked (``leader_counts``)."""
    if not (approve or validate):
        return {}
    return leader_counts(season_pk, today, now, approve=approve, validate=validate)[0]


# The parts of the leaders' counts query: the claims' counts, the requests by status.
_CLAIMS, _REQUESTS = 0, 1


def leader_counts(
    season_pk: int, today: dt.date, now: dt.datetime, *, approve: bool, validate: bool
) -> tuple[dict[str, int], dict[str, int]]:
    """The leaders' counts, in one query: ``team_counts``' (each only when asked) and the
    requests by status (``request_counts``).

    The claims' counts are grouped by the start of the jobs of the day of ``now`` (the other
    days' claims in one group): whether such a job has started depends on the time, the other
    days' on the day only, so the SQL is the same all day and the time is compared here."""
    local = timezone.localtime(now)
    query = _leader_counts_query(season_pk, today, local.date(), connection.vendor)
    time = local.time()
    claims = hours = 0
    requests = dict.fromkeys(REQUEST_STATUSES, 0)
    for part, starts, status, first, second in query.rows():
        if part == _REQUESTS:
            requests[status] = first
            continue
        claims += first
        if starts is None or starts <= time:
            hours += second
    team = ({"claims_waiting": claims} if approve else {}) | (
        {"hours_waiting": hours} if validate else {}
    )
    return team, requests


@functools.lru_cache(maxsize=32)
def _leader_counts_query(
    season_pk: int, today: dt.date, day: dt.date, vendor: str
) -> CompiledQuery:
    """Its rows: the part (``_CLAIMS`` or ``_REQUESTS``), the start of the job when it is on
    ``day`` (None otherwise), the request's status, then the claims to approve and the hours
    to validate, or the requests of that status and 0."""
    claims = (
        Claim.objects.filter(job__season_id=season_pk)
        .annotate(
            part=Value(_CLAIMS),
            starts=Case(When(job__date=day, then=F("job__starts_at"))),
            request_status=Value(None, output_field=CharField()),
        )
        .values("part", "starts", "request_status")
        .annotate(
            first=Count(
                "pk",
                filter=Q(
                    status=ClaimStatus.PENDING,
                    job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
                    job__date__gte=today,
                ),
            ),
            # Jobs up to ``day`` included: those of ``day`` are sorted out by their start.
            second=Count(
                "pk",
                filter=Q(
                    status=ClaimStatus.APPROVED,
                    job__status__in=WORKED_JOBS,
                    job__date__lte=day,
                    timesheet__validated_at__isnull=True,
                ),
            ),
        )
        .order_by()
    )
    requests = (
        ServiceRequest.objects.filter(season_id=season_pk)
        .annotate(
            part=Value(_REQUESTS),
            starts=Value(None, output_field=TimeField()),
            request_status=F("status"),
        )
        .values("part", "starts", "request_status")
        # COUNT(*): from the (season, status) index alone (``status_counts``).
        .annotate(first=Count("*"), second=Value(0))
        .order_by()
    )
    return CompiledQuery.of_columns(claims.union(requests, all=True))


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
    return _upcoming_jobs_of(upcoming_job_rows(season_pk, today))


def upcoming_job_rows(season_pk: int, today: dt.date) -> tuple[tuple, ...]:
    """The rows of the next active jobs (``upcoming_jobs``) as the query reads them."""
    return tuple(_upcoming_jobs_query(season_pk, today, connection.vendor).rows())


def kept_upcoming_job_items(rows: tuple[tuple, ...]) -> SafeString:
    """The list items of ``upcoming_job_rows`` (``upcoming_job_items``), written once per
    process for each rows read, language and script prefix (``cjs.kept``)."""
    return _kept_items(rows, get_script_prefix())


@kept_by_text()
def _kept_items(rows: tuple[tuple, ...], _prefix: str) -> SafeString:
    return upcoming_job_items(_upcoming_jobs_of(rows))


def _upcoming_jobs_of(rows) -> list[UpcomingJob]:
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
        for pk, date, starts_at, town_name, seats, name_fr, name_en in rows
    ]


def upcoming_job_items(jobs: list[UpcomingJob]) -> SafeString:
    """The list items of the next jobs as the panel's template loop wrote them (the link
    escaped as ``{{ }}`` escapes it, the texts already escaped): ~100 Python calls a line
    fewer."""
    return mark_safe(  # every text in it is escaped
        "".join(
            '\n        <li class="list-group-item d-flex flex-wrap justify-content-between gap-2">'
            f'\n          <a href="{escape(job.url)}">{job.label}</a>'
            f'\n          <span class="text-body-secondary">{job.place}</span>'
            "\n        </li>\n      "
            for job in jobs
        )
    )


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
