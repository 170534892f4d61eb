"""What the requests inbox, a request's page and the resident's tracking page read."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import FilteredRelation, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from members.models import Season
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


@dataclass
class Inbox:
    """The requests of a season matching the filters, and the count of each status (which
    follow the service and the search, not the status: they label its choices)."""

    requests: QuerySet[ServiceRequest]
    counts: dict[str, int]
    status: str

    @property
    def total(self) -> int:
        return self.counts[self.status] if self.status else sum(self.counts.values())

    def ordered(self) -> QuerySet[ServiceRequest]:
        return (
            self.requests.select_related("service")
            .with_lapsed_quote()
            .with_declined_quote()
            .order_by("-created_at", "-pk")
        )


def inbox(season: Season | None, filters: dict) -> Inbox:
    status = filters.get("status") or ""
    requests = ServiceRequest.objects.filter(season=season)
    if filters.get("service"):
        requests = requests.filter(service=filters["service"])
    if filters.get("q"):
        requests = requests.search(filters["q"])
    counts = requests.status_counts()
    if status:
        requests = requests.filter(status=status)
    return Inbox(requests=requests, counts=counts, status=status)


@dataclass
class RequestPage:
    jobs: list[Job]
    quotes: list[Quote]
    satisfaction: object | None

    @property
    def pending_quote(self) -> Quote | None:
        return next((q for q in self.quotes if q.status == QuoteStatus.PENDING), None)


def request_page(service_request: ServiceRequest) -> RequestPage:
    """A request's jobs (with their live claims), its quotes and its rating."""
    jobs = list(
        service_request.jobs.prefetch_related(
            "skills",
            Prefetch(
                "claims",
                queryset=Claim.objects.live().select_related("member").order_by("status", "pk"),
                to_attr="live_claims",
            ),
        )
    )
    quotes = list(service_request.quotes.select_related("created_by"))
    rated = service_request.status == RequestStatus.DONE and hasattr(
        service_request, "satisfaction"
    )
    return RequestPage(
        jobs=jobs, quotes=quotes, satisfaction=service_request.satisfaction if rated else None
    )


def jobs_with_team(service_request: ServiceRequest) -> list:
    """The request's jobs, each with ``team_names``: the first names of the members on its
    team (the resident sees no more). One query: a row per job and team member, joined."""
    rows = service_request.jobs.annotate(
        on_team=FilteredRelation("claims", condition=Q(claims__status=ClaimStatus.APPROVED)),
        teammate=Coalesce(
            NullIf("on_team__member__first_name", Value("")), "on_team__member__username"
        ),
    ).order_by("date", "starts_at", "pk", "teammate")
    jobs: dict[int, object] = {}
    for row in rows:
        job = jobs.setdefault(row.pk, row)
        if job is row:
            job.team_names = []
        if row.teammate:
            job.team_names.append(row.teammate)
    return list(jobs.values())


def tracking_page(service_request: ServiceRequest) -> dict:
    """What the resident's tracking page reads: the public history, the quote waiting for an
    answer (or accepted, or just declined), the dates with the team's first names, whether
    the request can still be cancelled, the rating."""
    quotes = list(service_request.quotes.all())  # the latest first
    jobs = [job for job in jobs_with_team(service_request) if job.status != JobStatus.CANCELLED]
    done = service_request.status == RequestStatus.DONE
    rated = hasattr(service_request, "satisfaction") if done else False
    latest = quotes[0] if quotes else None
    return {
        "service_request": service_request,
        # A past season's request no longer changes: no button the actions would refuse.
        "read_only": service_request.season.is_archived,
        "events": service_request.events.filter(is_public=True),
        "pending_quote": next((q for q in quotes if q.status == QuoteStatus.PENDING), None),
        "accepted_quote": next((q for q in quotes if q.status == QuoteStatus.ACCEPTED), None),
        # Back to "new" after the resident said no: the page says so, and what comes next.
        "declined_quote": latest
        if service_request.status == RequestStatus.NEW
        and latest is not None
        and latest.status == QuoteStatus.DECLINED
        else None,
        "jobs": jobs,
        "can_cancel": service_request.is_cancellable(jobs),
        "satisfaction": service_request.satisfaction if rated else None,
    }
