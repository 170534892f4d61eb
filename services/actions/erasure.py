"""RGPD for services: a resident's erasure (at their request) and retention (their contact
data 12 months after their last job), and what a member's erasure means here.

A resident has no account: they are every request sent with the same email address. Their
requests, jobs, quotes and hours stay (the members' hours and the season's totals point at
them); their name, contact, address and own words go. Issued invoices are finance's and keep
their legal copy; finance registers ``register_resident_eraser`` for its drafts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.models import User
from members.rules import scrub_names
from services.models import (
    CalendarFeed,
    Claim,
    Job,
    Quote,
    RequestEvent,
    Satisfaction,
    ServiceRequest,
    Timesheet,
)
from services.models.catalogue import new_tracking_token
from services.models.requests import CLOSED_STATUSES
from services.queries.personal_data import resident_requests

# Stored as is: what every page and document shows of the resident from now on.
ERASED_RESIDENT = ("Résident", "effacé")

ResidentEraser = Callable[[list[int]], None]
_resident_erasers: list[ResidentEraser] = []


def register_resident_eraser(eraser: ResidentEraser) -> None:
    """``eraser(request_ids)`` forgets the resident in another app (finance: draft invoices)."""
    if eraser not in _resident_erasers:
        _resident_erasers.append(eraser)


def resident_erase(*, request: ServiceRequest, by: User, now: dt.datetime | None = None) -> int:
    """Anonymise the resident who sent ``request`` (all their requests). Refused while one
    of them is still open: the work needs the address. Returns the number of requests."""
    with transaction.atomic():
        requests = list(resident_requests(request).select_for_update().order_by("pk"))
        if all(r.anonymised_at is not None for r in requests):
            raise DomainError(_("This resident's data was already erased."))
        if any(not r.is_closed for r in requests):
            raise DomainError(
                _("This resident has a request still open: close or cancel it first."),
                code="open",
            )
        forget_residents(requests, now or timezone.now())
    return len(requests)


def forget_residents(requests: list[ServiceRequest], now: dt.datetime) -> None:
    """Clear the resident's identity from ``requests`` (locked by the caller) and from what
    hangs on them."""
    names = _identity_of(requests)
    replacement = " ".join(ERASED_RESIDENT)
    ids = [r.pk for r in requests]
    for r in requests:
        r.first_name, r.last_name = ERASED_RESIDENT
        r.email = r.phone = r.address = r.description = r.decline_reason = ""
        r.token = new_tracking_token()  # the old private link leads nowhere
        r.anonymised_at = now
        r.save()
    Job.objects.filter(request_id__in=ids).update(address="", notes="")
    Quote.objects.filter(request_id__in=ids).update(decline_reason="")
    Satisfaction.objects.filter(request_id__in=ids).update(comment="")
    RequestEvent.objects.filter(request_id__in=ids, by_resident=True).update(message="", data={})
    events = RequestEvent.objects.filter(request_id__in=ids, by_resident=False)
    _scrub(events, ("message",), names, replacement)
    _scrub(Quote.objects.filter(request_id__in=ids), ("note",), names, replacement)
    for eraser in _resident_erasers:
        eraser(ids)


def _identity_of(requests: Iterable[ServiceRequest]) -> set[str]:
    names: set[str] = set()
    for r in requests:
        names |= {r.full_name, r.last_name, r.email, r.phone, r.address}
    return {n for n in names if n and n != " ".join(ERASED_RESIDENT)}


def _scrub(queryset, fields: tuple[str, ...], names: Iterable[str], replacement: str) -> None:
    """Replace ``names`` in ``fields`` of the rows of ``queryset`` that mention one."""
    names = [name for name in names if len(name.strip()) >= 2]
    if not names:
        return
    mentions = Q()
    for field in fields:
        for name in names:
            mentions |= Q(**{f"{field}__icontains": name})
    for row in queryset.filter(mentions).only("pk", *fields):
        changed = [
            f for f in fields if scrub_names(getattr(row, f), names, replacement) != getattr(row, f)
        ]
        for f in changed:
            setattr(row, f, scrub_names(getattr(row, f), names, replacement))
        if changed:
            row.save(update_fields=changed)


def scrub_member(user: User, names: list[str]) -> None:
    """A member is erased (``members.actions.member_erase``): their calendar link dies and
    their name leaves the free texts of services. Their places and hours stay."""
    CalendarFeed.objects.filter(user=user).delete()
    replacement = str(user)
    _scrub(RequestEvent.objects.all(), ("message",), names, replacement)
    _scrub(Claim.objects.all(), ("decision_note",), names, replacement)
    _scrub(Timesheet.objects.all(), ("note",), names, replacement)


def resident_last_activity(rows: Iterable[dict]) -> dict[str, tuple[bool, dt.date]]:
    """``{email: (all requests closed, last job or change)}`` from request rows."""
    residents: dict[str, list] = defaultdict(lambda: [True, dt.date.min])
    for row in rows:
        resident = residents[row["email"].lower()]
        resident[0] = resident[0] and row["status"] in CLOSED_STATUSES
        last = row["last_job"] or timezone.localdate(row["status_changed_at"])
        resident[1] = max(resident[1], last)
    return {email: (closed, last) for email, (closed, last) in residents.items()}


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def apply_resident_retention(now: dt.datetime, dry_run: bool) -> list[str]:
    """The retention step (``members.retention``): a resident whose requests are all closed
    and whose last job is more than ``RETENTION_RESIDENT_MONTHS`` old is forgotten."""
    cutoff = months_before(timezone.localdate(now), settings.RETENTION_RESIDENT_MONTHS)
    rows = (
        ServiceRequest.objects.filter(anonymised_at__isnull=True)
        .exclude(email="")
        .annotate(last_job=Max("jobs__date"))
        .values("email", "status", "last_job", "status_changed_at")
    )
    expired = [
        email
        for email, (closed, last) in resident_last_activity(rows).items()
        if closed and last < cutoff
    ]
    lines = []
    for email in sorted(expired):
        with transaction.atomic():
            requests = list(
                ServiceRequest.objects.filter(email__iexact=email, anonymised_at__isnull=True)
                .select_for_update()
                .order_by("pk")
            )
            lines.append(f"resident of {len(requests)} request(s): contact data forgotten")
            if not dry_run:
                forget_residents(requests, now)
    return lines
