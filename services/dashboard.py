"""The services panels of the dashboards (see ``cjs.views.dashboard``): requests, the
teams to approve, the hours to validate, and each member's jobs."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, DecimalField, ExpressionWrapper, F, OuterRef, Q, Sum
from django.http import HttpRequest
from django.utils import timezone

from cjs.db import count_subquery
from members.models import Season
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
)
from services.queries import understaffed_jobs

UPCOMING_JOBS = 5


def _request_counts(season) -> dict[str, int]:
    return ServiceRequest.objects.filter(season=season).status_counts()


def _started(now: dt.datetime) -> Q:
    """Claims whose job has started by ``now``."""
    local = timezone.localtime(now)
    return Q(job__date__lt=local.date()) | Q(
        job__date=local.date(), job__starts_at__lte=local.time()
    )


def _figures(request: HttpRequest, season, today, held) -> dict:
    """Every count of the jobs panels in one query (a subquery each): claims to approve and
    hours to validate for those who may, open jobs and hours to log for a member."""
    now = timezone.now()
    live_jobs = (JobStatus.OPEN, JobStatus.STAFFED)
    worked_jobs = (JobStatus.OPEN, JobStatus.STAFFED, JobStatus.DONE)
    counts = {}
    if APPROVE_CLAIMS in held:
        counts["claims_waiting"] = count_subquery(
            Claim.objects.filter(
                status=ClaimStatus.PENDING,
                job__season=OuterRef("pk"),
                job__status__in=live_jobs,
                job__date__gte=today,
            )
        )
    if VALIDATE_HOURS in held:
        counts["hours_waiting"] = count_subquery(
            Claim.objects.approved()
            .filter(job__season=OuterRef("pk"), job__status__in=worked_jobs)
            .filter(_started(now))
            .exclude(timesheet__validated_at__isnull=False)
        )
    head_start = queries.HeadStart(request.cooperative, season, now)
    board = Job.objects.filter(queries.on_the_board(today, now))
    fresh = board.filter(created_at__gt=head_start.started_after())
    if request.user.is_member:
        # The jobs still in their head start count only for the members who see them: they
        # are counted apart, and read only when there are some.
        if head_start.enabled:
            counts["fresh_jobs_count"] = count_subquery(fresh.filter(season=OuterRef("pk")))
            board = board.exclude(created_at__gt=head_start.started_after())
        counts["open_jobs_count"] = count_subquery(board.filter(season=OuterRef("pk")))
        counts["hours_to_log"] = count_subquery(
            Claim.objects.approved()
            .filter(member=request.user, job__season=OuterRef("pk"), job__status__in=worked_jobs)
            .filter(_started(now))
            .filter(timesheet__isnull=True)
        )
    if not counts:
        return {}
    figures = Season.objects.filter(pk=season.pk).annotate(**counts).values(*counts).get()
    if figures.pop("fresh_jobs_count", 0):
        jobs = fresh.filter(season=season).only("seats", "created_at")
        figures["open_jobs_count"] += sum(head_start.shows(job, request.user.pk) for job in jobs)
    return figures


def _team_figures(request: HttpRequest, season, today, held) -> dict:
    figures = _figures(request, season, today, held)
    if APPROVE_CLAIMS in held:
        figures["understaffed"] = understaffed_jobs(season)
    return figures


def _my_jobs(request: HttpRequest, season, today) -> dict:
    """A member's next jobs (the counts come with ``_figures``)."""
    mine = list(
        Claim.objects.live()
        .filter(
            member=request.user,
            job__season=season,
            job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
            job__date__gte=today,
        )
        .select_related("job__service")
        .order_by("job__date", "job__starts_at")[:UPCOMING_JOBS]
    )
    return {"my_next_claims": mine}


def leader_context(request: HttpRequest, season, today) -> dict:
    return {
        **_team_figures(request, season, today, capabilities_for(request)),
        "request_counts": _request_counts(season),
        "upcoming_jobs": list(
            Job.objects.filter(season=season)
            .upcoming(today)
            .select_related("service")[:UPCOMING_JOBS]
        ),
    }


def member_context(request: HttpRequest, season, today) -> dict:
    """Members holding a delegated capability on requests see what waits for them."""
    held = capabilities_for(request)
    todo = []
    context = {**_my_jobs(request, season, today), **_team_figures(request, season, today, held)}
    if not held & {ANSWER_REQUESTS, QUOTE_REQUESTS, PLAN_JOBS}:
        return context
    counts = _request_counts(season)
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
