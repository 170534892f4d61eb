"""The members app's panels on the dashboards (registered in ``members.apps``, see
``cjs.dashboard``): enrolment, roles and committees, the week ahead, what leaders must act on."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest

from cjs.db import count_subquery
from members.models import (
    CommitteeMembership,
    Enrolment,
    PortfolioEntry,
    RoleAssignment,
    RotationPlan,
    Season,
    User,
)


def _week(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def member_context(request: HttpRequest, season: Season, today: dt.date) -> dict:
    """Whether I am enrolled, my roles and committees today; when enrolled, those of this week
    (Monday to Sunday) with their duties, and what keeps me from taking jobs, if anything."""
    context = {
        "enrolled": Enrolment.objects.filter(season=season, user=request.user).active().exists(),
        "my_roles": RoleAssignment.objects.filter(season=season, user=request.user)
        .on(today)
        .select_related("role"),
        "my_committees": CommitteeMembership.objects.filter(season=season, user=request.user)
        .on(today)
        .select_related("committee"),
    }
    if not context["enrolled"]:
        return context
    monday, sunday = _week(today)
    profile = request.user.member_profile
    return context | {
        "week_start": monday,
        "week_end": sunday,
        "my_week_roles": RoleAssignment.objects.filter(
            season=season, user=request.user, starts_on__lte=sunday, ends_on__gte=monday
        ).select_related("role"),
        "my_week_committees": CommitteeMembership.objects.filter(
            season=season, user=request.user, starts_on__lte=sunday, ends_on__gte=monday
        ).select_related("committee"),
        "my_clearance_problem": profile.clearance_problem_on(today) if profile else None,
    }


def leader_context(request: HttpRequest, season: Season, today: dt.date) -> dict:
    """Members enrolled, roles held today; members not cleared, portfolio entries to confirm,
    rotations to publish (one query for these three)."""
    enrolled = Enrolment.objects.filter(season=OuterRef("pk")).active()
    # Asked of the season's enrolments only: not of every member the cooperative ever had.
    not_cleared = enrolled.filter(
        Exists(User.objects.not_cleared_on(today).filter(pk=OuterRef("user_id")))
    )
    figures = (
        Season.objects.filter(pk=season.pk)
        .annotate(
            not_cleared=count_subquery(not_cleared),
            to_confirm=count_subquery(
                PortfolioEntry.objects.to_confirm().filter(
                    season=OuterRef("pk"), user__is_active=True
                )
            ),
            to_publish=count_subquery(
                RotationPlan.objects.filter(season=OuterRef("pk")).filter(
                    Q(published_at__isnull=True) | Q(changed_since_publication=True)
                )
            ),
        )
        .values("not_cleared", "to_confirm", "to_publish")
        .get()
    )
    return {
        "enrolled_count": Enrolment.objects.filter(season=season).active().count(),
        "roles_today": RoleAssignment.objects.filter(season=season)
        .on(today)
        .select_related("role", "user"),
        "members_figures": figures,
    }


def archive_summary(season: Season) -> dict:
    """How many members the summer had."""
    return {"members": Enrolment.objects.filter(season=season).count()}
