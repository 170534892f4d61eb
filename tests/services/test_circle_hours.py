"""The hours the head start compares (``services.queries.work.circle_hours``), read in one
grouped pass over the season's claims: the validated hours plus the work booked and not
validated yet, as ``validated_timesheets`` and ``booked_work`` count them, for every member
who may take jobs (enrolled, cleared), and for them only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from services.models import ClaimStatus, JobStatus
from services.queries.work import booked_work, circle_hours, validated_timesheets
from tests.factories import (
    ArchivedSeasonFactory,
    ClaimFactory,
    EnrolmentFactory,
    JobFactory,
    LeaderFactory,
    MemberFactory,
    ServiceRequestFactory,
    TimesheetFactory,
    enrol_every_clearance_case,
)

pytestmark = pytest.mark.django_db


def _job(season, **fields):
    return JobFactory(request=ServiceRequestFactory(season=season), **fields)


def _member(season, **profile):
    user = MemberFactory(**{f"profile__{key}": value for key, value in profile.items()})
    EnrolmentFactory(season=season, user=user)
    return user


def test_the_circle_hours_are_the_validated_and_the_booked_hours(season):
    today = timezone.localdate()
    worker, logger, planner, idle = (_member(season) for _ in range(4))
    minor = _member(season, minor=True)
    blocked = _member(season, not_cleared=True)
    left = _member(season)
    left.enrolments.update(left_on=today)
    deactivated = _member(season)
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    enrolled_leader = LeaderFactory()  # a leader enrolled by mistake takes no job
    EnrolmentFactory(season=season, user=enrolled_leader)
    # Validated (counted), and a validated timesheet on a job cancelled since (not counted).
    TimesheetFactory(
        claim=ClaimFactory(job=_job(season), member=worker, status=ClaimStatus.APPROVED),
        hours=Decimal("2.50"),
        validated_at=timezone.now(),
    )
    TimesheetFactory(
        claim=ClaimFactory(
            job=_job(season, status=JobStatus.CANCELLED), member=worker, status=ClaimStatus.APPROVED
        ),
        hours=Decimal("4.00"),
        validated_at=timezone.now(),
    )
    # Logged, not validated yet: the hours logged.
    TimesheetFactory(
        claim=ClaimFactory(job=_job(season), member=logger, status=ClaimStatus.APPROVED),
        hours=Decimal("1.25"),
    )
    # Booked without hours: the job's planned times (9:00-11:40 rounds to 2.67), a waiting
    # claim included; a rejected claim and another season's work are not counted.
    ClaimFactory(
        job=_job(season, ends_at=dt.time(11, 40)), member=planner, status=ClaimStatus.APPROVED
    )
    ClaimFactory(job=_job(season), member=planner)  # waiting: 3 h
    ClaimFactory(job=_job(season), member=planner, status=ClaimStatus.REJECTED)
    ClaimFactory(job=_job(season), member=minor, status=ClaimStatus.APPROVED)
    ClaimFactory(job=_job(season), member=blocked, status=ClaimStatus.APPROVED)
    archived = ArchivedSeasonFactory()
    EnrolmentFactory(season=archived, user=idle)
    TimesheetFactory(
        claim=ClaimFactory(job=_job(archived), member=idle, status=ClaimStatus.APPROVED),
        validated_at=timezone.now(),
    )

    found = circle_hours(season, today)

    validated: dict[int, Decimal] = {}
    for timesheet in validated_timesheets(season).select_related("claim"):
        member = timesheet.claim.member_id
        validated[member] = validated.get(member, Decimal(0)) + timesheet.hours
    booked = {member: hours for member, (hours, _pay) in booked_work(season).items()}
    expected = {
        user.pk: validated.get(user.pk, Decimal(0)) + booked.get(user.pk, Decimal(0))
        for user in (worker, logger, planner, idle, minor)
    }
    assert found == expected
    assert found[worker.pk] == Decimal("2.50")
    assert found[logger.pk] == Decimal("1.25")
    assert found[planner.pk] == Decimal("5.67")
    assert found[idle.pk] == 0 and found[minor.pk] == 3
    assert blocked.pk not in found and left.pk not in found
    assert deactivated.pk not in found and enrolled_leader.pk not in found


def test_a_members_place_in_the_circle_answers_as_the_circle_of_every_member(season):
    """``HeadStart.includes`` reads one row (``circle_place``: the members, those with fewer
    hours, whether the member is one) where ``head_start_circle`` sorted every member's
    hours: both answer the same for every member and number of seats, ties, cents and
    planned hundredths included, and for members outside the circle's members."""
    from members.models import Cooperative
    from services.fairness import head_start_circle
    from services.queries.work import HeadStart

    today = timezone.localdate()
    members = [_member(season) for _ in range(8)]
    blocked = _member(season, not_cleared=True)
    stranger = MemberFactory()
    validated = [Decimal("2.50"), Decimal("2.50"), Decimal("0.10"), Decimal("0.20")]
    for member, hours in zip(members, validated, strict=False):
        TimesheetFactory(
            claim=ClaimFactory(job=_job(season), member=member, status=ClaimStatus.APPROVED),
            hours=hours,
            validated_at=timezone.now(),
        )
    # 0.10 + 0.20 logged against 0.30 validated: equal in cents (not in floats).
    TimesheetFactory(
        claim=ClaimFactory(job=_job(season), member=members[4], status=ClaimStatus.APPROVED),
        hours=Decimal("0.30"),
        validated_at=timezone.now(),
    )
    for hours in (Decimal("0.10"), Decimal("0.20")):
        TimesheetFactory(
            claim=ClaimFactory(job=_job(season), member=members[5], status=ClaimStatus.APPROVED),
            hours=hours,
        )
    # Planned 9:00-11:40 (2.67) against 2.67 validated; another planned 3 h.
    ClaimFactory(
        job=_job(season, ends_at=dt.time(11, 40)), member=members[6], status=ClaimStatus.APPROVED
    )
    TimesheetFactory(
        claim=ClaimFactory(job=_job(season), member=members[7], status=ClaimStatus.APPROVED),
        hours=Decimal("2.67"),
        validated_at=timezone.now(),
    )
    ClaimFactory(job=_job(season), member=blocked, status=ClaimStatus.APPROVED)
    hours = circle_hours(season, today)
    now = timezone.now()
    for seats in range(1, 10):
        circle = head_start_circle(hours, seats)
        for user in [*members, blocked, stranger]:
            head_start = HeadStart(Cooperative.load(), season, now)
            assert head_start.includes(user.pk, seats) == (user.pk in circle), (seats, user.pk)
    # Several members and seats asked of one head start: each answer its own.
    head_start = HeadStart(Cooperative.load(), season, now)
    for user in members:
        for seats in (1, 3, 8):
            assert head_start.includes(user.pk, seats) == (
                user.pk in head_start_circle(hours, seats)
            )


def test_nobody_is_in_the_circle_of_a_season_without_members(season):
    from members.models import Cooperative
    from services.queries.work import HeadStart

    head_start = HeadStart(Cooperative.load(), season, timezone.now())
    assert not head_start.includes(MemberFactory().pk, 1)


def test_the_circle_leaves_out_the_members_not_cleared_as_the_users_query_finds_them(season):
    """The circle asks each member's profile by a join (``not_cleared_flag``): it must leave
    out the members ``User.objects.not_cleared_on`` finds, whatever is missing or empty."""
    from members.models import User

    today = timezone.localdate()
    cases = enrol_every_clearance_case(season, today)
    adult, cleared_minor, forgotten_adult = (
        cases[name] for name in ("adult", "cleared_minor", "forgotten_adult")
    )
    everyone = list(cases.values())
    not_cleared = set(User.objects.not_cleared_on(today).values_list("pk", flat=True))
    assert set(circle_hours(season, today)) == {u.pk for u in everyone} - not_cleared
    assert set(circle_hours(season, today)) == {adult.pk, cleared_minor.pk, forgotten_adult.pk}
