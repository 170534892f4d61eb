"""Attendance and proxies: the chair's or secretary's sheet, a member giving their own proxy."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cjs.http import attempt
from governance import actions
from governance.access import can_take_attendance, meeting_for, permissions, require
from governance.forms import OwnProxyForm, ProxyForm
from governance.models import Meeting, Proxy
from governance.queries import attendance_page, meeting_members
from governance.views.common import back_to


def _sheet(request: HttpRequest, meeting: Meeting) -> dict:
    return {
        **attendance_page(meeting),
        "proxy_form": ProxyForm(members=meeting_members(meeting)),
        **permissions(request, meeting),
    }


@require_GET
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_take_attendance(request, meeting))
    return render(request, "governance/attendance.html", _sheet(request, meeting))


@require_POST
def attendance_set(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_take_attendance(request, meeting))
    user = get_object_or_404(meeting_members(meeting), pk=user_pk)
    status = request.POST.get("status", "")
    attempt(
        lambda: actions.attendance_set(meeting=meeting, user=user, status=status, by=request.user)
    ).flash(request)
    if request.htmx:
        return render(request, "governance/attendance.html#roster", _sheet(request, meeting))
    return redirect("governance:attendance", pk=meeting.pk)


@require_POST
def proxy_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_take_attendance(request, meeting))
    form = ProxyForm(request.POST, members=meeting_members(meeting))
    if form.is_valid():
        attempt(
            lambda: actions.proxy_give(meeting=meeting, by=request.user, **form.cleaned_data),
            _("The proxy is recorded."),
        ).flash(request)
    else:
        messages.error(request, _("Choose both members."))
    return redirect("governance:attendance", pk=meeting.pk)


@require_POST
def proxy_give_own(request: HttpRequest, pk: int) -> HttpResponse:
    """A member who cannot come gives their proxy from their phone."""
    meeting = meeting_for(request, pk)
    members = meeting_members(meeting)
    require(members.filter(pk=request.user.pk).exists())
    form = OwnProxyForm(request.POST, members=members.exclude(pk=request.user.pk))
    if form.is_valid():
        holder = form.cleaned_data["holder"]
        attempt(
            lambda: actions.proxy_give(
                meeting=meeting, giver=request.user, holder=holder, by=request.user
            ),
            _("%(name)s will vote in your name.") % {"name": holder},
        ).flash(request)
    return back_to(meeting)


@require_POST
def proxy_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    proxy = get_object_or_404(Proxy, pk=pk)
    meeting = meeting_for(request, proxy.meeting_id)
    require(can_take_attendance(request, meeting) or proxy.giver_id == request.user.pk)
    attempt(lambda: actions.proxy_revoke(proxy=proxy, by=request.user)).flash(request)
    if proxy.giver_id == request.user.pk and not can_take_attendance(request, meeting):
        return back_to(meeting)
    return redirect("governance:attendance", pk=meeting.pk)
