from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from cjs.errors import DomainError
from members import actions
from members.capabilities import EDIT_PUBLIC_PAGE
from members.forms import (
    CooperativeForm,
    NewPasswordChangeForm,
    PublicPageForm,
    SeasonStartForm,
    TownFormSet,
)
from members.middleware import SEASON_SESSION_KEY
from members.models import Committee, Cooperative, PermissionGrant, Role, Season, Town
from members.permissions import all_capabilities, capability_required, leader_required


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, which also lifts the "must change password" flag of a first login, and
    refuses the current password as the new one."""

    template_name = "registration/password_change_form.html"
    form_class = NewPasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        return response


@leader_required
@require_http_methods(["GET", "POST"])
def cooperative_edit(request: HttpRequest) -> HttpResponse:
    cooperative = Cooperative.load()
    form = CooperativeForm(request.POST or None, instance=cooperative)
    # The towns follow the postal-code format of the country being saved with them.
    country = request.POST.get("country") or cooperative.country
    if country not in Cooperative.Country.values:
        country = cooperative.country
    towns = TownFormSet(
        request.POST or None,
        queryset=Town.objects.all(),
        prefix="towns",
        form_kwargs={"country": country},
    )
    if request.method == "POST" and form.is_valid() and towns.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "apply_preset"}
        try:
            actions.cooperative_update(
                cooperative=cooperative,
                fields=fields,
                towns_formset=towns,
                apply_preset=form.cleaned_data["apply_preset"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The cooperative's settings are saved."))
            return redirect("members:cooperative_edit")
    return render(request, "members/cooperative_form.html", {"form": form, "towns": towns})


@capability_required(EDIT_PUBLIC_PAGE)
@require_http_methods(["GET", "POST"])
def public_page_edit(request: HttpRequest) -> HttpResponse:
    form = PublicPageForm(request.POST or None, instance=Cooperative.load())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The public page is updated."))
        return redirect("home")
    return render(request, "members/public_page_form.html", {"form": form})


@leader_required
@require_http_methods(["GET"])
def season_list(request: HttpRequest) -> HttpResponse:
    seasons = Season.objects.annotate(
        members=Count("enrolments", filter=Q(enrolments__left_on__isnull=True), distinct=True)
    )
    return render(request, "members/season_list.html", {"seasons": seasons})


@leader_required
@require_http_methods(["GET", "POST"])
def season_start(request: HttpRequest) -> HttpResponse:
    previous = Season.objects.current()
    form = SeasonStartForm(request.POST or None, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            season = actions.season_start(
                year=form.cleaned_data["year"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                returning=form.cleaned_data.get("returning", []),
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            request.session.pop(SEASON_SESSION_KEY, None)
            messages.success(request, _("%(season)s has started.") % {"season": season})
            return redirect("members:season_list")
    return render(request, "members/season_start.html", {"form": form, "previous": previous})


@leader_required
@require_POST
def season_view(request: HttpRequest, year: int) -> HttpResponse:
    """Look at an archived season (read-only), or back at the current one."""
    season = get_object_or_404(Season, year=year)
    if season.is_current:
        request.session.pop(SEASON_SESSION_KEY, None)
    else:
        # The banner on every page says it is an archive: no flash message on top of it.
        request.session[SEASON_SESSION_KEY] = season.year
    return redirect("dashboard")


@leader_required
@require_http_methods(["GET", "POST"])
def grants_edit(request: HttpRequest) -> HttpResponse:
    committees = list(Committee.objects.all())
    roles = list(Role.objects.select_related("committee"))
    if request.method == "POST":
        wanted = set()
        for value in request.POST.getlist("grant"):
            code, kind, pk = ([*value.split(":", 2), "", ""])[:3]
            if pk.isdigit():
                wanted.add((code, kind, int(pk)))
        try:
            added, removed = actions.grants_replace(wanted=wanted, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            granted_text = ngettext("%(count)d granted", "%(count)d granted", added) % {
                "count": added
            }
            withdrawn_text = ngettext("%(count)d withdrawn", "%(count)d withdrawn", removed) % {
                "count": removed
            }
            messages.success(
                request,
                _("Delegations saved: %(granted)s, %(withdrawn)s.")
                % {"granted": granted_text, "withdrawn": withdrawn_text},
            )
            return redirect("members:grants_edit")
    granted = {
        f"{g.capability}:{'committee' if g.committee_id else 'role'}:{g.committee_id or g.role_id}"
        for g in PermissionGrant.objects.all()
    }

    def cells(code: str, kind: str, holders: list) -> list[dict]:
        return [
            {
                "value": f"{code}:{kind}:{holder.pk}",
                "holder": holder,
                "checked": f"{code}:{kind}:{holder.pk}" in granted,
            }
            for holder in holders
        ]

    rows = [
        {
            "capability": capability,
            "committees": cells(capability.code, "committee", committees),
            "roles": cells(capability.code, "role", roles),
        }
        for capability in all_capabilities()
    ]
    return render(request, "members/grants_form.html", {"rows": rows})
