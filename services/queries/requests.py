"""What the requests inbox and a request's page read."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from members.models import Season
from services.models import Claim, Job, Quote, QuoteStatus, RequestStatus, ServiceRequest


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
