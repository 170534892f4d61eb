"""The members' directory (leaders): a page of the members matching its filters, as plain
rows, and every match with what its CSV export writes.

A page's queries are compiled once per process for their filters, season, day and rows
(``cjs.db.CompiledQuery``): building them cost the ORM several times what running them costs,
on a page leaders open again and again. The rows themselves are read at every visit."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import get_language, gettext

from cjs.db import CompiledQuery
from cjs.i18n import first_text, localized, read_columns
from members.models import (
    CLEARANCE_FACTS,
    ClearanceFacts,
    Committee,
    CommitteeMembership,
    Enrolment,
    MemberSkill,
    Role,
    RoleAssignment,
    Season,
    Skill,
    User,
)
from members.work_records import hours_worked

DIRECTORY_PAGE_SIZE = 50


def _matching(filters: dict, today: dt.date) -> QuerySet[User]:
    """The members matching the directory's filters (``skill`` a skill or its id), in its
    order."""
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
        # One row per member at most (``member_skill_unique``): no DISTINCT, which would
        # make the database read and sort every match before taking a page.
        users = users.filter(member_skills__skill=filters["skill"])
    if status == "minors":
        users = users.minors_on(today)
    elif status == "adults":
        users = users.adults_on(today)
    elif status == "not_cleared":
        users = users.not_cleared_on(today)
    # The order of the ``user_directory_order`` index: a page is read from it.
    return users.order_by("last_name", "first_name", "username")  # usernames are unique


def _season_rows(season: Season | None) -> dict:
    return {"season": season} if season else {"pk__in": []}


def _with_season_facts(users: QuerySet[User], season: Season | None) -> QuerySet[User]:
    """Each member's validated hours in ``season``, counted by the app that records them
    (``hours_worked``, one subquery), and whether they are enrolled in it
    (``enrolled_this_season``, another)."""
    enrolled = Enrolment.objects.filter(**_season_rows(season), user=OuterRef("pk"))
    return users.annotate(hours_worked=hours_worked(season), enrolled_this_season=Exists(enrolled))


def directory_queryset(filters: dict, season: Season | None, today: dt.date) -> QuerySet[User]:
    """The members matching the directory's filters, with everything its export writes loaded
    in a fixed number of queries."""
    season_rows = _season_rows(season)
    return (
        _with_season_facts(_matching(filters, today), season)
        .select_related("profile")
        .prefetch_related(
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
        )
    )


# --- A page ------------------------------------------------------------------------------------

# What a row reads of a member and their profile (empty for a member without one), then the
# season's facts (``_with_season_facts``, annotations: last, in their order).
DIRECTORY_COLUMNS = (
    "pk",
    "first_name",
    "last_name",
    "username",
    "is_active",
    "profile__id",
    "profile__phone",
    *(f"profile__{fact}" for fact in CLEARANCE_FACTS),
    "hours_worked",
    "enrolled_this_season",
)


class DirectoryRow:
    """A member as a row of the directory shows them, read as plain columns (a page of user,
    profile, skill, role and committee instances cost more than the rest of the page). It
    answers what ``not_cleared_badge`` asks of a user: ``pk`` and ``member_profile`` (the
    profile's ``ClearanceFacts``)."""

    __slots__ = (
        "committees",
        "enrolled",
        "hours",
        "is_active",
        "member_profile",
        "name",
        "phone",
        "pk",
        "role_names",
        "skills",
        "username",
    )

    def __init__(self, row: tuple) -> None:
        pk, first, last, username, is_active, profile_id, phone, *facts, hours, enrolled = row
        self.pk, self.username, self.is_active, self.enrolled = pk, username, is_active, enrolled
        self.name = f"{first} {last}".strip() or username  # as ``User.__str__``
        self.hours = hours
        self.phone = phone or ""
        self.member_profile = ClearanceFacts(*facts) if profile_id is not None else None
        self.skills: list[tuple[str, bool]] = []  # (name, certificate to check)
        self.role_names = ""  # the season's roles, a line
        self.committees: list[str] = []  # the committees sat on today

    def __str__(self) -> str:
        return self.name

    def age_on(self, day: dt.date) -> int | None:
        return self.member_profile.age_on(day) if self.member_profile else None


class _Matches:
    """The members matching the filters as the paginator reads them: a count, then a slice
    of rows (``DIRECTORY_COLUMNS``)."""

    def __init__(self, filters: dict, season: Season | None, today: dt.date) -> None:
        skill = filters.get("skill")
        self.key = (
            filters.get("status") or "",
            filters.get("q") or "",
            getattr(skill, "pk", skill),
            season.pk if season else None,
            today,
            connection.vendor,
        )

    def count(self) -> int:
        return _count_sql(*self.key).rows()[0][0]

    def __getitem__(self, rows: slice) -> list[tuple]:
        if rows.start == rows.stop:
            return []
        return _page_sql(*self.key, rows.start, rows.stop).rows()


def _filters(status: str, q: str, skill_pk: int | None) -> dict:
    return {"status": status, "q": q, "skill": skill_pk}


@functools.lru_cache(maxsize=64)
def _count_sql(status, q, skill_pk, _season_pk, today, _vendor) -> CompiledQuery:
    # ``Func`` and not ``Count``: no GROUP BY, one row (the filters join one row per member).
    matching = _matching(_filters(status, q, skill_pk), today).order_by()
    return CompiledQuery.of_columns(
        matching.annotate(n=Func(F("pk"), function="COUNT")).values_list("n")
    )


@functools.lru_cache(maxsize=128)
def _page_sql(status, q, skill_pk, season_pk, today, _vendor, start, stop) -> CompiledQuery:
    season = Season(pk=season_pk) if season_pk else None
    users = _with_season_facts(_matching(_filters(status, q, skill_pk), today), season)
    return CompiledQuery.of_columns(users.values_list(*DIRECTORY_COLUMNS)[start:stop])


def directory_page(
    filters: dict, season: Season | None, today: dt.date, number: str | None
) -> Page:
    """One page of the directory (``DIRECTORY_PAGE_SIZE`` members; the last one when
    ``number`` is past the end, the first when it is not a number): a count, then the page's
    members as ``DirectoryRow``, then their skills, their roles of the season and the
    committees they sit on today."""
    matches = _Matches(filters, season, today)
    page = Paginator(matches, DIRECTORY_PAGE_SIZE).get_page(number)
    rows = {row[0]: DirectoryRow(row) for row in page.object_list}
    page.object_list = list(rows.values())
    if not rows:
        return page
    start = page.start_index() - 1
    skills, roles, committees = _details_sql(*matches.key, start, start + len(rows), get_language())
    # The page's members are those of its query run again (``_details_sql``): one who came
    # or left in between is passed over.
    for user_id, requires_certificate, certificate_until, *names in skills.rows():
        if user_id in rows:
            to_check = bool(requires_certificate and not certificate_until)
            rows[user_id].skills.append((first_text(names), to_check))
    held: dict[int, list[str]] = defaultdict(list)
    for user_id, *names in roles.rows():
        held[user_id].append(first_text(names))
    for user_id, names in held.items():
        if user_id in rows:
            rows[user_id].role_names = ", ".join(counted_names(names))
    for user_id, *names in committees.rows():
        if user_id in rows:
            rows[user_id].committees.append(first_text(names))
    return page


@functools.lru_cache(maxsize=128)
def _details_sql(
    status, q, skill_pk, season_pk, today, _vendor, start, stop, language
) -> tuple[CompiledQuery, CompiledQuery, CompiledQuery]:
    """The queries of a page's skills, roles of the season and committees of ``today``, in
    the order the members' prefetches read them, the names in ``language``. The page's
    members are named by the page's query (``_matching``, sliced), not by their ids: the SQL
    and its few parameters are the same whoever the page holds (a list of fifty ids cost
    the database driver more than the rows it reads, at every visit)."""
    season_rows = _season_rows(Season(pk=season_pk) if season_pk else None)
    page = _matching(_filters(status, q, skill_pk), today).values("pk")[start:stop]
    skills = MemberSkill.objects.filter(user__in=page).values_list(
        "user_id",
        "skill__requires_certificate",
        "certificate_until",
        *read_columns(Skill, "name", language, "skill__"),
    )
    roles = RoleAssignment.objects.filter(**season_rows, user__in=page).values_list(
        "user_id", *read_columns(Role, "name", language, "role__")
    )
    committees = (
        CommitteeMembership.objects.filter(**season_rows, user__in=page)
        .on(today)
        .values_list("user_id", *read_columns(Committee, "name", language, "committee__"))
    )
    return (
        CompiledQuery.of_columns(skills),
        CompiledQuery.of_columns(roles),
        CompiledQuery.of_columns(committees),
    )


@functools.lru_cache(maxsize=16)
def _skill_choices_sql(language: str, alias: str) -> CompiledQuery:
    # ``order_by("name")`` sorts on the active language's column (modeltranslation), whose
    # ``values_list`` of translated columns ``CompiledQuery.of`` refuses: read as they stand.
    skills = Skill.objects.using(alias).order_by("order", "name")
    return CompiledQuery.of_columns(skills.values_list("pk", "slug", "name_fr", "name_en"))


def skill_choices() -> list[tuple[int, str, str]]:
    """``(id, slug, name)`` of every skill, in the catalogue's order (the directory's skill
    filter): read at each call, by SQL compiled once per language."""
    compiled = _skill_choices_sql(get_language() or "fr", Skill.objects.db)
    pk, slug, fr, en = (compiled.columns.index(n) for n in ("pk", "slug", "name_fr", "name_en"))
    return [(row[pk], row[slug], localized(row[fr], row[en])) for row in compiled.rows()]


def role_names(user: User) -> list[str]:
    """The roles of a member of ``directory_queryset`` this season."""
    return counted_names([assignment.role.name for assignment in user.season_roles])


def counted_names(names: list[str]) -> list[str]:
    """Each name once, in order, with the times it comes when more than once (a role held
    three weeks is "Accueil ×3")."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return [name if times == 1 else f"{name} ×{times}" for name, times in counts.items()]


# --- The export --------------------------------------------------------------------------------


def directory_export_header() -> list[str]:
    return [
        gettext("Last name"),
        gettext("First name"),
        gettext("Username"),
        gettext("Email"),
        gettext("Phone"),
        gettext("Age"),
        gettext("Cleared"),
        gettext("Skills"),
        gettext("Roles this season"),
        gettext("Committee now"),
        gettext("Validated hours"),
    ]


def directory_export_row(user: User, today: dt.date) -> list[object]:
    """One member of ``directory_queryset`` as the export's columns."""
    profile = user.member_profile
    return [
        user.last_name,
        user.first_name,
        user.username,
        user.email,
        profile.phone if profile else "",
        "" if user.age_on(today) is None else user.age_on(today),
        gettext("yes") if user.is_cleared_on(today) else gettext("no"),
        ", ".join(held.skill.name for held in user.member_skills.all()),
        ", ".join(role_names(user)),
        ", ".join(m.committee.name for m in user.committees_now),
        user.hours_worked,
    ]
