"""The services panels of the dashboards (see ``cjs.views.dashboard``)."""

from __future__ import annotations

from django.http import HttpRequest

from members.permissions import capabilities_for
from services.capabilities import ANSWER_REQUESTS, PLAN_JOBS, QUOTE_REQUESTS
from services.models import Job, RequestStatus, ServiceRequest

UPCOMING_JOBS = 5


def _request_counts(season) -> dict[str, int]:
    return ServiceRequest.objects.filter(season=season).status_counts()


def leader_context(request: HttpRequest, season, today) -> dict:
    return {
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
    if not held & {ANSWER_REQUESTS, QUOTE_REQUESTS, PLAN_JOBS}:
        return {}
    counts = _request_counts(season)
    if ANSWER_REQUESTS in held or QUOTE_REQUESTS in held:
        todo.append((RequestStatus.NEW, counts[RequestStatus.NEW]))
    if PLAN_JOBS in held:
        todo.append((RequestStatus.ACCEPTED, counts[RequestStatus.ACCEPTED]))
    return {"requests_todo": todo}
