"""A resident's request, its quotes and answers, its notes and its end (declined, cancelled,
rated). Each locks the request, moves it through ``transitions.request_transition`` and
emails through ``services.notify`` (after commit).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.models import Cooperative, Season, Town, User
from services import notify
from services.actions.transitions import event_log, jobs_cancel, lock_request, request_transition
from services.models import (
    ACTIVE_JOB_STATUSES,
    EventKind,
    JobStatus,
    Pricing,
    Quote,
    QuoteStatus,
    RequestStatus,
    Satisfaction,
    Service,
    ServiceRequest,
    work_has_started,
)
from services.rules import (
    ensure_request_transition,
    ensure_season_open,
)


def request_submit(
    *,
    season: Season,
    service: Service,
    town: Town,
    form_token: uuid.UUID,
    fields: dict,
    language: str,
    cooperative: Cooperative | None = None,
) -> tuple[ServiceRequest, bool]:
    """Record a resident's request, or return the one this form already sent.

    ``form_token`` identifies the form the resident filled in: a double click, the back
    button or a second tab send it again, and the unique constraint on it keeps one request.
    ``cooperative``: the one the emails come from, when the caller has read it already (the
    request's, in the view: not read again for each of the two emails). Returns
    ``(request, created)``.
    """
    # A form sent again is found by its token when the insert fails on it (or when a check
    # refuses it): a form sent once, the flyer drop's case, costs no query to look for it.
    try:
        ensure_season_open(season)
        if not service.is_active:
            raise DomainError(_("This service is no longer offered: please choose another one."))
    except DomainError:
        existing = _sent_with(form_token)
        if existing is not None:
            return existing, False
        raise
    try:
        with transaction.atomic():
            service_request = ServiceRequest.objects.create(
                season=season,
                service=service,
                town=town,
                form_token=form_token,
                language=language,
                consented_at=timezone.now(),
                **fields,
            )
            event_log(
                service_request=service_request,
                kind=EventKind.SUBMITTED,
                by_resident=True,
                status_before=RequestStatus.NEW,
            )
            notify.request_received(service_request, cooperative=cooperative)
            notify.new_request(service_request, cooperative=cooperative)
    except IntegrityError:
        # The same form sent again, or twice at the same moment: the other submission won.
        existing = _sent_with(form_token)
        if existing is None:
            raise
        return existing, False
    return service_request, True


def _sent_with(form_token: uuid.UUID) -> ServiceRequest | None:
    return ServiceRequest.objects.filter(form_token=form_token).first()


def quote_accept(*, service_request: ServiceRequest) -> Quote:
    """The resident accepts the quote waiting for their answer."""
    with transaction.atomic():
        service_request = lock_request(service_request.pk)
        quote = _pending_quote(service_request)
        if quote.is_expired():
            raise DomainError(
                _("This quote expired on %(date)s. Ask the cooperative for a new one.")
                % {"date": date_format(quote.valid_until, "j F Y")},
                code="quote_expired",
            )
        quote.status = QuoteStatus.ACCEPTED
        quote.answered_at = timezone.now()
        quote.save(update_fields=["status", "answered_at"])
        request_transition(
            service_request=service_request,
            to=RequestStatus.ACCEPTED,
            kind=EventKind.QUOTE_ACCEPTED,
            by_resident=True,
            data={"amount": str(quote.amount)},
        )
        notify.quote_answered(quote)
    return quote


def quote_decline(*, service_request: ServiceRequest, reason: str = "") -> Quote:
    """The resident declines the quote; the request waits for a new proposal (or is cancelled
    by the resident)."""
    with transaction.atomic():
        service_request = lock_request(service_request.pk)
        quote = _pending_quote(service_request)
        quote.status = QuoteStatus.DECLINED
        quote.answered_at = timezone.now()
        quote.decline_reason = reason.strip()
        quote.save(update_fields=["status", "answered_at", "decline_reason"])
        request_transition(
            service_request=service_request,
            to=RequestStatus.NEW,
            kind=EventKind.QUOTE_DECLINED,
            by_resident=True,
            message=quote.decline_reason,
            data={"amount": str(quote.amount)},
        )
        notify.quote_answered(quote)
    return quote


def satisfaction_record(
    *,
    service_request: ServiceRequest,
    punctuality: int,
    quality: int,
    politeness: int,
    comment: str = "",
) -> Satisfaction:
    """The resident's satisfaction form, once the work is done, once."""
    scores = (punctuality, quality, politeness)
    if any(not 1 <= score <= 5 for score in scores):
        raise DomainError(_("Each mark goes from 1 to 5."))
    with transaction.atomic():
        service_request = lock_request(service_request.pk)
        ensure_season_open(service_request.season)
        if service_request.status != RequestStatus.DONE:
            raise DomainError(_("You can tell us how it went once the work is done."))
        if Satisfaction.objects.filter(request=service_request).exists():
            raise DomainError(_("Thank you, we already have your answer."), code="already_rated")
        satisfaction = Satisfaction.objects.create(
            request=service_request,
            punctuality=punctuality,
            quality=quality,
            politeness=politeness,
            comment=comment.strip(),
        )
        event_log(
            service_request=service_request,
            kind=EventKind.RATED,
            by_resident=True,
            data={"average": str(satisfaction.average)},
        )
    return satisfaction


def request_note_add(*, service_request: ServiceRequest, by: User, text: str) -> None:
    """A note in the request's history (a phone call, a visit), for the team only."""
    text = text.strip()
    if not text:
        raise DomainError(_("Write the note first."))
    with transaction.atomic():
        service_request = lock_request(service_request.pk)
        ensure_season_open(service_request.season)
        event_log(
            service_request=service_request,
            kind=EventKind.NOTE,
            actor=by,
            message=text,
            is_public=False,
        )


def quote_send(
    *,
    service_request: ServiceRequest,
    by: User,
    pricing: str,
    valid_until: dt.date,
    note: str = "",
    hours: Decimal | None = None,
    hourly_rate: Decimal | None = None,
    amount: Decimal | None = None,
) -> Quote:
    """Send the resident a quote: ``hours`` x ``hourly_rate``, or a fixed ``amount``. A quote
    still waiting for an answer is replaced by this one."""
    if pricing == Pricing.HOURLY:
        if hours is None or hours <= 0 or hourly_rate is None or hourly_rate < 0:
            raise DomainError(_("An hourly quote needs a number of hours and a rate."))
        amount = Quote.hourly_amount(hours, hourly_rate)
    else:
        if amount is None or amount < 0:
            raise DomainError(_("A fixed-price quote needs an amount."))
        hours = hourly_rate = None
    if valid_until < timezone.localdate():
        raise DomainError(_("A quote must be valid at least until today."))
    with transaction.atomic():
        service_request = lock_request(service_request.pk)
        ensure_season_open(service_request.season)
        ensure_request_transition(service_request.status, RequestStatus.QUOTED)
        service_request.quotes.filter(status=QuoteStatus.PENDING).update(
            status=QuoteStatus.REPLACED
        )
        quote = Quote.objects.create(
            request=service_request,
            pricing=pricing,
            hours=hours,
            hourly_rate=hourly_rate,
            amount=amount,
            note=note.strip(),
            valid_until=valid_until,
            created_by=by,
        )
        request_transition(
            service_request=service_request,
            to=RequestStatus.QUOTED,
            kind=EventKind.QUOTED,
            by=by,
            data={"amount": str(amount), "valid_until": valid_until.isoformat()},
        )
        notify.quote_sent(quote)
    return quote


def request_decline(*, service_request: ServiceRequest, by: User, reason: str) -> ServiceRequest:
    """The cooperative cannot take the request; the resident is told why by email."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Tell the resident why: the reason is sent by email."))
    with transaction.atomic():
        service_request = lock_request(service_request.pk)
        ensure_season_open(service_request.season)
        ensure_request_transition(service_request.status, RequestStatus.DECLINED)
        service_request.quotes.filter(status=QuoteStatus.PENDING).update(
            status=QuoteStatus.WITHDRAWN
        )
        service_request.decline_reason = reason
        service_request.save(update_fields=["decline_reason", "updated_at"])
        request_transition(
            service_request=service_request,
            to=RequestStatus.DECLINED,
            kind=EventKind.DECLINED,
            by=by,
            message=reason,
        )
        notify.request_declined(service_request)
    return service_request


def request_cancel(
    *, service_request: ServiceRequest, by: User | None = None, reason: str = ""
) -> ServiceRequest:
    """Cancel a request before the work starts: by the resident (``by`` is None) or by the
    cooperative for them. Its jobs still to do are cancelled with it."""
    by_resident = by is None
    reason = reason.strip()
    with transaction.atomic():
        service_request = lock_request(service_request.pk)
        ensure_season_open(service_request.season)
        ensure_request_transition(service_request.status, RequestStatus.CANCELLED)
        jobs = list(
            service_request.jobs.select_for_update(of=("self",)).exclude(status=JobStatus.CANCELLED)
        )
        if work_has_started(jobs):
            if by_resident:
                message = _(
                    "The work has already started, so the request can no longer be cancelled "
                    "here. Please call us."
                )
            else:
                message = _(
                    "The work has already started: cancel the jobs still to come one by one."
                )
            raise DomainError(message, code="already_started")
        service_request.quotes.filter(status=QuoteStatus.PENDING).update(
            status=QuoteStatus.WITHDRAWN
        )
        jobs_cancel(
            service_request=service_request,
            jobs=[job for job in jobs if job.status in ACTIVE_JOB_STATUSES],
            by=by,
            reason=reason,
        )
        request_transition(
            service_request=service_request,
            to=RequestStatus.CANCELLED,
            kind=EventKind.CANCELLED,
            by=by,
            by_resident=by_resident,
            message=reason,
        )
        notify.request_cancelled(service_request, by_resident=by_resident, reason=reason)
        if by_resident:
            notify.cancelled_by_resident(service_request, reason)
    return service_request


def _pending_quote(service_request: ServiceRequest) -> Quote:
    quote = service_request.quotes.filter(status=QuoteStatus.PENDING).first()
    if service_request.status != RequestStatus.QUOTED or quote is None:
        raise DomainError(_("There is no quote waiting for your answer."), code="no_quote")
    ensure_season_open(service_request.season)
    return quote
