"""Leaders' pages about one member: adding and editing, their page, dates away, credentials
and first-login link, leaving and coming back. Leaders only: these pages show minors'
personal data, which is never delegated."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cjs.http import attempt
from members import actions
from members.first_login import FIRST_LOGIN_LINK_DAYS, first_login_url
from members.forms import AbsenceForm, CredentialsForm, DeactivateForm, MemberForm
from members.models import Absence
from members.permissions import leader_required
from members.queries import member_detail_context, member_for_leader
from members.views.absences import absence_add_response, absences_response
from members.views.common import current_season_or_message

# --- Adding and editing ---------------------------------------------------------------------------


@leader_required
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest) -> HttpResponse:
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        season = current_season_or_message(request)
        if season is not None:
            outcome = attempt(
                lambda: actions.member_create(
                    details=form.details(), season=season, by=request.user
                )
            ).on_form(form)
            if outcome:
                messages.success(
                    request,
                    _("%(name)s is added. Hand them a first-login link or a credentials sheet.")
                    % {"name": outcome.value},
                )
                return redirect("members:member_detail", pk=outcome.value.pk)
    return render(request, "members/member_form.html", {"form": form, "member": None})


@leader_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_leader(pk)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            lambda: actions.member_update(user=member, details=form.details(), by=request.user),
            _("The profile of %(name)s is saved.") % {"name": member},
        ).on_form(form)
        if outcome:
            outcome.flash(request)
            return redirect("members:member_detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form, "member": member})


@leader_required
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_leader(pk)
    context = member_detail_context(member, request.season or None, timezone.localdate())
    context["absence_form"] = AbsenceForm()
    return render(request, "members/member_detail.html", context)


@leader_required
@require_POST
def member_absence_add(request: HttpRequest, pk: int) -> HttpResponse:
    return absence_add_response(request, member_for_leader(pk), "members:member_detail")


@leader_required
@require_POST
def member_absence_delete(request: HttpRequest, pk: int, absence_pk: int) -> HttpResponse:
    member = member_for_leader(pk)
    actions.absence_delete(absence=get_object_or_404(Absence, pk=absence_pk, user=member))
    return absences_response(request, member, AbsenceForm(), None, "members:member_detail")


# --- First login ---------------------------------------------------------------------------------


@leader_required
@require_POST
@never_cache
def credentials_sheet(request: HttpRequest) -> HttpResponse:
    """Give the chosen members new temporary passwords and show them once, to print."""
    form = CredentialsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the members whose credentials to print."))
        return redirect("members:directory")
    issued = actions.credentials_issue(users=form.cleaned_data["members"], by=request.user)
    login_url = settings.SITE_URL + reverse("login")
    return render(request, "members/credentials.html", {"issued": issued, "login_url": login_url})


@leader_required
@require_POST
@never_cache
def first_login_link(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_leader(pk)
    if not member.is_active:
        messages.error(request, _("This member's account is deactivated."))
        return redirect("members:member_detail", pk=member.pk)
    url = first_login_url(member)
    if request.POST.get("send") and member.email:
        actions.first_login_link_send(user=member, url=url)
        messages.success(request, _("The link was sent to %(email)s.") % {"email": member.email})
        return redirect("members:member_detail", pk=member.pk)
    return render(
        request,
        "members/first_login_link.html",
        {"member": member, "url": url, "days": FIRST_LOGIN_LINK_DAYS},
    )


# --- Leaving -------------------------------------------------------------------------------------


@leader_required
@require_http_methods(["GET", "POST"])
def member_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_leader(pk)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            lambda: actions.member_deactivate(
                user=member, on=form.cleaned_data["left_on"], by=request.user
            ),
            _("%(name)s has left the cooperative.") % {"name": member},
        ).on_form(form)
        if outcome:
            outcome.flash(request)
            if outcome.value:
                messages.warning(
                    request,
                    _("%(count)d seats of the rotation are free: re-plan the rotation.")
                    % {"count": outcome.value},
                )
            return redirect("members:member_detail", pk=member.pk)
    return render(request, "members/member_deactivate.html", {"member": member, "form": form})


@leader_required
@require_POST
def member_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_leader(pk)
    season = current_season_or_message(request)
    if season is not None:
        attempt(
            lambda: actions.member_reactivate(user=member, season=season, by=request.user),
            _("%(name)s is back in the cooperative.") % {"name": member},
        ).flash(request)
    return redirect("members:member_detail", pk=member.pk)
