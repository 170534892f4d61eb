"""The services panels of the dashboards (see ``cjs.views.dashboard``): requests, the
teams to approve, the hours to validate, and each member's jobs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Avg, Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.http import HttpRequest
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from cjs.kept import kept_by_text
from cjs.links import pk_url
from members.permissions import capabilities_for
from services import queries
from services.capabilities import (
    ANSWER_REQUESTS,
    APPROVE_CLAIMS,
    PLAN_JOBS,
    QUOTE_REQUESTS,
    VALIDATE_HOURS,
)
from services.models import (
    Claim,
    ClaimStatus,
    Job,
    JobStatus,
    RequestStatus,
    Satisfaction,
    ServiceRequest,
    Timesheet,
    localized,
)
from services.queries import dashboard as panel_queries
from services.queries import short_team_rows
from services.queries.dashboard import UPCOMING_JOBS, WORKED_JOBS  # noqa: F401 (read here)

# What the panels show of a job's service: its name in either language.
SERVICE_NAME = ("job__service__name_fr", "job__service__name_en")


def _request_counts(season) -> dict[str, int]:
    return ServiceRequest.objects.filter(season=season).status_counts()


def _started(now: dt.datetime) -> Q:
    """Claims whose job has started by ``now``."""
    local = timezone.localtime(now)
    return Q(job__date__lt=local.date()) | Q(
        job__date=local.date(), job__starts_at__lte=local.time()
    )


def _figures(request: HttpRequest, season, today, held) -> dict:
    """Every count of the jobs panels: claims to approve and hours to validate for those who
    may, hours to log for a member, counted together over the season's claims (one query),
    and for a member the open jobs of the board (one more). Conditional counts over one
    table cost far less to build than a subquery each."""
    now = timezone.now()
    claims = {}
    if APPROVE_CLAIMS in held:
        claims["claims_waiting"] = Count(
            "pk",
            filter=Q(
                status=ClaimStatus.PENDING,
                job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
                job__date__gte=today,
            ),
        )
    worked = Q(status=ClaimStatus.APPROVED, job__status__in=WORKED_JOBS) & _started(now)
    if VALIDATE_HOURS in held:
        claims["hours_waiting"] = Count(
            "pk", filter=worked & Q(timesheet__validated_at__isnull=True)
        )
    if request.user.is_member:
        claims["hours_to_log"] = Count(
            "pk", filter=worked & Q(member=request.user, timesheet__isnull=True)
        )
    figures = Claim.objects.filter(job__season=season).aggregate(**claims) if claims else {}
    if request.user.is_member:
        figures["open_jobs_count"] = _open_jobs_count(request, season, today, now)
    return figures


def _open_jobs_count(request: HttpRequest, season, today, now) -> int:
    """The jobs of the board the member sees: those still in their head start count only
    for the members who see them. One query counts the board's jobs by seats, the fresh
    ones apart: whether a member sees a job in its head start depends on its seats only
    (``HeadStart.includes``), read only when there are such jobs."""
    head_start = queries.HeadStart(request.cooperative, season, now)
    board = Job.objects.filter(queries.on_the_board(today, now), season=season)
    if not head_start.enabled:
        return board.count()
    fresh = Q(created_at__gt=head_start.started_after())
    count = 0
    for seats, jobs, fresh_jobs in (
        board.values_list("seats")
        .annotate(jobs=Count("pk"), fresh_jobs=Count("pk", filter=fresh))
        .order_by()
    ):
        count += jobs - fresh_jobs
        if fresh_jobs and head_start.includes(request.user.pk, seats):
            count += fresh_jobs
    return count


def _team_figures(request: HttpRequest, season, today, held) -> dict:
    return _figures(request, season, today, held) | _short_teams(season, held)


def _short_teams(season, held) -> dict:
    """The teams panel's section of the teams incomplete within 48 hours, for those who
    approve claims (empty for the others)."""
    rows = short_team_rows(season) if APPROVE_CLAIMS in held else ()
    return {"understaffed_section": understaffed_section(rows)}


def understaffed_section(rows: tuple[tuple, ...]) -> SafeString:
    """services/_understaffed.html of ``rows`` (``short_team_rows``), written once per
    process for each rows' text, language and script prefix (``cjs.kept``)."""
    return _understaffed_section(rows, get_script_prefix())


@kept_by_text()
def _understaffed_section(rows: tuple, _prefix: str) -> SafeString:
    jobs = [
        SimpleNamespace(
            pk=pk,
            date=date,
            starts_at=starts_at,
            service=SimpleNamespace(name=name),
            town_name=town_name,
            missing=missing,
            replacements_open=replacements_open,
        )
        for pk, date, starts_at, name, town_name, missing, replacements_open in rows
    ]
    return mark_safe(get_template("services/_understaffed.html").render({"understaffed": jobs}))


