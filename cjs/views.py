from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from members.models import CommitteeMembership, Enrolment, RoleAssignment, Town


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The residents' page: who the cooperative is, where it works, how to ask for help."""
    return render(request, "home.html", {"towns": Town.objects.all()})


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise (for load balancers and uptime checks)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The page after login: what the leader or the member needs today."""
    season = request.season or None
    today = timezone.localdate()
    context = {"today": today}
    if request.user.is_leader:
        template = "dashboard/leader.html"
        if season:
            context["enrolled_count"] = Enrolment.objects.filter(season=season).active().count()
            context["roles_today"] = (
                RoleAssignment.objects.filter(season=season)
                .on(today)
                .select_related("role", "user")
            )
    else:
        template = "dashboard/member.html"
        if season:
            context["enrolled"] = (
                Enrolment.objects.filter(season=season, user=request.user).active().exists()
            )
            context["my_roles"] = (
                RoleAssignment.objects.filter(season=season, user=request.user)
                .on(today)
                .select_related("role")
            )
            context["my_committees"] = (
                CommitteeMembership.objects.filter(season=season, user=request.user)
                .on(today)
                .select_related("committee")
            )
    return render(request, template, context)
