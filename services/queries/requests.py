"""What the requests inbox, a request's page and the resident's tracking page read."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass

from django.db.models import FilteredRelation, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import gettext as _

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
    localized,
)

# What a row of the inbox shows of a request, read as columns (a page has 25 rows: model
# instances of the requests and their services cost more than the rest of the page).
INBOX_COLUMNS = (
    "pk",
    "first_name",
    "last_name",
    "town_name",
    "status",
    "service__name_fr",
    "service__name_en",
    "description",
    "created_at",
    "wished_from",
    "quote_lapsed",
    "quote_declined",
)
# A row's description is cut at this length (with an ellipsis).
SUMMARY_CHARS = 90


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

    def ordered(self) -> QuerySet:
        """The rows, newest first, as tuples of ``INBOX_COLUMNS`` (see ``inbox_rows``)."""
        return (
            self.requests.with_lapsed_quote()
            .with_declined_quote()
            .order_by("-created_at", "-pk")
            .values_list(*INBOX_COLUMNS)
        )


@dataclass(frozen=True, slots=True)
class InboxRow:
    """A request as the inbox lists it, its texts ready to print."""

    pk: int
    first_name: str
    last_name: str
    town_name: str
    status: str
    service_name: str
    summary: str
    # "Received <date> · wished from <date>", translated, its dates escaped.
    received: SafeString
    quote_lapsed: bool
    quote_declined: bool

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def summary(text: str) -> str:
    """``text`` cut as the ``truncatechars:90`` filter cuts it. The filter looks at each
    character in turn (combining accents do not count); a text too short to be cut, or
    without any accent, is answered without it."""
    text = unicodedata.normalize("NFC", text)
    if len(text) <= SUMMARY_CHARS:
        return text
    if text.isascii():
        return add_truncation_text(text[: calculate_truncate_chars_length(SUMMARY_CHARS, None)])
    return Truncator(text).chars(SUMMARY_CHARS)


@functools.lru_cache(maxsize=1024)
def _day_month(day: dt.date, language: str | None) -> str:
    return date_format(day, "j N")


def day_month(day: dt.date) -> str:
    """``day`` as the ``date:"j N"`` filter writes it (a page lists the same days again and
    again: written once per process, day and language)."""
    return _day_month(day, translation.get_language())


def _received_at(moment: dt.datetime) -> str:
    """``moment`` as ``date:"j N, H:i"`` writes it in the current time zone, escaped."""
    local = timezone.localtime(moment)
    return conditional_escape(f"{day_month(local.date())}, {local:%H:%M}")


def inbox_rows(rows) -> list[InboxRow]:
    """The rows of one page of ``Inbox.ordered()``. The line of dates says what the template's
    ``blocktranslate`` said (same message, same date formats, the time in the current time
    zone, the dates escaped), translated once for the page instead of once a row."""
    received = _("Received %(date)s · wished from %(wished)s")
    return [
        InboxRow(
            pk=pk,
            first_name=first,
            last_name=last,
            town_name=town,
            status=status,
            service_name=localized(name_fr, name_en),
            summary=summary(text),
            received=mark_safe(  # the dates are escaped
                received
                % {"date": _received_at(at), "wished": conditional_escape(day_month(wished))}
            ),
            quote_lapsed=lapsed,
            quote_declined=declined,
        )
        for (
            pk,
            first,
            last,
            town,
            status,
            name_fr,
            name_en,
            text,
            at,
            wished,
            lapsed,
            declined,
        ) in rows
    ]


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