@dataclass(frozen=True)
class NextJob:
    """A line of the member's next jobs: the link to the job, its day, time and service as
    the panel writes them, and whether the member is on its team (or waits)."""

    url: str
    label: str
    approved: bool


def _my_jobs(request: HttpRequest, season, today) -> dict:
    """A member's next jobs (the counts come with ``_member_figures``), read as the columns
    the panel writes (no claim, job or service instances, from SQL built once per season and
    day, the member's id a parameter) and their links made from one reverse."""
    link = pk_url("services:job_detail")
    mine = []
    for status, job_id, date, starts_at, name_fr, name_en in panel_queries.next_claims(
        request.user.pk, season.pk, today
    ):
        mine.append(
            NextJob(
                url=link(job_id),
                label=f"{queries.formatted(date, 'D j N')} {queries.formatted(starts_at, 'H:i')}"
                f" · {localized(name_fr, name_en)}",
                approved=status == ClaimStatus.APPROVED,
            )
        )
    return {"my_next_claims": mine}


def leader_context(request: HttpRequest, season, today) -> dict:
    """The teams panel's counts and the short teams, the requests by status and the next
    jobs, each read by a query compiled once per season and day
    (``services.queries.dashboard``)."""
    held = capabilities_for(request)
    if request.user.is_member:  # a member's figures too (``_figures``)
        figures = _team_figures(request, season, today, held)
        requests = panel_queries.request_counts(season.pk)
    else:
        figures, requests = panel_queries.leader_counts(
            season.pk,
            today,
            timezone.now(),
            approve=APPROVE_CLAIMS in held,
            validate=VALIDATE_HOURS in held,
        )
        figures |= _short_teams(season, held)
    upcoming = panel_queries.upcoming_job_rows(season.pk, today)
    return {
        **figures,
        "request_counts": requests,
        "upcoming_jobs": upcoming,
        "upcoming_job_items": panel_queries.kept_upcoming_job_items(upcoming),
    }


def _member_figures(request: HttpRequest, season, today, held) -> dict:
    """The counts of a member's panels: those of the team panel, as the leaders', for a member
    who approves claims or validates hours; otherwise the jobs whose hours they have to log
    and the board's open jobs they see, from SQL built once per season and day
    (``services.queries.dashboard``)."""
    if held & {APPROVE_CLAIMS, VALIDATE_HOURS} or not request.user.is_member:
        return _team_figures(request, season, today, held)
    now = timezone.now()
    head_start = queries.HeadStart(request.cooperative, season, now)
    to_log, open_jobs = panel_queries.member_counts(request.user.pk, head_start, today)
    return {"hours_to_log": to_log, "open_jobs_count": open_jobs}


def member_context(request: HttpRequest, season, today) -> dict:
    """Members holding a delegated capability on requests see what waits for them."""
    held = capabilities_for(request)
    todo = []
    context = {
        **_my_jobs(request, season, today),
        **_member_figures(request, season, today, held),
    }
    if not held & {ANSWER_REQUESTS, QUOTE_REQUESTS, PLAN_JOBS}:
        return context
    counts = panel_queries.request_counts(season.pk)
    if ANSWER_REQUESTS in held or QUOTE_REQUESTS in held:
        todo.append((RequestStatus.NEW, counts[RequestStatus.NEW]))
    if PLAN_JOBS in held:
        todo.append((RequestStatus.ACCEPTED, counts[RequestStatus.ACCEPTED]))
    return {**context, "requests_todo": todo}


def archive_summary(season) -> dict:
    """What the summer's services amounted to: requests (and how many were done), jobs done,
    validated hours and what they earned, the residents' average rating (one query each)."""
    validated = Timesheet.objects.filter(claim__job__season=season, validated_at__isnull=False)
    money = validated.aggregate(
        total_hours=Sum("hours"),
        total_earned=Sum(
            ExpressionWrapper(
                F("hours") * F("claim__job__hourly_rate"),
                output_field=DecimalField(max_digits=12, decimal_places=2),
            )
        ),
    )
    ratings = Satisfaction.objects.filter(request__season=season).aggregate(
        punctuality=Avg("punctuality"), quality=Avg("quality"), politeness=Avg("politeness")
    )
    scores = [value for value in ratings.values() if value is not None]
    requests = ServiceRequest.objects.filter(season=season)
    return {
        "requests": requests.count(),
        "requests_done": requests.filter(status=RequestStatus.DONE).count(),
        "jobs_done": Job.objects.filter(season=season, status=JobStatus.DONE).count(),
        "hours": money["total_hours"] or 0,
        "earned": money["total_earned"] or 0,
        "rating": round(sum(scores) / len(scores), 1) if scores else None,
    }
