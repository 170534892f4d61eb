"""The seasons (leaders): the list, starting a new one, looking at an archived one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cjs.http import attempt
from members import actions
from members.forms import SeasonStartForm
from members.middleware import SEASON_SESSION_KEY
from members.models import Season
from members.permissions import leader_required
from members.queries import seasons_with_member_counts


@leader_required
@require_http_methods(["GET"])
def season_list(request: HttpRequest) -> HttpResponse:
    return render(request, "members/season_list.html", {"seasons": seasons_with_member_counts()})


@leader_required
@require_http_methods(["GET", "POST"])
def season_start(request: HttpRequest) -> HttpResponse:
    previous = Season.objects.current()
    form = SeasonStartForm(request.POST or None, previous=previous)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: actions.season_start(
                year=data["year"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                returning=data.get("returning", []),
                by=request.user,
            )
        ).on_form(form)
        if outcome:
            request.session.pop(SEASON_SESSION_KEY, None)
            messages.success(request, _("%(season)s has started.") % {"season": outcome.value})
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
