"""Members with their work facts (``UserQuerySet.with_work_facts``) for a page of rows, read
by queries compiled once.

``User.objects.filter(pk__in=ids).with_work_facts()`` builds and compiles four querysets at
each call (the users, then a ``prefetch_related`` query per relation), which cost a page
like the approval queue more than PostgreSQL spends running them. ``users_with_work_facts``
runs the same four queries, each compiled once per number of members (``QueryShape``, the
ids its parameters), and hands each user their rows as ``prefetch_related`` would: the users
answer ``can_work_on``, ``work_refusal_on``, ``is_available``, ``holds_skill`` and the
rest without another query. tests/members/test_work_facts.py compares them with
``with_work_facts()``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from django.db.models import QuerySet

from cjs.db import CompiledQuery, QueryShape
from members.models import Absence, Enrolment, MemberSkill, Season, User

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
