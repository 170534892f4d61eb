"""The requests inbox and the request pages, for leaders and the members they delegate to."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cjs.http import Outcome, attempt, attempt_and_redirect
from members.permissions import capabilities_for, capability_required
from services import actions, queries
from services.capabilities import (
    ANSWER_REQUESTS,
    APPROVE_CLAIMS,
    PLAN_JOBS,
    QUOTE_REQUESTS,
    REQUEST_INBOX,
)
from services.forms import InboxFilterForm, NoteForm, QuoteForm, ReasonForm, options_html
from services.models import (
    Pricing,
    QuoteStatus,
    RequestStatus,
    ServiceRequest,
)
from services.rules import PLANNABLE_STATUSES, REQUEST_FLOW
from services.views.common import posted_reason

PAGE_SIZE = 25
QUOTE_VALIDITY = dt.timedelta(days=15)


# Open to the users holding any capability on requests (answer, quote or plan).
inbox_required = capability_required(*REQUEST_INBOX)


def get_request(pk: int) -> ServiceRequest:
    service_request = queries.request_by_id(pk)
    if service_request is None:
        raise Http404("No such request")
    return service_request


@inbox_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET)
    found = queries.inbox(request.season or None, form.cleaned_data if form.is_valid() else {})
    # A history restore (back button after an htmx swap) needs the whole page.
    fragment = request.htmx and not request.htmx.history_restore_request
    paginator = Paginator(found.ordered(), PAGE_SIZE)
    paginator.count = found.total  # known already
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = queries.inbox_rows(page.object_list)
    context = {
        "form": form,
        "page": page,
        "service_options": "" if fragment else options_html(form.service_options()),
        "status": found.status,
        "status_choices": [
            ("", _("All"), sum(found.counts.values())),
            *((value, label, found.counts[value]) for value, label in RequestStatus.choices),
        ],
    }
    template = "services/inbox.html#results" if fragment else "services/inbox.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _abilities(request: HttpRequest, service_request: ServiceRequest, jobs) -> dict[str, bool]:
    """What the user may do on the request's page, from their capabilities and its status."""
    status = service_request.status
    read_only = service_request.season.is_archived
    held = capabilities_for(request) if not read_only else frozenset()
    return {
        "read_only": read_only,
        "can_quote": QUOTE_REQUESTS in held and RequestStatus.QUOTED in REQUEST_FLOW[status],
        "can_plan": PLAN_JOBS in held and status in PLANNABLE_STATUSES,
        "can_change_jobs": PLAN_JOBS in held,
        "can_staff_jobs": APPROVE_CLAIMS in held,
        "can_decline": ANSWER_REQUESTS in held and RequestStatus.DECLINED in REQUEST_FLOW[status],
        "can_cancel": ANSWER_REQUESTS in held and service_request.is_cancellable(jobs),
    }


@inbox_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request(pk)
    page = queries.request_page(service_request)
    context = {
        "service_request": service_request,
        **_abilities(request, service_request, page.jobs),
        "events": page.events,
        "quotes": page.quotes,
        "pending_quote": page.pending_quote,
        "jobs": page.jobs,
        "satisfaction": page.satisfaction,
        "note_form": NoteForm(),
        # Two reason fields on one page: ids of their own (the names stay ``reason``).
        "decline_form": ReasonForm(label=_("Reason, sent to the resident"), auto_id="decline_%s"),
        "cancel_form": ReasonForm(
            required=False, label=_("Reason, sent to the resident"), auto_id="cancel_%s"
        ),
    }
    return render(request, "services/request_detail.html", context)


def _quote_form(request: HttpRequest, service_request: ServiceRequest) -> QuoteForm:
    service = service_request.service
    return QuoteForm(
        request.POST or None,
        initial={
            "pricing": service.pricing,
            "hours": service_request.estimated_hours,
            "hourly_rate": service.rate(request.cooperative.default_hourly_rate),
            "amount": service.fixed_price,
            "valid_until": timezone.localdate() + QUOTE_VALIDITY,
        },
    )


def _send_quote(request: HttpRequest, service_request: ServiceRequest, data: dict) -> Outcome:
    return attempt(
        lambda: actions.quote_send(
            service_request=service_request,
            by=request.user,
            pricing=data["pricing"],
            hours=data.get("hours"),
            hourly_rate=data.get("hourly_rate"),
            amount=data.get("amount"),
            note=data.get("note", ""),
            valid_until=data["valid_until"],
        ),
        _("The quote is sent to the resident."),
    )


@capability_required(QUOTE_REQUESTS)
@require_http_methods(["GET", "POST"])
def quote_create(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request(pk)
    form = _quote_form(request, service_request)
    if request.method == "POST" and form.is_valid():
        outcome = _send_quote(request, service_request, form.cleaned_data).on_form(form)
        if outcome.ok:
            outcome.flash(request)
            return redirect(service_request)
    context = {
        "service_request": service_request,
        "form": form,
        "pending_quote": service_request.quotes.filter(status=QuoteStatus.PENDING).first(),
        "hourly": Pricing.HOURLY,
    }
    return render(request, "services/quote_form.html", context)


@capability_required(ANSWER_REQUESTS)
@require_POST
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request(pk)
    return attempt_and_redirect(
        request,
        lambda: actions.request_decline(
            service_request=service_request, by=request.user, reason=posted_reason(request)
        ),
        success=_("The request is declined; the resident is told why."),
        then=service_request.get_absolute_url(),
    )


@capability_required(ANSWER_REQUESTS)
@require_POST
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request(pk)
    return attempt_and_redirect(
        request,
        lambda: actions.request_cancel(
            service_request=service_request, by=request.user, reason=posted_reason(request)
        ),
        success=_("The request is cancelled; the resident is told."),
        then=service_request.get_absolute_url(),
    )


@inbox_required
@require_POST
def request_note(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request(pk)
    form = NoteForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    return attempt_and_redirect(
        request,
        lambda: actions.request_note_add(
            service_request=service_request, by=request.user, text=text
        ),
        success=_("Note added."),
        then=service_request.get_absolute_url(),
    )
