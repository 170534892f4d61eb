"""The work facts other apps rely on: age, minor, cleared, may work, available, skills."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from members.models import (
    EVERY_HALF_DAY,
    MemberProfile,
    User,
    eighteen_years_before,
    half_day_bit,
)
from tests.factories import (
    AbsenceFactory,
    EnrolmentFactory,
    LeaderFactory,
    MemberFactory,
    MemberSkillFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 7, 15)  # a Wednesday


def test_every_member_gets_a_profile_and_leaders_none():
    member = User.objects.create_user("nouvelle", role=User.Role.MEMBER)
    leader = User.objects.create_user("animatrice", role=User.Role.LEADER)
    assert MemberProfile.objects.filter(user=member).exists()
    assert leader.member_profile is None
    assert leader.age_on(TODAY) is None
    assert leader.work_refusal_on(TODAY) == "Seuls les membres prennent des chantiers."


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (dt.date(2008, 7, 15), TODAY, 18),  # birthday today
        (dt.date(2008, 7, 16), TODAY, 17),  # birthday tomorrow
        (dt.date(2010, 1, 1), TODAY, 16),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    ],
)
def test_age_on_a_given_day(born, day, age):
    profile = MemberProfile(date_of_birth=born)
    assert profile.age_on(day) == age
    assert profile.is_minor_on(day) is (age < 18)


def test_a_member_turning_18_during_the_season_is_a_minor_before_and_an_adult_after():
    member = MemberFactory(profile__date_of_birth=dt.date(2008, 8, 1))
    assert member.is_minor_on(dt.date(2026, 7, 31))
    assert not member.is_minor_on(dt.date(2026, 8, 1))
    assert not member.is_cleared_on(dt.date(2026, 7, 31))
    assert member.is_cleared_on(dt.date(2026, 8, 1))


def test_unknown_date_of_birth_counts_as_a_minor_not_cleared():
    member = MemberFactory(profile__date_of_birth=None)
    assert member.age_on(TODAY) is None
    assert member.is_minor_on(TODAY)
    assert not member.is_cleared_on(TODAY)


def test_a_minor_is_cleared_from_the_day_the_authorization_is_received():
    member = MemberFactory(
        profile__minor=True,
        profile__date_of_birth=dt.date(2010, 3, 1),
        profile__parental_authorization_received_on=TODAY,
    )
    assert not member.is_cleared_on(TODAY - dt.timedelta(days=1))
    assert member.is_cleared_on(TODAY)


def test_work_refusals_name_the_rule(season):
    today = timezone.localdate()
    member = MemberFactory()
    assert member.work_refusal_on(today) == "Ce membre n’est pas inscrit à la saison en cours."
    enrolment = EnrolmentFactory(season=season, user=member)
    assert member.profile.is_cleared_on(today)

    not_cleared = MemberFactory(profile__not_cleared=True)
    EnrolmentFactory(season=season, user=not_cleared)
    assert not_cleared.work_refusal_on(today) == "Mineur·e sans autorisation parentale."

    AbsenceFactory(user=member, starts_on=today, ends_on=today + dt.timedelta(days=2))
    member = User.objects.get(pk=member.pk)
    assert member.work_refusal_on(today) == "Ce membre est absent ce jour-là."
    assert member.can_work_on(today + dt.timedelta(days=3))

    enrolment.left_on = today + dt.timedelta(days=5)
    enrolment.save()
    assert member.can_work_on(today + dt.timedelta(days=4))
    assert not member.can_work_on(today + dt.timedelta(days=5))

    member.is_active = False
    member.save()
    refusal = member.work_refusal_on(today + dt.timedelta(days=4))
    assert refusal == "Le compte de ce membre est désactivé."


def test_availability_follows_the_half_days_and_the_dates_away():
    wednesday_morning_only = EVERY_HALF_DAY & ~half_day_bit(2, afternoon=True)
    member = MemberFactory(profile__availability=wednesday_morning_only)
    assert member.is_available(TODAY, dt.time(9), dt.time(12))
    assert member.is_available(TODAY, dt.time(9), dt.time(13))  # mornings end at 13:00
    assert not member.is_available(TODAY, dt.time(9), dt.time(14))
    assert not member.is_available(TODAY, dt.time(14), dt.time(17))
    assert member.is_available(TODAY + dt.timedelta(days=1), dt.time(14), dt.time(17))

    AbsenceFactory(user=member, starts_on=TODAY, ends_on=TODAY)
    member = User.objects.get(pk=member.pk)
    assert not member.is_available(TODAY, dt.time(9), dt.time(12))


def test_a_skill_needing_a_certificate_counts_only_while_it_is_valid():
    babysitting = SkillFactory(requires_certificate=True)
    gardening = SkillFactory()
    member = MemberFactory()
    MemberSkillFactory(user=member, skill=gardening)
    held = MemberSkillFactory(user=member, skill=babysitting, certificate_until=None)
    assert member.holds_skill(gardening, TODAY)
    assert member.holds_skill(gardening.pk, TODAY)
    assert not member.holds_skill(babysitting, TODAY)
    held.certificate_until = TODAY
    held.save()
    member = User.objects.get(pk=member.pk)
    assert member.holds_skill(babysitting, TODAY)
    assert not member.holds_skill(babysitting, TODAY + dt.timedelta(days=1))
    assert not MemberFactory().holds_skill(gardening, TODAY)


@pytest.mark.parametrize("size", [2, 12])
def test_with_work_facts_answers_every_question_from_memory(
    size, season, django_assert_num_queries
):
    skill = SkillFactory()
    today = timezone.localdate()
    for index in range(size):
        member = MemberFactory(profile__minor=index % 2 == 0)
        EnrolmentFactory(season=season, user=member)
        MemberSkillFactory(user=member, skill=skill)
        AbsenceFactory(user=member, starts_on=today + dt.timedelta(days=index))
    # users (with profiles), skills, dates away, enrolments
    with django_assert_num_queries(4):
        members = list(User.objects.members().with_work_facts())
    with django_assert_num_queries(0):
        for member in members:
            member.age_on(today)
            member.is_minor_on(today)
            member.is_cleared_on(today)
            member.can_work_on(today)
            member.work_refusal_on(today)
            member.is_available(today, dt.time(9), dt.time(12))
            member.holds_skill(skill, today)
    assert sum(member.can_work_on(today) for member in members) == size - 1  # one away


def test_leader_factory_has_no_profile():
    assert LeaderFactory().member_profile is None


def test_last_summer_s_parental_authorization_does_not_clear_a_minor_this_summer():
    today = timezone.localdate()
    member = MemberFactory(
        profile__minor=True,
        profile__parental_authorization_received_on=today - dt.timedelta(days=300),
    )
    assert member.profile.is_cleared_on(today)
    next_summer = today + dt.timedelta(days=70)  # 16 today (the factory's minor): still a minor
    assert not member.profile.is_cleared_on(next_summer)
    assert "plus d’un an" in member.profile.clearance_problem_on(next_summer)
    assert member.pk in set(User.objects.not_cleared_on(next_summer).values_list("pk", flat=True))


def test_the_sql_rule_for_not_cleared_matches_the_python_one():
    today = timezone.localdate()
    cases = [
        {"date_of_birth": None},
        {"minor": True},
        {"not_cleared": True},
        {"minor": True, "parental_authorization_received_on": today + dt.timedelta(days=1)},
        {"minor": True, "parental_authorization_received_on": today - dt.timedelta(days=365)},
        {"minor": True, "parental_authorization_received_on": today - dt.timedelta(days=366)},
        {"date_of_birth": eighteen_years_before(today)},  # 18 today
        {"date_of_birth": eighteen_years_before(today) + dt.timedelta(days=1)},
        {},
    ]
    members = [MemberFactory(**{f"profile__{k}": v for k, v in case.items()}) for case in cases]
    in_sql = set(User.objects.members().not_cleared_on(today).values_list("pk", flat=True))
    in_python = {m.pk for m in members if not m.is_cleared_on(today)}
    assert in_sql == in_python
    assert len(in_python) == 5
    assert set(User.objects.minors_on(today).values_list("pk", flat=True)) == {
        m.pk for m in members if m.is_minor_on(today)
    }
