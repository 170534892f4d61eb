"""What the requests inbox, a request's page, the request form and the resident's tracking
page read."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass

from django.db.models import (
    FilteredRelation,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import gettext as _

from cjs.db import CompiledQuery, QueryShape
from cjs.formatting import day_month
from members.models import Season
from services.models import (
    Claim,
    ClaimStatus,
    Job,
    JobStatus,
    Quote,
    QuoteStatus,
    RequestEvent,
    RequestStatus,
    Service,
    ServiceRequest,
    localized,
    search_words,
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


@dataclass(frozen=True)
class InboxFilters:
    """The inbox's filters as plain values: what its SQL depends on, and the key under which
    it is compiled once (``_compiled_counts``, ``_compiled_rows``)."""

    season_pk: int | None
    service_pk: int | None = None
    words: tuple[str, ...] = ()  # the search, as ``ServiceRequestQuerySet.search`` reads it
    status: str = ""

    def requests(self, *, with_status: bool = True) -> QuerySet[ServiceRequest]:
        requests = ServiceRequest.objects.filter(season_id=self.season_pk)
        if self.service_pk is not None:
            requests = requests.filter(service_id=self.service_pk)
        for word in self.words:
            requests = requests.filter(search_text__contains=word)
        if with_status and self.status:
            requests = requests.filter(status=self.status)
        return requests


# A leader opens the inbox many times a day with the same few filters: its two queries are
# compiled once per filters (and day, and page), then only run. A search compiles its own.
@functools.lru_cache(maxsize=256)
def _compiled_counts(filters: InboxFilters, alias: str) -> CompiledQuery:
    rows = filters.requests(with_status=False).counted_by_status()
    return CompiledQuery.of(rows.using(alias))


@functools.lru_cache(maxsize=256)
def _compiled_rows(
    filters: InboxFilters, today: dt.date, offset: int, limit: int | None, alias: str
) -> CompiledQuery:
    rows = (
        filters.requests()
        .with_lapsed_quote(today)
        .with_declined_quote()
        .order_by("-created_at", "-pk")
        .values_list(*INBOX_COLUMNS)
    )
    end = None if limit is None else offset + limit
    return CompiledQuery.of(rows[offset:end].using(alias))


class InboxRows:
    """The rows of ``Inbox``, newest first, as tuples of ``INBOX_COLUMNS``, read a slice at
    a time (what ``Paginator`` asks) by compiled SQL (see ``inbox_rows``)."""

    def __init__(self, filters: InboxFilters, total: int) -> None:
        self.filters = filters
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, part: slice) -> list[tuple]:
        if not isinstance(part, slice) or part.step is not None:
            raise TypeError("The inbox's rows are read by slices.")
        offset = part.start or 0
        limit = None if part.stop is None else max(part.stop - offset, 0)
        if limit == 0:
            return []
        alias = ServiceRequest.objects.db
        today = timezone.localdate()
        return _compiled_rows(self.filters, today, offset, limit, alias).rows()

    def __iter__(self):
        return iter(self[0:None])


@dataclass
class Inbox:
    """The requests of a season matching the filters, and the count of each status (which
    follow the service and the search, not the status: they label its choices)."""

    filters: InboxFilters
    counts: dict[str, int]

    @property
    def status(self) -> str:
        return self.filters.status

    @property
    def total(self) -> int:
        return self.counts[self.status] if self.status else sum(self.counts.values())

    def ordered(self) -> InboxRows:
        """The rows, newest first, as tuples of ``INBOX_COLUMNS`` (see ``inbox_rows``)."""
        return InboxRows(self.filters, self.total)


@dataclass(slots=True)
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


def inbox_rows(rows) -> list[InboxRow]:
    """The rows of one page of ``Inbox.ordered()``. The line of dates says what the template's
    ``blocktranslate`` said (same message, same date formats — ``date:"j N, H:i"`` in the
    current time zone for the reception — the dates escaped), translated once for the page
    instead of once a row; the language and the time zone asked once too."""
    received = _("Received %(date)s · wished from %(wished)s")
    language = translation.get_language()
    zone = timezone.get_current_timezone()
    found = []
    for pk, first, last, town, status, name_fr, name_en, text, at, wished, lapsed, declined in rows:
        local = at.astimezone(zone)
        found.append(
            InboxRow(
                pk,
                first,
                last,
                town,
                status,
                localized(name_fr, name_en, language),
                summary(text),
                mark_safe(  # the days come escaped; the times are digits
                    received
                    % {
                        "date": f"{day_month(local.date(), language)}, {local:%H:%M}",
                        "wished": day_month(wished, language),
                    }
                ),
                lapsed,
                declined,
            )
        )
    return found


def inbox(season: Season | None, filters: dict) -> Inbox:
    """The inbox of ``season`` with the filters of ``InboxFilterForm`` (cleaned)."""
    service = filters.get("service")
    found = InboxFilters(
        season_pk=season.pk if season is not None else None,
        service_pk=service.pk if service else None,
        words=tuple(search_words(filters["q"])) if filters.get("q") else (),
        status=filters.get("status") or "",
    )
    counts = dict.fromkeys(RequestStatus.values, 0)
    counts.update(_compiled_counts(found, ServiceRequest.objects.db).rows())
    return Inbox(filters=found, counts=counts)


@dataclass
class RequestPage:
    jobs: list[Job]
    quotes: list[Quote]
    events: list[RequestEvent]
    satisfaction: object | None

    @property
    def pending_quote(self) -> Quote | None:
        return next((q for q in self.quotes if q.status == QuoteStatus.PENDING), None)


# A request's page for the leaders: the same shapes of query on each view, compiled once.
_BY_ID = QueryShape(
    lambda pk: ServiceRequest.objects.select_related("service", "season", "town").filter(pk=pk),
    int,
)
_JOBS = QueryShape(lambda request_id: Job.objects.filter(request_id=request_id), int)
_QUOTES_AND_AUTHORS = QueryShape(
    lambda request_id: Quote.objects.select_related("created_by").filter(request_id=request_id),
    int,
)
_HISTORY = QueryShape(
    lambda request_id: RequestEvent.objects.select_related("actor").filter(request_id=request_id),
    int,
)


def request_by_id(pk: int) -> ServiceRequest | None:
    """A request with its service, season and town (``None`` for an unknown id)."""
    found = _BY_ID.instances(pk)
    return found[0] if found else None


def request_page(service_request: ServiceRequest) -> RequestPage:
    """A request's jobs (with their live claims), its quotes, its history and its rating."""
    jobs = _of_request(_JOBS.instances(service_request.pk), Job.request.field, service_request)
    if jobs:
        prefetch_related_objects(
            jobs,
            "skills",
            Prefetch(
                "claims",
                queryset=Claim.objects.live().select_related("member").order_by("status", "pk"),
                to_attr="live_claims",
            ),
        )
    quotes = _QUOTES_AND_AUTHORS.instances(service_request.pk)
    rated = service_request.status == RequestStatus.DONE and hasattr(
        service_request, "satisfaction"
    )
    return RequestPage(
        jobs=jobs,
        quotes=_of_request(quotes, Quote.request.field, service_request),
        events=_of_request(
            _HISTORY.instances(service_request.pk), RequestEvent.request.field, service_request
        ),
        satisfaction=service_request.satisfaction if rated else None,
    )


