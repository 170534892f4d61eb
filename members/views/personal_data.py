"""A person's data (RGPD): the readable page and the JSON download of everything held about a
member, for the member and the leaders, and the leaders' erasure of a member who left."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cjs.http import attempt
from members import actions
from members.permissions import leader_required, member_required
from members.personal_data import PersonalData
from members.queries import member_for_leader, member_personal_data


def personal_data_response(
    request: HttpRequest, data: PersonalData, *, as_json: bool, context: dict
) -> HttpResponse:
    """The JSON download (``as_json``) or the readable page of ``data``; never cached."""
    if as_json:
        response = HttpResponse(data.as_json(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="donnees-personnelles.json"'
    else:
        response = render(request, "members/personal_data.html", {"data": data, **context})
    response["Cache-Control"] = "no-store, private"
    return response


@member_required
@never_cache
@require_GET
def my_data(request: HttpRequest, as_json: bool = False) -> HttpResponse:
    data = member_personal_data(request.user)
    context = {"json_url": reverse("my:data_json"), "back_url": reverse("my:profile")}
    return personal_data_response(request, data, as_json=as_json, context=context)


@leader_required
@never_cache
@require_GET
def member_data(request: HttpRequest, pk: int, as_json: bool = False) -> HttpResponse:
    member = member_for_leader(pk)
    context = {
        "json_url": reverse("members:member_data_json", args=[pk]),
        "back_url": reverse("members:member_detail", args=[pk]),
        "erase_url": reverse("members:member_erase", args=[pk]) if not member.erased_at else "",
    }
    data = member_personal_data(member)
    return personal_data_response(request, data, as_json=as_json, context=context)


@leader_required
@require_http_methods(["GET", "POST"])
def member_erase(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_leader(pk)
    back_url = reverse("members:member_detail", args=[pk])
    if request.method == "POST":
        outcome = attempt(
            lambda: actions.member_erase(member=member, by=request.user),
            _("The member's personal data was erased."),
        ).flash(request)
        return redirect(back_url if outcome else request.path)
    context = {"subject": member, "back_url": back_url, "kind": "member"}
    return render(request, "members/personal_data_erase.html", context)
