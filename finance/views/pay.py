"""What the members' work brought in: each member's own validated jobs, and everyone's for
the leaders (names with figures of minors stay with the leaders), with how evenly the work
was spread."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from finance import queries_pay
from members.permissions import leader_required, member_required


@member_required
@require_GET
def my_pay(request: HttpRequest) -> HttpResponse:
    season = request.season or None
    page = queries_pay.member_pay(request.user, season) if season else None
    return render(request, "finance/my_pay.html", {"page": page, "season": season})


@leader_required
@require_GET
def team_pay(request: HttpRequest) -> HttpResponse:
    season = request.season or None
    page = queries_pay.team_pay(season) if season else None
    return render(request, "finance/team_pay.html", {"page": page, "season": season})
