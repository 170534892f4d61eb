"""The cooperative's settings (leaders) and its public page (leaders and delegates)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cjs.http import attempt
from members import actions
from members.capabilities import EDIT_PUBLIC_PAGE
from members.forms import CooperativeForm, PublicPageForm, TownFormSet
from members.models import Cooperative, Town
from members.permissions import capability_required, leader_required


def _posted_country(request: HttpRequest, cooperative: Cooperative) -> str:
    """The towns follow the postal-code format of the country being saved with them."""
    country = request.POST.get("country") or cooperative.country
    return country if country in Cooperative.Country.values else cooperative.country


@leader_required
@require_http_methods(["GET", "POST"])
def cooperative_edit(request: HttpRequest) -> HttpResponse:
    cooperative = Cooperative.load()
    form = CooperativeForm(request.POST or None, instance=cooperative)
    towns = TownFormSet(
        request.POST or None,
        queryset=Town.objects.all(),
        prefix="towns",
        form_kwargs={"country": _posted_country(request, cooperative)},
    )
    if request.method == "POST" and form.is_valid() and towns.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "apply_preset"}
        outcome = attempt(
            lambda: actions.cooperative_update(
                cooperative=cooperative,
                fields=fields,
                towns_formset=towns,
                apply_preset=form.cleaned_data["apply_preset"],
            ),
            _("The cooperative's settings are saved."),
        ).flash(request)
        if outcome:
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
