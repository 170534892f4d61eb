"""``TeamFacts``: what the approvers' pages read about many members, in one query (a UNION
ALL of parts) besides the members themselves, says what the reads of each fact say on their
own: hours and earnings, work booked, commitments, experience, the team's average."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import Cooperative, User
from services.models import ClaimStatus, JobStatus
from services.queries import (
    TeamFacts,
    booked_work,
    commitments,
    experience,
    hours_and_earnings,
    team_average,
)
from services.queries.eligibility import around
from services.queries.work import average_of, validated_timesheets
from tests.factories import (
    ArchivedSeasonFactory,
    ClaimFactory,
    EnrolmentFactory,
    JobFactory,
    LeaderFactory,
    MemberFactory,
    ServiceRequestFactory,
    TimesheetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(season, make_member):
    """Three members: one with validated hours (this season and an archived one), one with
    hours logged and not validated, one waiting on two jobs; a member of no job."""
    today = timezone.localdate()
    worked, logged, waiting, idle = (make_member() for _ in range(4))
    past = JobFactory(
        request=ServiceRequestFactory(season=season),
        date=today - dt.timedelta(days=3),
        status=JobStatus.DONE,
        hourly_rate=Decimal("12.35"),
    )
    TimesheetFactory(
        claim=ClaimFactory(job=past, member=worked, status=ClaimStatus.APPROVED),
        hours=Decimal("2.25"),
        validated_at=timezone.now(),
    )
    TimesheetFactory(
        claim=ClaimFactory(job=past, member=logged, status=ClaimStatus.APPROVED),
        started_at=dt.time(9, 15),
        ended_at=dt.time(11, 50),
        break_minutes=5,
        hours=Decimal("2.50"),
    )
    archived = ArchivedSeasonFactory()
    old = JobFactory(
        request=ServiceRequestFactory(season=archived, service=past.service),
        season=archived,
        date=today - dt.timedelta(days=400),
        status=JobStatus.DONE,
    )
    ClaimFactory(job=old, member=worked, status=ClaimStatus.APPROVED)
    for offset, starts in ((1, dt.time(14)), (1, dt.time(8)), (4, dt.time(9))):
        job = JobFactory(
            request=ServiceRequestFactory(season=season),
            date=today + dt.timedelta(days=offset),
            starts_at=starts,
            ends_at=dt.time(starts.hour + 2, 30),
        )
        ClaimFactory(job=job, member=waiting)
    return [worked.pk, logged.pk, waiting.pk, idle.pk]


def _facts(viewer, season, ids, days, cooperative=None, **needs) -> TeamFacts:
    return TeamFacts(
        viewer=viewer,
        season=season,
        cooperative=cooperative or Cooperative.load(),
        member_ids=ids,
        days=days,
        **needs,
    )


@pytest.mark.parametrize("as_columns", [True, False])
def test_the_facts_say_what_each_read_says(team, season, leader, as_columns):
    """The queue's facts (``needs``: the members as columns) and the team page's (the
    members as ``User`` instances) read the same figures, in one query besides the
    members."""
    today = timezone.localdate()
    days = [today, today + dt.timedelta(days=2)]
    cooperative = Cooperative.load()
    needs = {"needs": {}} if as_columns else {}
    with CaptureQueriesContext(connection) as queries:
        facts = _facts(leader, season, team, days, cooperative, **needs)
    assert len(queries) == (1 if as_columns else 5)  # the users apart: four queries
    assert list(facts.members) == sorted(team, key=lambda pk: str(facts.members[pk]))
    assert facts.figures == hours_and_earnings(season, team)
    assert facts.figures[team[0]] == (Decimal("2.25"), Decimal("27.7875"))
    assert facts.booked == booked_work(season, team)
    assert facts.booked_hours(team[1]) == Decimal("2.50")
    first, last = around(min(days))[0], around(max(days))[1]
    assert facts.slots == dict(commitments(team, first, last))
    slots = facts.slots[team[2]]
    assert [(s.date, s.starts_at) for s in slots] == sorted((s.date, s.starts_at) for s in slots)
    services = {service for _member, service in facts.experience}
    assert facts.experience == {
        (member, service): done
        for service in services
        for member, done in experience(service, team).items()
    }
    (service,) = services
    assert facts.experience == {(team[0], service): 2, (team[1], service): 1}
    assert facts.average == team_average(season) == Decimal("0.6")


def test_without_a_season_or_days_the_facts_read_no_figure(team, leader):
    facts = _facts(leader, None, team, [], needs={})
    assert (facts.figures, facts.booked, facts.slots, facts.average) == ({}, {}, {}, 0)
    assert facts.experience


def test_the_facts_of_no_member_read_the_average_only(season, leader, make_member):
    cooperative = Cooperative.load()
    with CaptureQueriesContext(connection) as queries:
        facts = _facts(leader, season, [], [timezone.localdate()], cooperative, needs={})
    assert facts.members == {}
    assert facts.average == team_average(season)
    assert len(queries) == 1  # the average


def test_the_average_divides_by_the_members_taking_part_as_the_users_query_counts_them(
    team, season, leader
):
    """Counted from the season's enrolments: the members enrolled, not left, with an active
    account; not a leader enrolled, a member who left, a closed account, another season's."""
    EnrolmentFactory(season=season, user=LeaderFactory())
    EnrolmentFactory(season=season, user=MemberFactory(), left_on=timezone.localdate())
    EnrolmentFactory(season=season, user=MemberFactory(is_active=False))
    EnrolmentFactory(season=ArchivedSeasonFactory(), user=MemberFactory())
    taking_part = User.objects.members().enrolled_in(season).count()
    total = sum(t.hours for t in validated_timesheets(season))

    assert taking_part == 4  # the team's three and the member of no job
    assert team_average(season) == average_of(taking_part, total)
    facts = _facts(leader, season, team, [], Cooperative.load(), needs={})
    assert facts.average == team_average(season)
