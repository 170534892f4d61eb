"""The members app's panels on the dashboards (see ``cjs.views.dashboard``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest

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
    """My roles and committees this week (Monday to Sunday), with their duties, and what
    keeps me from taking jobs, if anything."""
    monday, sunday = _week(today)
    profile = request.user.member_profile
    return {
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


def _count(queryset) -> Subquery:
    """A scalar subquery counting ``queryset``'s rows, to read several counts in one query."""
    return Coalesce(
        Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")),
        0,
    )


def leader_context(request: HttpRequest, season: Season, today: dt.date) -> dict:
    """Members not cleared, portfolio entries to confirm, rotations to publish: one query."""
    enrolled = Enrolment.objects.filter(season=OuterRef("pk")).active()
    not_cleared = enrolled.filter(user__in=User.objects.not_cleared_on(today))
    figures = (
        Season.objects.filter(pk=season.pk)
        .annotate(
            not_cleared=_count(not_cleared),
            to_confirm=_count(
                PortfolioEntry.objects.to_confirm().filter(
                    season=OuterRef("pk"), user__is_active=True
                )
            ),
            to_publish=_count(
                RotationPlan.objects.filter(season=OuterRef("pk")).filter(
                    Q(published_at__isnull=True) | Q(changed_since_publication=True)
                )
            ),
        )
        .values("not_cleared", "to_confirm", "to_publish")
        .get()
    )
    return {"members_figures": figures}
