from __future__ import annotations

import importlib
import importlib.util

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
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
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers and the back office ask for /favicon.ico whatever the page declares."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


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


# Each app may add panels to the dashboards: a ``<app>/dashboard.py`` module with
# ``leader_context(request, season, today) -> dict`` and/or
# ``member_context(request, season, today) -> dict`` (called only when a season exists), and
# an include line in templates/dashboard/_leader_panels.html or _member_panels.html.
DASHBOARD_APPS = ["members", "services", "governance"]


def _app_dashboard_context(kind: str, request: HttpRequest, season, today) -> dict:
    context: dict = {}
    for app in DASHBOARD_APPS:
        name = f"{app}.dashboard"
        if importlib.util.find_spec(name) is None:
            continue
        provider = getattr(importlib.import_module(name), f"{kind}_context", None)
        if provider is not None:
            context.update(provider(request, season, today))
    return context


def season_summary(season) -> dict:
    """What a finished summer amounts to, for the leaders looking at its archive (a fixed
    number of queries: one per figure)."""
    from django.db.models import Avg, ExpressionWrapper, F, Sum
    from django.db.models import DecimalField as DecimalOutput

    from governance.models import Meeting, Motion
    from services.models import (
        Job,
        JobStatus,
        RequestStatus,
        Satisfaction,
        ServiceRequest,
        Timesheet,
    )

    validated = Timesheet.objects.filter(claim__job__season=season, validated_at__isnull=False)
    money = validated.aggregate(
        total_hours=Sum("hours"),
        total_earned=Sum(
            ExpressionWrapper(
                F("hours") * F("claim__job__hourly_rate"),
                output_field=DecimalOutput(max_digits=12, decimal_places=2),
            )
        ),
    )
    ratings = Satisfaction.objects.filter(request__season=season).aggregate(
        punctuality=Avg("punctuality"), quality=Avg("quality"), politeness=Avg("politeness")
    )
    scores = [value for value in ratings.values() if value is not None]
    return {
        "members": Enrolment.objects.filter(season=season).count(),
        "requests": ServiceRequest.objects.filter(season=season).count(),
        "requests_done": ServiceRequest.objects.filter(
            season=season, status=RequestStatus.DONE
        ).count(),
        "jobs_done": Job.objects.filter(season=season, status=JobStatus.DONE).count(),
        "hours": money["total_hours"] or 0,
        "earned": money["total_earned"] or 0,
        "rating": round(sum(scores) / len(scores), 1) if scores else None,
        "meetings": Meeting.objects.filter(season=season, status=Meeting.Status.CLOSED).count(),
        "decisions": Motion.objects.filter(
            item__meeting__season=season, status=Motion.Status.ADOPTED
        ).count(),
    }


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The page after login: what the leader or the member needs today (for an archived
    season, what that summer amounted to)."""
    season = request.season or None
    today = timezone.localdate()
    context = {"today": today}
    if request.user.is_leader and season and season.is_archived:
        context["summary"] = season_summary(season)
        return render(request, "dashboard/archive.html", context)
    if request.user.is_leader:
        template = "dashboard/leader.html"
        if season:
            context["enrolled_count"] = Enrolment.objects.filter(season=season).active().count()
            context["roles_today"] = (
                RoleAssignment.objects.filter(season=season)
                .on(today)
                .select_related("role", "user")
            )
            context.update(_app_dashboard_context("leader", request, season, today))
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
            if context["enrolled"]:
                context.update(_app_dashboard_context("member", request, season, today))
    return render(request, template, context)
