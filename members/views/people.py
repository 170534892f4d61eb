"""Leaders' pages about the members: directory, adding (one by one or by CSV), credentials,
profile, deactivation, portfolio confirmations and attestations. Leaders only: these pages
show minors' personal data, which is never delegated."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cjs.errors import DomainError
from cjs.http import safe_next
from members import actions
from members.first_login import FIRST_LOGIN_LINK_DAYS, first_login_url
from members.forms import (
    AbsenceForm,
    CredentialsForm,
    DeactivateForm,
    DirectoryFilterForm,
    ImportConfirmForm,
    ImportUploadForm,
    MemberForm,
)
from members.importing import read_members_csv, template_csv
from members.models import (
    Absence,
    CommitteeMembership,
    Enrolment,
    PortfolioEntry,
    RoleAssignment,
    Season,
    User,
)
from members.permissions import leader_required
from members.queries import attestation_context, directory_queryset, role_names


def _member_or_404(pk: int) -> User:
    return get_object_or_404(
        User.objects.members().select_related("profile").prefetch_related("member_skills"), pk=pk
    )


def _current_season_or_message(request: HttpRequest) -> Season | None:
    season = request.season or None
    if season is None:
        messages.error(request, _("Start a season first."))
    return season


# --- Directory -----------------------------------------------------------------------------------


@leader_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    season = request.season or None
    users = list(directory_queryset(filters, season, today))
    for user in users:
        user.role_names = role_names(user)
    context = {"form": form, "members": users, "today": today}
    if request.htmx and not request.htmx.boosted:
        return render(request, "members/directory.html#results", context)
    return render(request, "members/directory.html", context)


def _csv_cell(value: object) -> str:
    """Spreadsheets run cells that start like a formula: neutralise them (phone numbers such
    as +33 6... stay as they are)."""
    text = str(value)
    if text[:1] in ("=", "@", "\t", "\r") or (
        text[:1] in ("+", "-") and not text[1:].replace(" ", "").isdigit()
    ):
        return "'" + text
    return text


@leader_required
@require_GET
def directory_export(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    users = directory_queryset(filters, request.season or None, today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="membres-{today:%Y-%m-%d}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Last name"),
            _("First name"),
            _("Username"),
            _("Email"),
            _("Phone"),
            _("Age"),
            _("Cleared"),
            _("Skills"),
            _("Roles this season"),
            _("Committee now"),
            _("Validated hours"),
        ]
    )
    for user in users:
        profile = user.member_profile
        writer.writerow(
            _csv_cell(value)
            for value in [
                user.last_name,
                user.first_name,
                user.username,
                user.email,
                profile.phone if profile else "",
                "" if user.age_on(today) is None else user.age_on(today),
                _("yes") if user.is_cleared_on(today) else _("no"),
                ", ".join(held.skill.name for held in user.member_skills.all()),
                ", ".join(role_names(user)),
                ", ".join(m.committee.name for m in user.committees_now),
                user.hours_worked,
            ]
        )
    return response


# --- Adding and editing ---------------------------------------------------------------------------


@leader_required
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest) -> HttpResponse:
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        season = _current_season_or_message(request)
        if season is not None:
            try:
                user = actions.member_create(details=form.details(), season=season, by=request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s is added. Hand them a first-login link or a credentials sheet.")
                    % {"name": user},
                )
                return redirect("members:member_detail", pk=user.pk)
    return render(request, "members/member_form.html", {"form": form, "member": None})


@leader_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(pk)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            actions.member_update(user=member, details=form.details(), by=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The profile of %(name)s is saved.") % {"name": member})
            return redirect("members:member_detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form, "member": member})


@leader_required
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(pk)
    season = request.season or None
    today = timezone.localdate()
    context = {
        "member": member,
        "profile": member.member_profile,
        "is_minor": member.is_minor_on(today),
        "today": today,
        "skills": member.member_skills.select_related("skill"),
        "absences": member.absences.all(),
        "absence_form": AbsenceForm(),
        "enrolment": Enrolment.objects.filter(season=season, user=member).first()
        if season
        else None,
        "assignments": RoleAssignment.objects.filter(season=season, user=member).select_related(
            "role"
        )
        if season
        else [],
        "memberships": CommitteeMembership.objects.filter(
            season=season, user=member
        ).select_related("committee")
        if season
        else [],
        "entries": PortfolioEntry.objects.filter(user=member)
        .select_related("skill", "role", "committee", "confirmed_by", "season")
        .prefetch_related("activity"),
    }
    return render(request, "members/member_detail.html", context)


@leader_required
@require_POST
def member_absence_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(pk)
    form = AbsenceForm(request.POST)
    error = None
    if form.is_valid():
        try:
            actions.absence_add(user=member, **form.cleaned_data)
        except DomainError as exc:
            error = exc.message
        else:
            form = AbsenceForm()
    return absences_response(request, member, form, error, "members:member_detail")


@leader_required
@require_POST
def member_absence_delete(request: HttpRequest, pk: int, absence_pk: int) -> HttpResponse:
    member = _member_or_404(pk)
    actions.absence_delete(absence=get_object_or_404(Absence, pk=absence_pk, user=member))
    return absences_response(request, member, AbsenceForm(), None, "members:member_detail")


def absences_response(request, member, form, error, page: str) -> HttpResponse:
    """The list of dates away as a fragment for htmx, else back to the page."""
    if request.htmx:
        context = {
            "member": member,
            "absences": member.absences.all(),
            "absence_form": form,
            "absence_error": error,
            "leader_view": page.startswith("members:"),
        }
        return render(request, "members/_absences.html", context)
    if error or form.errors:
        messages.error(request, error or _("Check the dates away."))
    return redirect(page, pk=member.pk) if page.startswith("members:") else redirect(page)


# --- Import --------------------------------------------------------------------------------------


@leader_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("\ufeff" + template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-membres.csv"'
    return response


@leader_required
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest) -> HttpResponse:
    """Upload -> preview with every error -> confirm. The confirmation re-reads the file and
    imports all its members in one transaction, or none."""
    upload = ImportUploadForm()
    preview = None
    content = ""
    if request.method == "POST" and "file" in request.FILES:
        upload = ImportUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            content = upload.cleaned_data["file"]
            preview = read_members_csv(content)
    elif request.method == "POST":
        confirm = ImportConfirmForm(request.POST)
        if confirm.is_valid():
            content = confirm.cleaned_data["content"]
            preview = read_members_csv(content)
            season = _current_season_or_message(request)
            if preview.is_valid and season is not None:
                try:
                    created = actions.members_import(
                        rows=preview.details(), season=season, by=request.user
                    )
                except DomainError as error:
                    preview.errors.append(error.message)
                else:
                    messages.success(
                        request,
                        _("%(count)d members imported.") % {"count": len(created)},
                    )
                    return render(
                        request,
                        "members/import_done.html",
                        {"created": created, "credentials_form": CredentialsForm()},
                    )
    context = {
        "upload": upload,
        "preview": preview,
        "confirm": ImportConfirmForm(initial={"content": content}) if preview else None,
    }
    return render(request, "members/import.html", context)


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
    member = _member_or_404(pk)
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
    member = _member_or_404(pk)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            freed = actions.member_deactivate(
                user=member, on=form.cleaned_data["left_on"], by=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s has left the cooperative.") % {"name": member})
            if freed:
                messages.warning(
                    request,
                    _("%(count)d seats of the rotation are free: re-plan the rotation.")
                    % {"count": freed},
                )
            return redirect("members:member_detail", pk=member.pk)
    return render(request, "members/member_deactivate.html", {"member": member, "form": form})


@leader_required
@require_POST
def member_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(pk)
    season = _current_season_or_message(request)
    if season is not None:
        try:
            actions.member_reactivate(user=member, season=season, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s is back in the cooperative.") % {"name": member})
    return redirect("members:member_detail", pk=member.pk)


# --- Portfolio and attestation -------------------------------------------------------------------


@leader_required
@require_GET
def portfolio_queue(request: HttpRequest) -> HttpResponse:
    entries = (
        PortfolioEntry.objects.to_confirm()
        .filter(season=request.season or None, user__is_active=True)
        .select_related("user__profile", "skill", "role", "committee")
        .prefetch_related("activity")
        .order_by("happened_on", "pk")
    )
    return render(request, "members/portfolio_queue.html", {"entries": entries})


@leader_required
@require_POST
def portfolio_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(PortfolioEntry, pk=pk)
    undo = request.POST.get("undo") == "1"
    try:
        if undo:
            entry = actions.portfolio_entry_unconfirm(entry=entry, by=request.user)
        else:
            entry = actions.portfolio_entry_confirm(entry=entry, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    if request.htmx:
        entry = (
            PortfolioEntry.objects.select_related(
                "user__profile", "skill", "role", "committee", "confirmed_by"
            )
            .prefetch_related("activity")
            .get(pk=entry.pk)
        )
        context = {"entry": entry, "show_member": request.POST.get("show_member") == "1"}
        return render(request, "members/portfolio_queue.html#entry", context)
    return redirect(safe_next(request, reverse("members:portfolio_queue")))


def render_attestation(request: HttpRequest, member: User) -> HttpResponse:
    season = request.season or None
    if season is None:
        messages.error(request, _("Start a season first."))
        return redirect("dashboard")
    # The attestation is a French document, whatever the reader's language.
    with translation.override("fr"):
        return render(request, "members/attestation.html", attestation_context(member, season))


@leader_required
@require_GET
def attestation(request: HttpRequest, pk: int) -> HttpResponse:
    return render_attestation(request, _member_or_404(pk))
