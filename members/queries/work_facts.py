"""Members with their work facts (``UserQuerySet.with_work_facts``) for a page of rows, read
by queries compiled once.

``User.objects.filter(pk__in=ids).with_work_facts()`` builds and compiles four querysets at
each call (the users, then a ``prefetch_related`` query per relation), which cost a page
like the approval queue more than PostgreSQL spends running them. ``users_with_work_facts``
runs the same four queries, each compiled once per number of members (``QueryShape``, the
ids its parameters), and hands each user their rows as ``prefetch_related`` would: the users
answer ``can_work_on``, ``work_refusal_on``, ``is_available``, ``holds_skill`` and the
rest without another query. tests/members/test_work_facts.py compares them with
``with_work_facts()``.

A page that only reads its members (the approval queue) reads them as columns instead, in
one query with the rest of what it knows of them: ``member_parts`` are parts of a UNION ALL
(``facts_part``, ``facts_union``, run by ``page_union_rows``) and ``members_of`` makes
their rows ``WorkMember`` objects, which answer the same rules with the models' own
methods (a user, a profile and their skills made model instances cost a few hundred Python
calls a member)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from cjs.db import CompiledQuery, QueryShape
from members.models import Absence, Enrolment, MemberProfile, MemberSkill, Season, User

# Up to this many members, a query is compiled once per number of members (a page of rows:
# the queue shows ten claims); more (a season's members), it is compiled at each call.
SHAPED_UP_TO = 32


def _users(ids: list[int]) -> QuerySet:
    return User.objects.filter(pk__in=ids).select_related("profile")


# What the rules read of a skill held (``is_valid_on``, ``is_vouched_for``, ``holds_skill``):
# a page's members hold some thirty skills, each made a ``MemberSkill`` and a ``Skill``
# (translated) instance; every column set costs a call.
SKILL_HELD_COLUMNS = (
    "user_id",
    "skill_id",
    "certificate_until",
    "confirmed_at",
    "earned_at",
    "skill__requires_certificate",
)


def _skills(ids: list[int]) -> QuerySet:
    return (
        MemberSkill.objects.filter(user_id__in=ids)
        .select_related("skill")
        .only(*SKILL_HELD_COLUMNS)
    )


def _needed_skills(*skills_then_ids) -> QuerySet:
    # ``page_instances`` gives the skill ids one parameter each, then the members' ids.
    *skill_ids, ids = skills_then_ids
    return _skills(ids).filter(skill_id__in=skill_ids)


def _absences(ids: list[int]) -> QuerySet:
    return Absence.objects.filter(user_id__in=ids)


def _enrolments(ids: list[int]) -> QuerySet:
    # As ``with_work_facts``: the enrolments in the current season.
    return Enrolment.objects.filter(user_id__in=ids, season__status=Season.Status.CURRENT)


@functools.lru_cache(maxsize=256)
def _shape(build: Callable[..., QuerySet], fixed: tuple, leading: int, count: int) -> QueryShape:
    def shaped(*values: int) -> QuerySet:
        return build(*fixed, *values[:leading], list(values[leading:]))

    return QueryShape(shaped, *([int] * (leading + count)))


def page_rows(build: Callable[..., QuerySet], ids: list[int], *values: int, fixed=()) -> list:
    """The rows of ``build(*fixed, *values, ids)`` (a ``values_list``), run by a
    ``QueryShape`` compiled once per number of ids (a page's members or jobs; ``values`` and
    ``ids`` are integers, its parameters; ``fixed`` is what else the SQL depends on, a key
    of the cache), or compiled for this call past ``SHAPED_UP_TO`` ids. No ids, no rows and
    no query: ``build`` reads the rows of ``ids`` (an empty ``__in`` matches nothing)."""
    if not ids:
        return []
    if len(ids) <= SHAPED_UP_TO:
        return _shape(build, fixed, len(values), len(ids)).rows(*values, *ids)
    return CompiledQuery.of(build(*fixed, *values, ids)).rows()


def page_instances(build: Callable[..., QuerySet], ids: list[int], *values: int, fixed=()):
    """The instances of ``build(*fixed, *values, ids)``, as ``page_rows`` runs it."""
    if not ids:
        return []
    if len(ids) <= SHAPED_UP_TO:
        return _shape(build, fixed, len(values), len(ids)).instances(*values, *ids)
    return CompiledQuery.of(build(*fixed, *values, ids)).instances()


def prefetched(model, rows: list) -> QuerySet:
    """``rows`` as the queryset ``prefetch_related`` leaves in a related manager's cache
    (``user.member_skills.all()`` gives it back without a query)."""
    queryset = QuerySet(model=model)
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


def users_with_work_facts(
    member_ids: Iterable[int], skill_ids: Iterable[int] | None = None
) -> list[User]:
    """The users of ``member_ids`` (in the users' order) loaded as ``with_work_facts()``
    loads them: the profile, the skills held, the dates away, the enrolments in the current
    season; four queries. ``skill_ids``: only these of the skills held (those some jobs
    need: the rules ask nothing else of a member's skills), none and no query when
    empty."""
    ids = sorted(set(member_ids))
    users = page_instances(_users, ids)
    skills: dict[int, list] = {user.pk: [] for user in users}
    absences: dict[int, list] = {user.pk: [] for user in users}
    enrolments: dict[int, list] = {user.pk: [] for user in users}
    if users:
        ids = sorted(skills)  # the users found
        if skill_ids is None:
            held_skills = page_instances(_skills, ids)
        else:
            needed = sorted(set(skill_ids))
            held_skills = page_instances(_needed_skills, ids, *needed) if needed else []
        for held in held_skills:
            skills[held.user_id].append(held)
        for absence in page_instances(_absences, ids):
            absences[absence.user_id].append(absence)
        for enrolment in page_instances(_enrolments, ids):
            enrolments[enrolment.user_id].append(enrolment)
    # Each row knows its user, as ``prefetch_related`` leaves them.
    for rows, field in ((skills, MemberSkill.user.field), (absences, Absence.user.field)):
        for user in users:
            for row in rows[user.pk]:
                field.set_cached_value(row, user)
    for user in users:
        for enrolment in enrolments[user.pk]:
            Enrolment.user.field.set_cached_value(enrolment, user)
        user._prefetched_objects_cache = {
            "member_skills": prefetched(MemberSkill, skills[user.pk]),
            "absences": prefetched(Absence, absences[user.pk]),
        }
        user.current_enrolments = enrolments[user.pk]
    return users


# A page's facts about its members in one query: a UNION ALL of parts (``facts_part``), each
# row a kind, a member, then typed slots each part fills as it needs (the others NULL, cast
# to their slot's type: PostgreSQL types a union's columns part by part). Every query of a
# page costs a round trip and some two hundred Python calls of queryset machinery.
FACT_SLOTS = {
    "fi1": models.BigIntegerField(),
    "fi2": models.BigIntegerField(),
    "fi3": models.BigIntegerField(),
    "fd1": models.DateField(),
    "fd2": models.DateField(),
    "fd3": models.DateField(),
    "fd4": models.DateField(),
    "ft1": models.TimeField(),
    "ft2": models.TimeField(),
    "ft3": models.TimeField(),
    "ft4": models.TimeField(),
    "fn1": models.DecimalField(max_digits=12, decimal_places=2),
    "fn2": models.DecimalField(max_digits=12, decimal_places=2),
    "fs1": models.TextField(),
    "fs2": models.TextField(),
    "fs3": models.TextField(),
    "fs4": models.TextField(),
    "fs5": models.TextField(),
    "fs6": models.TextField(),
    "fb1": models.BooleanField(),
}
# The union's order: by kind, then the users by name (``User``'s order: ``fs1``, ``fs2``,
# ``fs3``) and the commitments by day and start (``fd1``, ``ft1``).
FACTS_ORDER = ("fk", "fs1", "fs2", "fs3", "fd1", "ft1")
# Where the slots stand in a row (after the kind and the member).
FI1, FI2, FI3, FD1, FD2, FD3, FD4, FT1, FT2, FT3, FT4, FN1, FN2 = range(2, 15)
FS1, FS2, FS3, FS4, FS5, FS6, FB1 = range(15, 22)


class _Kind(Value):
    """The kind of a part's rows, written in its SQL: a parameter fewer for the driver to
    find in a long query (an integer of ours, nothing from outside)."""

    def as_sql(self, compiler, connection):
        return str(int(self.value)), []


def facts_part(queryset: QuerySet, kind: int, *, group: tuple[str, ...] = (), **columns):
    """``queryset`` as a part of the union of a page's facts: ``fk`` its ``kind``, ``fm``
    the member, ``columns`` in their slots. ``group``: the columns grouped by (an aggregate
    part: the other columns are aggregates)."""
    if group:
        queryset = queryset.values(**{name: columns.pop(name) for name in group})
    slots = {"fk": _Kind(kind, output_field=models.IntegerField())} | {
        name: columns.pop(name) if name in columns else Cast(Value(None, field), field)
        for name, field in (("fm", models.BigIntegerField()), *FACT_SLOTS.items())
        if name not in group
    }
    if columns:
        raise ValueError(f"No such slots: {sorted(columns)}")
    return queryset.order_by().annotate(**slots).values_list("fk", "fm", *FACT_SLOTS)


def facts_union(parts: list[QuerySet]) -> QuerySet:
    first, *others = parts
    return first.union(*others, all=True).order_by(*FACTS_ORDER)


# The members of a page as every part of a union reads them (``page_union_rows``): the ids
# once, in a ``WITH``, not once a part (each a parameter the driver finds in the SQL, some
# ten Python calls each).
PAGE_MEMBERS = RawSQL("SELECT id FROM page_members", ())


def _compiled_union(queryset: QuerySet) -> CompiledQuery:
    """``queryset`` (a ``facts_union``) compiled, without the converters of its first
    part's expressions (``int()`` of the kind, ``Decimal()`` of a slot cast from NULL: the
    drivers answer these types already); the databases' own (SQLite's dates) stay. On
    PostgreSQL none is left: the rows are read as they come, some ten Python calls a row
    fewer."""
    compiled = CompiledQuery.of_columns(queryset)
    converters = []
    for position, functions, expression in compiled.converters:
        functions = tuple(f for f in functions if f is not expression.convert_value)
        if functions:
            converters.append((position, functions, expression))
    return dataclasses.replace(compiled, converters=tuple(converters))


@functools.lru_cache(maxsize=128)
def _union_of(build: Callable[..., QuerySet], fixed: tuple, alias: str) -> CompiledQuery:
    return _compiled_union(build(*fixed, PAGE_MEMBERS).using(alias))


@functools.lru_cache(maxsize=128)
def _union_plan(build: Callable[..., QuerySet], fixed: tuple, count: int, alias: str):
    union = _union_of(build, fixed, alias)
    if not union.sql:
        return union
    # The ORM's compiled SQL after a WITH of ``count`` parameters: nothing from outside.
    values = ", ".join(["(%s)"] * count)
    return dataclasses.replace(
        union, sql=f"WITH page_members (id) AS (VALUES {values}) {union.sql}"
    )


def page_union_rows(build: Callable[..., QuerySet], ids: list[int], fixed=()) -> list:
    """The rows of ``build(*fixed, PAGE_MEMBERS)`` (a ``facts_union`` whose parts read the
    members of ``PAGE_MEMBERS``) for the members of ``ids``, its SQL built once for what it
    depends on (``fixed``, a key of the cache) and each number of ids. No ids, no rows and
    no query."""
    if not ids:
        return []
    compiled = _union_plan(build, fixed, len(ids), DEFAULT_DB_ALIAS)
    return compiled.rows([*ids, *compiled.params])


# The kinds of rows of the members' own facts (``member_parts``).
USER, SKILL_HELD, AWAY, ENROLLED = 0, 1, 2, 3


def member_parts(ids: list[int], skill_ids: tuple[int, ...] | None) -> list[QuerySet]:
    """The parts of a union of a page's facts that read what ``users_with_work_facts``
    reads of the users of ``ids`` (``skill_ids``: of the skills held, only these; none
    when empty), as ``members_of`` reads them."""
    parts = [
        facts_part(
            User.objects.filter(pk__in=ids),
            USER,
            fm=F("pk"),
            fi1=F("profile__id"),
            fi2=F("profile__availability"),
            fd1=F("profile__date_of_birth"),
            fd2=F("profile__parental_authorization_received_on"),
            fd3=F("profile__adult_from"),
            fd4=F("profile__private_facts_forgotten_on"),
            fs1=F("first_name"),
            fs2=F("last_name"),
            fs3=F("username"),
            fs4=F("role"),
            fb1=F("is_active"),
        )
    ]
    if skill_ids is None or skill_ids:
        held = MemberSkill.objects.filter(user_id__in=ids)
        if skill_ids is not None:
            held = held.filter(skill_id__in=skill_ids)
        parts.append(
            facts_part(
                held,
                SKILL_HELD,
                fm=F("user_id"),
                fi1=F("skill_id"),
                fi2=F("pk"),
                fd1=F("certificate_until"),
                fb1=F("skill__requires_certificate"),
                # As texts: the rules ask only whether there is one (a moment read costs
                # PostgreSQL's driver five Python calls).
                fs5=Cast("confirmed_at", models.TextField()),
                fs6=Cast("earned_at", models.TextField()),
            )
        )
    parts.append(
        facts_part(
            _absences(ids), AWAY, fm=F("user_id"), fi2=F("pk"), fd1=F("starts_on"), fd2=F("ends_on")
        )
    )
    parts.append(
        facts_part(_enrolments(ids), ENROLLED, fm=F("user_id"), fi2=F("pk"), fd1=F("left_on"))
    )
    return parts


class Related(list):
    """Rows as a related manager's cache gives them (``user.absences.all()``)."""

    __slots__ = ()

    def all(self) -> Related:
        return self


