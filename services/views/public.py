"""Residents' pages: no account, the request form and the private tracking link."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cjs import ratelimit
from cjs.http import Outcome, attempt, attempt_and_redirect
from members.models import Season
from members.queries import served_town_rows
from services import actions, queries
from services.forms import ReasonForm, RequestForm, SatisfactionForm
from services.models import RequestStatus, ServiceRequest
from services.queries import request_by_token, tracking_page
from services.tracking import tracking_panels
from services.views.common import posted_reason

logger = logging.getLogger(__name__)

# Each client (IP address) may send the form this many times an hour; a resident correcting
# a mistake or asking for two services stays far below.
RATE_LIMIT = 10
RATE_WINDOW = 3600

# The forms this browser sent (their tokens, signed): a form sent again from the same browser
# (double click, back button) leads back to its request; the same token from anywhere else
# gets a neutral answer, never someone else's tracking link.
SENT_COOKIE = "cjs_sent_forms"
SENT_REMEMBERED = 5
SENT_MAX_AGE = 24 * 3600


def _private(response: HttpResponse) -> HttpResponse:
    """Pages reached through a tracking link stay out of search engines and shared caches."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _not_found(request: HttpRequest) -> HttpResponse:
    """The same answer for every unknown token: it says what to do and reveals nothing."""
    return _private(render(request, "services/track_not_found.html", status=404))


