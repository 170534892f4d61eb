"""The members' own pages: profile, dates away, skills portfolio, attestation, the published
rotation, and the first-login link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cjs.http import attempt, attempt_and_redirect
from members import actions
from members.first_login import user_for_token
from members.forms import AbsenceForm, MyProfileForm, PortfolioEntryForm
from members.models import Absence, PortfolioEntry, User
from members.permissions import member_required
from members.planning import periods_left_out, published_grids
from members.queries import member_with_profile, own_portfolio_entries
from members.views.absences import absence_add_response, absences_response
from members.views.portfolio import render_attestation


def _me(request: HttpRequest) -> User:
    return member_with_profile(request.user.pk)


@member_required
@require_http_methods(["GET", "POST"])
def my_profile(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = MyProfileForm(request.POST or None, user=me)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.profile_update_own(
            user=me,
            email=data["email"],
            phone=data["phone"].strip(),
            availability=data["availability"],
            skills={skill.pk for skill in data["skills"]},
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("my:profile")
    today = timezone.localdate()
    context = {
        "form": form,
        "member": me,
        "profile": me.member_profile,
        "absences": me.absences.all(),
        "absence_form": AbsenceForm(),
        "today": today,
    }
    return render(request, "members/my_profile.html", context)


@member_required
@require_POST
def my_absence_add(request: HttpRequest) -> HttpResponse:
    return absence_add_response(request, _me(request), "my:profile")


@member_required
@require_POST
def my_absence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    actions.absence_delete(absence=get_object_or_404(Absence, pk=pk, user=me))
    return absences_response(request, me, AbsenceForm(), None, "my:profile")


@require_GET
def rotation(request: HttpRequest) -> HttpResponse:
    """The published rotation of the season, for everyone in the cooperative: from the period
    running today on (what a member looks for on a phone), the earlier ones on request
    (``?earlier=1``)."""
    season = request.season or None
    today = timezone.localdate()
    earlier = request.GET.get("earlier") == "1"
    grids = (
        published_grids(season, request.user, from_day=None if earlier else today) if season else []
    )
    # Offered back when showing everything hides something.
    hideable = earlier and any(periods_left_out(grid.plan, today) for grid in grids)
    return render(
        request,
        "members/rotation_published.html",
        {"grids": grids, "today": today, "hideable": hideable},
    )


# --- Skills portfolio ---------------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def portfolio(request: HttpRequest) -> HttpResponse:
    season = request.season or None
    form = None
    if season is not None and season.is_current:
        form = PortfolioEntryForm(request.POST or None, user=request.user, season=season)
        if request.method == "POST" and form.is_valid():
            outcome = attempt(
                lambda: actions.portfolio_entry_save(
                    user=request.user, season=season, details=form.details()
                ),
                _("Added to your skills portfolio."),
            ).on_form(form)
            if outcome:
                outcome.flash(request)
                return redirect("my:portfolio")
    entries = own_portfolio_entries(request.user)
    return render(request, "members/portfolio.html", {"form": form, "entries": entries})


def _own_entry(request: HttpRequest, pk: int) -> PortfolioEntry:
    return get_object_or_404(
        PortfolioEntry.objects.select_related("season"), pk=pk, user=request.user
    )


@member_required
@require_http_methods(["GET", "POST"])
def portfolio_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    if entry.is_confirmed:
        messages.error(request, _("A confirmed entry can no longer be changed."))
        return redirect("my:portfolio")
    form = PortfolioEntryForm(
        request.POST or None, user=request.user, season=entry.season, entry=entry
    )
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            lambda: actions.portfolio_entry_save(
                user=request.user, season=entry.season, details=form.details(), entry=entry
            ),
            _("The entry is saved."),
        ).on_form(form)
        if outcome:
            outcome.flash(request)
            return redirect("my:portfolio")
    return render(request, "members/portfolio_form.html", {"form": form, "entry": entry})


@member_required
@require_POST
def portfolio_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    return attempt_and_redirect(
        request,
        lambda: actions.portfolio_entry_delete(entry=entry, user=request.user),
        success=_("The entry is deleted."),
        then=reverse("my:portfolio"),
    )


@member_required
@require_GET
def my_attestation(request: HttpRequest) -> HttpResponse:
    return render_attestation(request, request.user, pdf_url=reverse("my:attestation_pdf"))


@member_required
@require_GET
def my_attestation_pdf(request: HttpRequest) -> HttpResponse:
    return render_attestation(request, request.user, pdf_url="", as_pdf=True)


# --- First login -----------------------------------------------------------------------------


@login_not_required
@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def first_login(request: HttpRequest, token: str) -> HttpResponse:
    user = user_for_token(token)
    if user is None:
        return render(request, "members/first_login_invalid.html", status=404)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.first_login_complete(user=user, password=form.cleaned_data["new_password1"])
        user.refresh_from_db()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your password is saved."))
        return redirect("dashboard")
    return render(request, "members/first_login.html", {"form": form, "member": user})