class HeldSkill:
    """A skill held read as columns, answering the rules with ``MemberSkill``'s methods (a
    ``MemberSkill`` and a ``Skill`` instance cost some hundred and forty Python calls)."""

    __slots__ = ("certificate_until", "confirmed_at", "earned_at", "pk", "requires_certificate")
    __slots__ += ("skill_id",)
    level = MemberSkill.level
    is_vouched_for = MemberSkill.is_vouched_for
    is_valid_on = MemberSkill.is_valid_on

    def __init__(self, row: tuple) -> None:
        self.skill_id = row[FI1]
        self.pk = row[FI2]
        self.certificate_until = row[FD1]
        self.requires_certificate = row[FB1]
        self.confirmed_at = row[FS5]  # the moment as a text (``level`` asks if there is one)
        self.earned_at = row[FS6]

    @property
    def skill(self) -> HeldSkill:  # what ``is_valid_on`` reads of the skill: its certificate
        return self


class Away:
    """Dates a member is away (``Absence``) read as columns."""

    __slots__ = ("ends_on", "pk", "starts_on")

    def __init__(self, row: tuple) -> None:
        self.pk, self.starts_on, self.ends_on = row[FI2], row[FD1], row[FD2]


class Enrolled:
    """An enrolment in the current season (``Enrolment``) read as columns."""

    __slots__ = ("left_on", "pk")

    def __init__(self, row: tuple) -> None:
        self.pk, self.left_on = row[FI2], row[FD1]


