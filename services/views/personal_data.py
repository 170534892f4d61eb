"""A resident's data (RGPD): the readable page and the JSON download of everything held about
them (all their requests), for the resident through their private link and for the leaders,
and the leaders' erasure."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cjs.http import attempt
from members.permissions import leader_required
from members.views.personal_data import personal_data_response
from services import actions
from services.models import ServiceRequest
from services.queries import resident_personal_data
from services.views.public import resident_view
from services.views.requests import get_request


@leader_required
@never_cache
@require_GET
def resident_data(request: HttpRequest, pk: int, as_json: bool = False) -> HttpResponse:
    service_request = get_request(pk)
    context = {
        "json_url": reverse("services:resident_data_json", args=[pk]),
        "back_url": service_request.get_absolute_url(),
        "erase_url": ""
        if service_request.anonymised_at
        else reverse("services:resident_erase", args=[pk]),
    }
    data = resident_personal_data(service_request)
    return personal_data_response(request, data, as_json=as_json, context=context)


@leader_required
@require_http_methods(["GET", "POST"])
def resident_erase(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request(pk)
    back_url = service_request.get_absolute_url()
    if request.method == "POST":
        outcome = attempt(
            lambda: actions.resident_erase(request=service_request, by=request.user),
            _("The resident's personal data was erased."),
        ).flash(request)
        return redirect(back_url if outcome else request.path)
    context = {"subject": service_request.full_name, "back_url": back_url, "kind": "resident"}
    return render(request, "members/personal_data_erase.html", context)


def _resident_response(request: HttpRequest, service_request: ServiceRequest, as_json: bool):
    context = {
        "json_url": reverse("services:track_data_json", args=[service_request.token]),
        "back_url": service_request.get_tracking_url(),
    }
    data = resident_personal_data(service_request)
    return personal_data_response(request, data, as_json=as_json, context=context)


@require_GET
@resident_view
def track_data(request: HttpRequest, service_request: ServiceRequest) -> HttpResponse:
    return _resident_response(request, service_request, as_json=False)


@require_GET
@resident_view
def track_data_json(request: HttpRequest, service_request: ServiceRequest) -> HttpResponse:
    return _resident_response(request, service_request, as_json=True)
