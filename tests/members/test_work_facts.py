"""``users_with_work_facts``: the users of a page with their work facts, read by queries
compiled once per number of members, answer the work rules as ``with_work_facts()`` loads
them, in four queries and none after."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import Absence, MemberSkill, Skill, User
from members.queries import work_facts
from members.queries.work_facts import page_rows, users_with_work_facts
from tests.factories import ArchivedSeasonFactory, EnrolmentFactory, LeaderFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _facts(user: User, days: list[dt.date]) -> list:
    """What the rules read of a user, on each day."""
    skills = [
        (h.pk, h.skill_id, h.is_valid_on(d), h.is_vouched_for)
        for h in user.member_skills.all()
        for d in days
    ]
    return [
        user.pk,
        str(user),
        skills,
        [(a.pk, a.starts_on, a.ends_on) for a in user.absences.all()],
        sorted(e.pk for e in getattr(user, "current_enrolments", [])),
        [
            (
                user.work_refusal_on(day),
                user.age_on(day),
                user.is_minor_on(day),
                user.is_cleared_on(day),
                user.is_available(day, dt.time(9), dt.time(17)),
                user.is_available(day, dt.time(14), dt.time(17)),
            )
            for day in days
        ],
    ]


@pytest.fixture
def people(season):
    today = timezone.localdate()
    certificate = Skill.objects.create(
        name="Skill with certificate (test)", slug="test-cert", requires_certificate=True
    )
    garden = Skill.objects.create(name="Skill (test)", slug="test-skill")
    adult = MemberFactory(first_name="Zoé", profile__availability=0b1010101010101)
    EnrolmentFactory(season=season, user=adult)
    MemberSkill.objects.create(
        user=adult, skill=certificate, certificate_until=today + dt.timedelta(days=2)
    )
    MemberSkill.objects.create(user=adult, skill=garden, confirmed_at=timezone.now())
    Absence.objects.create(
        user=adult, starts_on=today + dt.timedelta(days=3), ends_on=today + dt.timedelta(days=4)
    )
    minor = MemberFactory(
        first_name="Anna", profile__date_of_birth=today.replace(year=today.year - 15)
    )
    EnrolmentFactory(season=season, user=minor, left_on=today + dt.timedelta(days=2))
    EnrolmentFactory(season=ArchivedSeasonFactory(), user=minor)
    MemberSkill.objects.create(user=minor, skill=garden)
    not_enrolled = MemberFactory(first_name="Bruno")
    leader = LeaderFactory(first_name="Camille")
    return [adult.pk, minor.pk, not_enrolled.pk, leader.pk]


def test_the_users_answer_the_rules_as_with_work_facts_loads_them(people):
    today = timezone.localdate()
    days = [today + dt.timedelta(days=n) for n in range(6)]
    expected = [_facts(user, days) for user in User.objects.filter(pk__in=people).with_work_facts()]
    with CaptureQueriesContext(connection) as queries:
        users = users_with_work_facts(reversed(people))
        found = [_facts(user, days) for user in users]
    assert len(queries) == 4
    assert found == expected
    assert [user.first_name for user in users] == ["Anna", "Bruno", "Camille", "Zoé"]


def test_past_a_page_of_members_the_queries_are_compiled_for_the_call(people, monkeypatch):
    today = timezone.localdate()
    days = [today, today + dt.timedelta(days=3)]
    expected = [_facts(u, days) for u in User.objects.filter(pk__in=people).with_work_facts()]
    monkeypatch.setattr(work_facts, "SHAPED_UP_TO", 2)
    assert [_facts(user, days) for user in users_with_work_facts(people)] == expected


def test_no_member_no_query(db):
    with CaptureQueriesContext(connection) as queries:
        assert users_with_work_facts([]) == []
    assert len(queries) == 0


def _names(ids: list[int]):
    return User.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "first_name")


def test_page_rows_runs_one_compiled_query_for_each_set_of_ids(people):
    """The same query for any ids of the same number, its SQL built once."""
    first = page_rows(_names, sorted(people[:2]))
    second = page_rows(_names, sorted(people[2:]))
    assert first == list(_names(people[:2]))
    assert second == list(_names(people[2:]))
    assert page_rows(_names, [10**12]) == []


def _named_in_season(season_pk: int, ids: list[int]):
    return User.objects.filter(pk__in=ids, enrolments__season_id=season_pk).values_list("pk")


def test_page_rows_of_no_ids_are_none_without_a_query(season):
    """An empty page (no claim waiting): its members' figures are no rows, even for a
    query with other parameters (the season) that an empty ``__in`` leaves out of the SQL."""
    with CaptureQueriesContext(connection) as queries:
        assert page_rows(_named_in_season, [], season.pk) == []
        assert work_facts.page_instances(_named_in_season, [], season.pk) == []
    assert len(queries) == 0


def _members_union(ids):
    return work_facts.facts_union(work_facts.member_parts(ids, None))


def _facts_of_columns(member, days: list[dt.date]) -> list:
    """``_facts`` of a ``WorkMember`` and ``is_member``: what the queue asks of a member
    (the skills in any order: the rules ask whether one is held)."""
    found = _facts(member, days)
    found[2] = sorted(found[2])
    return [*found, member.is_member, member.get_full_name()]


def test_the_members_read_as_columns_answer_the_rules_as_with_work_facts_loads_them(people):
    """``member_parts`` and ``members_of``: the users as ``WorkMember`` (plain objects on the
    models' own methods), read in one query, answer as the users ``with_work_facts()``
    loads, in the users' order."""
    today = timezone.localdate()
    days = [today + dt.timedelta(days=n) for n in range(6)]
    users = User.objects.filter(pk__in=people).with_work_facts()
    expected = [_facts_of_columns(user, days) for user in users]
    with CaptureQueriesContext(connection) as queries:
        members, others = work_facts.members_of(
            work_facts.page_union_rows(_members_union, sorted(people))
        )
    assert len(queries) == 1
    assert others == []
    assert [_facts_of_columns(member, days) for member in members.values()] == expected
    assert list(members) == [user.pk for user in users]
    assert members[people[0]].member_profile.user is members[people[0]]


def test_the_members_read_as_columns_read_only_the_skills_asked(people):
    garden = Skill.objects.get(slug="test-skill")

    def union(ids):
        return work_facts.facts_union(work_facts.member_parts(ids, (garden.pk,)))

    members, _others = work_facts.members_of(work_facts.page_union_rows(union, people))
    held = {m.pk: [h.skill_id for h in m.member_skills.all()] for m in members.values()}
    assert held == {people[0]: [garden.pk], people[1]: [garden.pk], people[2]: [], people[3]: []}

    def without_skills(ids):
        return work_facts.facts_union(work_facts.member_parts(ids, ()))

    members, _others = work_facts.members_of(work_facts.page_union_rows(without_skills, people))
    assert all(not m.member_skills.all() for m in members.values())


def test_the_union_of_no_members_is_no_rows_without_a_query(db):
    with CaptureQueriesContext(connection) as queries:
        assert work_facts.page_union_rows(_members_union, []) == []
    assert len(queries) == 0


def test_a_part_refuses_a_slot_it_does_not_have(db):
    from django.db.models import F

    with pytest.raises(ValueError, match="No such slots"):
        work_facts.facts_part(User.objects.all(), 0, fm=F("pk"), nowhere=F("pk"))