def _too_many(request: HttpRequest) -> HttpResponse | None:
    """The page saying when the form reopens, once a client sent it too often."""
    client = ratelimit.client_address(request)
    if not ratelimit.hit("request-form", client, limit=RATE_LIMIT, window=RATE_WINDOW):
        return None
    wait = ratelimit.seconds_left(RATE_WINDOW)
    reopens = timezone.localtime() + dt.timedelta(seconds=wait)
    response = render(request, "services/too_many_requests.html", {"reopens": reopens}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _current_season(request: HttpRequest) -> Season | None:
    """The season requests go to: the current one, which is the request's own season (read
    anyway by the page) unless a leader is looking at an archived one."""
    season = request.season or None
    if season is not None and not season.is_current:
        return Season.objects.current()
    return season


def _blank_page(request: HttpRequest) -> HttpResponse:
    """The blank form, ``?service=<slug>`` chosen beforehand: the page writes it once per
    process for the facts read here (``request_form.html``), only the tokens are each
    resident's. The form itself is built only if something reads it."""
    catalogue = queries.offered_services()
    slug = request.GET.get("service", "")
    facts = {
        "catalogue": catalogue,
        "service": next((row[0] for row in catalogue if row[1] == slug), None) if slug else None,
        "today": timezone.localdate(),
        "form_token": uuid.uuid4(),
    }
    blank = functools.partial(RequestForm.blank, cooperative=request.cooperative, **facts)
    context = {**facts, "blank": True, "towns": served_town_rows(), "form": SimpleLazyObject(blank)}
    return render(request, "services/request_form.html", context)


def _submit(request: HttpRequest, season: Season, form: RequestForm) -> Outcome:
    return attempt(
        lambda: actions.request_submit(
            season=season,
            service=form.cleaned_data["service"],
            town=form.town,
            form_token=form.cleaned_data["form_token"],
            fields=form.request_fields(),
            language=request.LANGUAGE_CODE,
            cooperative=request.cooperative,
        )
    ).on_form(form)


def _sent_from_here(request: HttpRequest) -> list[str]:
    value = request.get_signed_cookie(SENT_COOKIE, default="", max_age=SENT_MAX_AGE)
    return [token for token in value.split(",") if token]


def _after_submit(request: HttpRequest, outcome: Outcome, form_token: uuid.UUID) -> HttpResponse:
    """The thanks page of the request this form created; for a form sent again, the same
    page only from the browser that sent it first."""
    service_request, created = outcome.value
    sent = _sent_from_here(request)
    if not created and str(form_token) not in sent:
        logger.info("A form token was sent again from another browser; no link given")
        return render(request, "services/request_already_sent.html")
    response = redirect("services:request_thanks", token=service_request.token)
    remembered = [str(form_token), *(token for token in sent if token != str(form_token))]
    response.set_signed_cookie(
        SENT_COOKIE,
        ",".join(remembered[:SENT_REMEMBERED]),
        max_age=SENT_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _explain_refused(request: HttpRequest, form: RequestForm) -> None:
    if form.honeypot_filled:
        logger.info("Request form honeypot filled in; nothing recorded")
    else:
        # A resident correcting a mistake is not abusing the form: only what was sent counts.
        client = ratelimit.client_address(request)
        ratelimit.refund("request-form", client, window=RATE_WINDOW)
    if "form_token" in form.errors:
        # A form sent without its token (an old page): give it a fresh one.
        form.data = form.data.copy()
        form.data["form_token"] = str(uuid.uuid4())
        del form.errors["form_token"]
        form.add_error(None, _("This page was too old. Check the form and send it again."))


@login_not_required
@require_http_methods(["GET", "POST"])
@never_cache
def request_create(request: HttpRequest) -> HttpResponse:
    season = _current_season(request)
    if season is None:
        return render(request, "services/request_closed.html")
    if request.method != "POST":
        return _blank_page(request)
    if (refused := _too_many(request)) is not None:
        return refused
    form = RequestForm(request.POST, cooperative=request.cooperative)
    if form.is_valid() and (outcome := _submit(request, season, form)).ok:
        return _after_submit(request, outcome, form.cleaned_data["form_token"])
    _explain_refused(request, form)
    return render(
        request, "services/request_form.html", {"form": form, "towns": served_town_rows()}
    )


@login_not_required
@require_GET
@never_cache
def request_thanks(request: HttpRequest, token: str) -> HttpResponse:
    service_request = request_by_token(token)
    if service_request is None:
        return _not_found(request)
    return _private(
        render(request, "services/request_thanks.html", {"service_request": service_request})
    )


def _track_page(
    request: HttpRequest,
    service_request: ServiceRequest,
    satisfaction_form: SatisfactionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = tracking_page(service_request)
    done = service_request.status == RequestStatus.DONE
    context = {
        **page,
        "satisfaction_form": (satisfaction_form or SatisfactionForm())
        if done and not page["satisfaction"] and not page["read_only"]
        else None,
        "decline_form": ReasonForm(required=False, label=_("Why? (optional)")),
        "panels": tracking_panels(request, service_request),
    }
    return _private(render(request, "services/track.html", context, status=status))


def resident_view(view: Callable) -> Callable:
    """A public page of one request, reached through its tracking token: the view gets the
    request, an unknown token gets the 404 page."""

    @login_not_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        service_request = request_by_token(token)
        if service_request is None:
            return _not_found(request)
        return view(request, service_request)

    return wrapper


@require_GET
@resident_view
def track(request: HttpRequest, service_request: ServiceRequest) -> HttpResponse:
    return _track_page(request, service_request)


@require_POST
@resident_view
def track_accept(request: HttpRequest, service_request: ServiceRequest) -> HttpResponse:
    return attempt_and_redirect(
        request,
        lambda: actions.quote_accept(service_request=service_request),
        success=_("Thank you! The quote is accepted: we will send you the date soon."),
        then=service_request.get_tracking_url(),
    )


@require_POST
@resident_view
def track_decline(request: HttpRequest, service_request: ServiceRequest) -> HttpResponse:
    return attempt_and_redirect(
        request,
        lambda: actions.quote_decline(
            service_request=service_request, reason=posted_reason(request)
        ),
        success=_(
            "You declined the quote. The cooperative may get back to you with another "
            "proposal; if you no longer need the service, you can cancel your request."
        ),
        then=service_request.get_tracking_url(),
        level=messages.INFO,
    )


@require_POST
@resident_view
def track_cancel(request: HttpRequest, service_request: ServiceRequest) -> HttpResponse:
    return attempt_and_redirect(
        request,
        lambda: actions.request_cancel(
            service_request=service_request, reason=posted_reason(request)
        ),
        success=_("Your request is cancelled. We hope to help you another time."),
        then=service_request.get_tracking_url(),
        level=messages.INFO,
    )


@require_POST
@resident_view
def track_rate(request: HttpRequest, service_request: ServiceRequest) -> HttpResponse:
    form = SatisfactionForm(request.POST)
    if not form.is_valid():
        return _track_page(request, service_request, satisfaction_form=form, status=400)
    return attempt_and_redirect(
        request,
        lambda: actions.satisfaction_record(service_request=service_request, **form.cleaned_data),
        success=_("Thank you for your answer! It helps the young members."),
        then=service_request.get_tracking_url(),
    )


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy policy; the retention periods are the ones ``apply_retention`` applies."""
    context = {
        "resident_months": settings.RETENTION_RESIDENT_MONTHS,
        "member_seasons": settings.RETENTION_MEMBER_SEASONS,
        "security_log_days": settings.RETENTION_SECURITY_LOG_DAYS,
    }
    return render(request, "services/privacy.html", context)