class WorkProfile:
    """A member's profile read as columns, answering the rules with ``MemberProfile``'s own
    methods (its ``user``: the ``WorkMember``)."""

    __slots__ = (
        "adult_from",
        "availability",
        "date_of_birth",
        "parental_authorization_received_on",
    )
    __slots__ += ("pk", "private_facts_forgotten_on", "user")
    age_on = MemberProfile.age_on
    is_minor_on = MemberProfile.is_minor_on
    is_cleared_on = MemberProfile.is_cleared_on
    clearance_problem_on = MemberProfile.clearance_problem_on
    is_away_on = MemberProfile.is_away_on
    is_enrolled_on = MemberProfile.is_enrolled_on
    work_refusal_on = MemberProfile.work_refusal_on
    can_work_on = MemberProfile.can_work_on
    is_available_at = MemberProfile.is_available_at
    is_available = MemberProfile.is_available
    holds_skill = MemberProfile.holds_skill

    def __init__(self, row: tuple, user: WorkMember) -> None:
        self.pk = row[FI1]
        self.availability = row[FI2]
        self.date_of_birth = row[FD1]
        self.parental_authorization_received_on = row[FD2]
        self.adult_from = row[FD3]
        self.private_facts_forgotten_on = row[FD4]
        self.user = user


class WorkMember:
    """A user read as columns with their work facts (what ``users_with_work_facts`` loads),
    answering the rules, their name and ``is_member`` with ``User``'s own methods."""

    __slots__ = ("absences", "current_enrolments", "first_name", "is_active", "last_name")
    __slots__ += ("member_profile", "member_skills", "pk", "role", "username")
    Role = User.Role
    __str__ = User.__str__
    get_full_name = User.get_full_name
    age_on = User.age_on
    is_minor_on = User.is_minor_on
    is_cleared_on = User.is_cleared_on
    can_work_on = User.can_work_on
    work_refusal_on = User.work_refusal_on
    is_available = User.is_available
    holds_skill = User.holds_skill
    is_member = User.is_member

    def __init__(self, row: tuple) -> None:
        self.pk = row[1]
        self.first_name = row[FS1]
        self.last_name = row[FS2]
        self.username = row[FS3]
        self.role = row[FS4]
        self.is_active = row[FB1]
        self.member_profile = WorkProfile(row, self) if row[FI1] is not None else None
        self.member_skills = Related()
        self.absences = Related()
        self.current_enrolments = Related()

    @property
    def id(self) -> int:
        return self.pk


def members_of(rows: list[tuple]) -> tuple[dict[int, WorkMember], list[tuple]]:
    """``{user id: WorkMember}`` in the users' order, of the rows of ``member_parts`` (the
    union's order: by kind, the users first), and the rows of the kinds that follow."""
    members: dict[int, WorkMember] = {}
    for index, row in enumerate(rows):
        kind = row[0]
        if kind == USER:
            members[row[1]] = WorkMember(row)
        elif kind == SKILL_HELD:
            members[row[1]].member_skills.append(HeldSkill(row))
        elif kind == AWAY:
            members[row[1]].absences.append(Away(row))
        elif kind == ENROLLED:
            members[row[1]].current_enrolments.append(Enrolled(row))
        else:
            return members, rows[index:]
    return members, []