def _of_request(rows: list, field, service_request: ServiceRequest) -> list:
    """Rows read by the request's id, linked back to it as its related manager links them."""
    for row in rows:
        field.set_cached_value(row, service_request)
    return rows


_ACTIVE_SERVICES = QueryShape(lambda: Service.objects.active())


def active_services() -> list[Service]:
    """The catalogue residents see (``Service.objects.active()``, in its order), on the home
    page and in the request form: its SQL compiled once."""
    return _ACTIVE_SERVICES.instances()


# The catalogue's columns the request form shows: its blank page's HTML is kept for them.
_OFFERED = QueryShape(
    lambda: Service.objects.active().values_list(
        "id", "slug", "name_fr", "name_en", "pricing", "hourly_rate", "fixed_price"
    )
)


def offered_services() -> tuple[tuple, ...]:
    """The rows ``(id, slug, name_fr, name_en, pricing, hourly_rate, fixed_price)`` of
    ``active_services``, in its order: what the blank request form shows of the catalogue,
    read at each request (no instances made) so that a leader's change shows at the next."""
    return tuple(_OFFERED.rows())


# The resident's pages: each view reads the same shapes of query, compiled once per process.
_BY_TOKEN = QueryShape(
    lambda token: ServiceRequest.objects.select_related("service", "season").filter(token=token),
    str,
)
_QUOTES = QueryShape(lambda request_id: Quote.objects.filter(request_id=request_id), int)
_PUBLIC_EVENTS = QueryShape(
    lambda request_id: RequestEvent.objects.filter(request_id=request_id, is_public=True), int
)
_JOBS_WITH_TEAMMATES = QueryShape(
    lambda request_id: (
        Job.objects.filter(request_id=request_id)
        .annotate(
            on_team=FilteredRelation("claims", condition=Q(claims__status=ClaimStatus.APPROVED)),
            teammate=Coalesce(
                NullIf("on_team__member__first_name", Value("")), "on_team__member__username"
            ),
        )
        .order_by("date", "starts_at", "pk", "teammate")
    ),
    int,
)


def request_by_token(token: str) -> ServiceRequest | None:
    """The request of a tracking link (with its service and season), ``None`` for any other
    text."""
    found = _BY_TOKEN.instances(token) if token else []
    return found[0] if found else None


def jobs_with_team(service_request: ServiceRequest) -> list:
    """The request's jobs, each with ``team_names``: the first names of the members on its
    team (the resident sees no more). One query: a row per job and team member, joined."""
    rows = _of_request(
        _JOBS_WITH_TEAMMATES.instances(service_request.pk), Job.request.field, service_request
    )
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
    # The latest first.
    quotes = _of_request(
        _QUOTES.instances(service_request.pk), Quote.request.field, service_request
    )
    jobs = [job for job in jobs_with_team(service_request) if job.status != JobStatus.CANCELLED]
    done = service_request.status == RequestStatus.DONE
    rated = hasattr(service_request, "satisfaction") if done else False
    latest = quotes[0] if quotes else None
    return {
        "service_request": service_request,
        # A past season's request no longer changes: no button the actions would refuse.
        "read_only": service_request.season.is_archived,
        "events": _of_request(
            _PUBLIC_EVENTS.instances(service_request.pk),
            RequestEvent.request.field,
            service_request,
        ),
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
