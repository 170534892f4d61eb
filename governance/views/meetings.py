"""A meeting's life: the list, planning and changing it, its page and live panel, convening,
opening and closing it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cjs.http import attempt, attempt_and_redirect
from governance import actions
from governance.access import can_chair, can_plan, meeting_for, permissions, require, season_for
from governance.capabilities import PLAN_MEETINGS, RUN_CONSULTATIONS
from governance.forms import MeetingForm
from governance.queries import (
    convocation_page,
    live_context,
    meeting_list_page,
    meeting_page,
)
from governance.views.common import back_to, form_page, meeting_url
from members.permissions import request_can


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    season = season_for(request)
    page = meeting_list_page(user=request.user, season=season, now=timezone.now())
    return render(
        request,
        "governance/meeting_list.html",
        {
            **page,
            "can_plan": request_can(request, PLAN_MEETINGS),
            "can_consult": request_can(request, RUN_CONSULTATIONS),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    season = season_for(request)
    require(can_plan(request))

    def save(data: dict) -> HttpResponse:
        fields = ("kind", "committee", "title", "starts_at", "place", "chair", "secretary")
        meeting = actions.meeting_create(
            season=season,
            template=data["template"],
            by=request.user,
            **{name: data[name] for name in fields},
        )
        return back_to(meeting)

    return form_page(
        request,
        MeetingForm(request.POST or None, season=season),
        save=save,
        heading=_("Plan a meeting"),
        back=reverse("governance:meeting_list"),
        success=_("The meeting is planned."),
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_plan(request, meeting))

    def save(data: dict) -> HttpResponse:
        fields = ("title", "starts_at", "place", "chair", "secretary")
        actions.meeting_update(
            meeting=meeting, fields={name: data[name] for name in fields}, by=request.user
        )
        return back_to(meeting)

    return form_page(
        request,
        MeetingForm(request.POST or None, season=meeting.season, meeting=meeting),
        save=save,
        heading=_("Change the meeting"),
        back=meeting_url(meeting),
        success=_("The meeting is updated."),
    )


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    perms = permissions(request, meeting)
    page = meeting_page(meeting, request.user, can_plan=perms["can_plan"])
    return render(request, "governance/meeting_detail.html", {**page, **perms})


@require_GET
def meeting_live(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    return render(
        request,
        "governance/meeting_detail.html#live",
        {"meeting": meeting, **live_context(meeting, request.user)},
    )


@require_POST
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_plan(request, meeting))
    outcome = attempt(lambda: actions.meeting_convene(meeting=meeting, by=request.user))
    if outcome.flash(request):
        sent = outcome.value
        count = len(sent.reached)
        messages.success(
            request, _("Convocation sent by email to %(count)d members.") % {"count": count}
        )
        if sent.unreached:
            names = sent.unreached_names()
            messages.warning(
                request,
                _("Not reached by email, hand them the printable convocation: %(names)s.")
                % {"names": names},
            )
    return back_to(meeting)


@require_GET
def meeting_convocation(request: HttpRequest, pk: int) -> HttpResponse:
    """The convocation to print, for members the email did not reach (and their dashboard)."""
    meeting = meeting_for(request, pk)
    context = {**convocation_page(meeting), "can_plan": can_plan(request, meeting)}
    return render(request, "governance/convocation.html", context)


@require_POST
def minutes_approval_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_plan(request, meeting))
    return attempt_and_redirect(
        request,
        lambda: actions.minutes_approval_add(meeting=meeting, by=request.user),
        success=_("The approval of the previous minutes is on the agenda."),
        then=meeting_url(meeting, "agenda"),
    )


@require_POST
def meeting_open(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_chair(request, meeting))
    if attempt(
        lambda: actions.meeting_open(meeting=meeting, by=request.user),
        _("The meeting is open. Take the attendance first."),
    ).flash(request):
        return redirect("governance:attendance", pk=meeting.pk)
    return back_to(meeting)


@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_chair(request, meeting))
    return attempt_and_redirect(
        request,
        lambda: actions.meeting_close(meeting=meeting, by=request.user),
        success=_("The meeting is closed."),
        then=meeting_url(meeting),
    )
