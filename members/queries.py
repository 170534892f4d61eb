"""What the members' pages read: the directory, a member's page, the attestation, the
delegations grid. Every read that builds a page, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import (
    CommitteeMembership,
    Enrolment,
    MemberSkill,
    PortfolioEntry,
    RoleAssignment,
    Season,
    User,
)
from members.work_records import hours_worked, jobs_worked


def directory_queryset(filters: dict, season: Season | None, today: dt.date) -> QuerySet[User]:
    """The members matching the directory's filters, with everything its table shows loaded
    in a fixed number of queries."""
    users = User.objects.members()
    status = filters.get("status") or ""
    users = users.filter(is_active=status != "inactive")
    for word in (filters.get("q") or "").split():
        users = users.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(email__icontains=word)
            | Q(profile__phone__icontains=word)
        )
    if filters.get("skill"):
        users = users.filter(member_skills__skill=filters["skill"])
    if status == "minors":
        users = users.minors_on(today)
    elif status == "adults":
        users = users.adults_on(today)
    elif status == "not_cleared":
        users = users.not_cleared_on(today)
    users = users.distinct().order_by("last_name", "first_name", "username")
    season_rows = {"season": season} if season else {"pk__in": []}
    # Validated hours of the season, counted by the app that records them (one subquery).
    users = users.annotate(hours_worked=hours_worked(season))
    return users.select_related("profile").prefetch_related(
        Prefetch("member_skills", queryset=MemberSkill.objects.select_related("skill")),
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.filter(**season_rows).select_related("role"),
            to_attr="season_roles",
        ),
        Prefetch(
            "committee_memberships",
            queryset=CommitteeMembership.objects.filter(**season_rows)
            .on(today)
            .select_related("committee"),
            to_attr="committees_now",
        ),
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.filter(**season_rows),
            to_attr="season_enrolments",
        ),
    )


def role_names(user: User) -> list[str]:
    names: dict[str, int] = {}
    for assignment in user.season_roles:
        names[assignment.role.name] = names.get(assignment.role.name, 0) + 1
    return [name if times == 1 else f"{name} ×{times}" for name, times in names.items()]


def attestation_context(member: User, season: Season) -> dict:
    """What the attestation lists: the roles and committees held in the season so far (not
    those still to come), the confirmed portfolio entries, the skills held, and the leaders
    who sign it."""
    today = timezone.localdate()
    last_day = min(today, season.ends_on)

    def held(rows, slot: str) -> list[dict]:
        grouped: dict = {}
        for row in rows.filter(season=season, user=member, starts_on__lte=last_day):
            grouped.setdefault(getattr(row, slot), []).append(row)
        return [
            {slot: key, "weeks": sum(_weeks(r.starts_on, min(r.ends_on, last_day)) for r in rs)}
            for key, rs in grouped.items()
        ]

    return {
        "member": member,
        "attested_season": season,
        "jobs_worked": jobs_worked(member, season, last_day),
        "roles": held(RoleAssignment.objects.select_related("role"), "role"),
        "committees": held(CommitteeMembership.objects.select_related("committee"), "committee"),
        "entries": PortfolioEntry.objects.confirmed()
        .filter(season=season, user=member)
        .select_related("skill", "role", "committee")
        .order_by("happened_on"),
        "skills": [
            skill
            for skill in MemberSkill.objects.filter(user=member).select_related("skill")
            if skill.is_valid_on(last_day)
        ],
        "leaders": User.objects.filter(role=User.Role.LEADER, is_active=True).order_by(
            "last_name", "first_name"
        ),
        "today": today,
        "provisional": today < season.ends_on,
    }


def _weeks(start: dt.date, end: dt.date) -> int:
    return max(1, round(((end - start).days + 1) / 7))
