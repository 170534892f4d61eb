"""The members app's panels on the dashboards (registered in ``members.apps``, see
``cjs.dashboard``): enrolment, roles and committees of the week ahead, what leaders must act
on."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from html import escape

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from cjs.db import CompiledQuery, QueryShape, counted, inline_dates
from cjs.i18n import first_text, read_columns
from cjs.kept import kept_by_text
from members.models import (
    Committee,
    CommitteeMembership,
    Enrolment,
    PortfolioEntry,
    Role,
    RoleAssignment,
    RotationPlan,
    Season,
    User,
    active_enrolment,
    not_cleared_flag,
)
from members.models.committees import Responsibility
from members.models.people import CLEARANCE_FACTS, ClearanceFacts

# What the dashboards show of a role: its name in either language.
ROLE_NAME = ("role__name_fr", "role__name_en")


def _week(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def member_context(request: HttpRequest, season: Season, today: dt.date) -> dict:
    """Whether I am enrolled and, when I am, my roles and committees of this week (Monday to
    Sunday) with their duties, and what keeps me from taking jobs, if anything. Two queries,
    their SQL built once per season (and week) in a process, my id a parameter: my enrolment
    with my profile's clearance facts (a member without a profile has no clearance to speak
    of), then my roles and committees of the week, read as the columns the cards write."""
    user_pk = request.user.pk
    enrolled, profile_pk, *facts = _ENROLMENT.rows(season.pk, user_pk)[0]
    if not enrolled:
        return {"enrolled": False}
    monday, sunday = _week(today)
    week = _week_shape(season.pk, monday, get_language()).rows(user_pk, user_pk)
    cards = [_card(row) for row in week]
    return {
        "enrolled": True,
        "week_start": monday,
        "week_end": sunday,
        "my_week_cards": cards,
        "my_clearance_problem": ClearanceFacts(*facts).clearance_problem_on(today)
        if profile_pk
        else None,
    }


@dataclass(frozen=True)
class DutiesCard:
    """A role or committee I hold this week, as its card writes it (``{% duties_card %}``)."""

    starts_on: dt.date
    ends_on: dt.date
    name: str
    description: str
    duties: str

    duty_list = Responsibility.duty_list


# Whether the member is enrolled in the season, their profile's id and clearance facts:
# compiled once in a process, the season and the member parameters (compiled per member,
# each one's first dashboard in each process paid for it).
_ENROLMENT = QueryShape(
    lambda season_pk, user_pk: (
        User.objects.filter(pk=user_pk)
        .annotate(
            enrolled=Exists(
                Enrolment.objects.filter(season_id=season_pk, user_id=OuterRef("pk")).active()
            )
        )
        .values_list("enrolled", "profile__id", *(f"profile__{fact}" for fact in CLEARANCE_FACTS))
    ),
    int,
    int,
)


# Each translated text of a card: the columns modeltranslation reads, in its order.
CARD_TEXTS = ("name", "description", "duties")


@functools.lru_cache(maxsize=64)
def _week_shape(season_pk: int, monday: dt.date, language: str) -> QueryShape:
    """The member's roles, then their committees, running at least one day of the week of
    ``monday``, in the order of each model (from, then the place's order and name), their
    texts read in ``language`` (``_card``). Compiled once per season, week and language, the
    member's id a parameter (twice: a shape's parameter stands once)."""
    sunday = monday + dt.timedelta(days=6)

    def held(model, slot: type, field: str, kind: int, user_pk: int):
        texts = [
            column
            for text in CARD_TEXTS
            for column in read_columns(slot, text, language, f"{field}__")
        ]
        return (
            model.objects.filter(season_id=season_pk, user_id=user_pk)
            .overlapping(monday, sunday)
            .annotate(kind=Value(kind), place_order=F(f"{field}__order"), place=F(f"{field}__name"))
            .values_list("kind", "starts_on", "ends_on", "place_order", "place", *texts)
            .order_by()
        )

    def week(roles_of: int, committees_of: int) -> QuerySet:
        roles = held(RoleAssignment, Role, "role", 0, roles_of)
        committees = held(CommitteeMembership, Committee, "committee", 1, committees_of)
        return roles.union(committees, all=True).order_by(
            "kind", "starts_on", "place_order", "place"
        )

    return QueryShape(week, int, int, columns=True)


def _card(row: tuple) -> DutiesCard:
    """A row of ``_week_query``: its dates and each text as modeltranslation reads it (the
    first of its columns not empty)."""
    _kind, starts_on, ends_on, _order, _place, *texts = row
    size = len(texts) // len(CARD_TEXTS)
    return DutiesCard(
        starts_on, ends_on, *(first_text(texts[i : i + size]) for i in range(0, len(texts), size))
    )


def leader_context(request: HttpRequest, season: Season, today: dt.date) -> dict:
    """Members enrolled and, of them, those not cleared, portfolio entries to confirm,
    rotations to publish (one query), roles held today."""
    enrolled, not_cleared, to_confirm, to_publish = _leader_figures(season.pk, today)
    return {
        "enrolled_count": enrolled,
        "roles_today": roles_today(season.pk, today),
        "members_figures": {
            "not_cleared": not_cleared,
            "to_confirm": to_confirm,
            "to_publish": to_publish,
        },
    }


def roles_on(season_pk: int, day: dt.date) -> list[tuple[str, str]]:
    """(role, who holds it) of the roles held on ``day``, as their names read (the role in
    the page's language, the member's full name or else username), in the assignments'
    order: one query compiled once per season and day, read as columns."""
    return _roles_of(_roles_on_query(season_pk, day, connection.vendor).rows())


def roles_today(season_pk: int, day: dt.date) -> SafeString:
    """The list items of the roles held on ``day`` (``role_items``), written once per
    process for each rows read and language (``cjs.kept``)."""
    return _role_items_of(tuple(_roles_on_query(season_pk, day, connection.vendor).rows()))


@kept_by_text()
def _role_items_of(rows: tuple) -> SafeString:
    return role_items(_roles_of(rows))


def _roles_of(rows) -> list[tuple[str, str]]:
    order = read_columns(Role, "name", get_language() or "fr", "role__")
    names = {column: position for position, column in enumerate(ROLE_NAME)}
    return [
        (
            first_text(row[names[column]] for column in order),
            f"{first_name} {last_name}".strip() or username,
        )
        for *row, username, first_name, last_name in rows
    ]


def role_items(roles: list[tuple[str, str]]) -> SafeString:
    """The list items of the roles held today as the dashboard's template loop wrote them
    (each name escaped as ``{{ }}`` escapes it; empty when no role is held): written here,
    ~80 Python calls a role fewer."""
    return mark_safe(  # every name in it is escaped
        "".join(
            '\n          <li class="list-group-item d-flex justify-content-between">'
            f"<span>{escape(role)}</span><span>{escape(holder)}</span></li>\n        "
            for role, holder in roles
        )
    )


@functools.lru_cache(maxsize=16)
def _roles_on_query(season_pk: int, day: dt.date, vendor: str) -> CompiledQuery:
    return CompiledQuery.of_columns(
        RoleAssignment.objects.filter(season_id=season_pk)
        .on(day)
        .values_list(*ROLE_NAME, "user__username", "user__first_name", "user__last_name")
    )


def _leader_figures(season_pk: int, today: dt.date) -> tuple[int, int, int, int]:
    sql, params = _leader_figures_sql(season_pk, today, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@functools.lru_cache(maxsize=16)
def _leader_figures_sql(season_pk: int, today: dt.date, vendor: str) -> tuple[str, tuple]:
    """The SQL of the leaders' four counts, built once per season and day (it depends on
    nothing else: building and compiling it cost the ORM far more than running it). The
    counts are read afresh at each call.

    The members taking part and, of them, those not cleared are counted in one pass over the
    season's enrolments, each user's profile read by a LEFT JOIN (``not_cleared_flag``, the
    same condition as ``UserQuerySet.not_cleared_on``): asked member by member (a correlated
    EXISTS), the second count read every member's user row and profile again, and the first
    hashed every user the cooperative ever had (a long-lived cooperative's 150 members, 1,502
    users: 0.58 -> 0.50 ms in the request). The other two counts are scalar subqueries around
    it."""
    active = active_enrolment("enrolments__")
    members = (
        Season.objects.filter(pk=season_pk)
        .annotate(
            enrolled=Count("enrolments", filter=active),
            not_cleared=Count(
                "enrolments",
                filter=active & Q(not_cleared_flag(today, "enrolments__user__")),
            ),
        )
        .values_list("enrolled", "not_cleared")
    )
    to_confirm = PortfolioEntry.objects.to_confirm().filter(
        season_id=season_pk, user__is_active=True
    )
    to_publish = RotationPlan.objects.filter(season_id=season_pk).filter(
        Q(published_at__isnull=True) | Q(changed_since_publication=True)
    )
    compiled = [
        query.query.get_compiler(connection=connection).as_sql()
        for query in (members, counted(to_confirm), counted(to_publish))
    ]
    (members_sql, members_params), (confirm_sql, confirm_params), (publish_sql, publish_params) = (
        compiled
    )
    # The three parts are the ORM's compiled SQL, their values in the parameters.
    sql = (
        f"SELECT figures.enrolled, figures.not_cleared, ({confirm_sql}), ({publish_sql})"  # noqa: S608
        f" FROM ({members_sql}) figures"
    )
    return inline_dates(sql, (*confirm_params, *publish_params, *members_params), vendor)


def archive_summary(season: Season) -> dict:
    """How many members the summer had."""
    return {"members": Enrolment.objects.filter(season=season).count()}
