"""The pages a long-lived cooperative opens every day read as much after ten summers as after
one: the archived seasons' members, roles, committees, meetings and hours stay in the
database, and no page of the current season may read them one by one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from members import actions
from services.models import ClaimStatus
from tests.factories import (
    AgendaItemFactory,
    ArchivedSeasonFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    JobFactory,
    MeetingFactory,
    MemberFactory,
    MemberSkillFactory,
    RoleAssignmentFactory,
    RoleFactory,
    TimesheetFactory,
)
from tests.members.conftest import make_plan

pytestmark = pytest.mark.django_db

PER_SUMMER = 6


def _archived_summer(roles) -> None:
    """One past summer: its members, their roles, a committee, a meeting held, hours worked."""
    past = ArchivedSeasonFactory()
    meeting = MeetingFactory(
        season=past, starts_at=timezone.make_aware(dt.datetime(past.year, 7, 10, 18))
    )
    AgendaItemFactory(meeting=meeting)
    for index in range(PER_SUMMER):
        user = MemberFactory(profile__minor=index % 2 == 0)
        EnrolmentFactory(season=past, user=user)
        MemberSkillFactory(user=user)
        RoleAssignmentFactory(
            season=past,
            user=user,
            role=roles[index % 3],
            starts_on=past.starts_on + dt.timedelta(weeks=index // 3),
            ends_on=past.starts_on + dt.timedelta(weeks=index // 3, days=6),
        )
        CommitteeMembershipFactory(season=past, user=user)
        job = JobFactory(request__season=past, date=past.starts_on + dt.timedelta(days=index))
        TimesheetFactory(
            claim__job=job,
            claim__member=user,
            claim__status=ClaimStatus.APPROVED,
            validated_at=timezone.now(),
        )


@pytest.fixture
def roles(db):
    return [RoleFactory(slug=f"role-archive-{index}") for index in range(3)]


@pytest.fixture(params=[1, 5], ids=["one archived summer", "five archived summers"])
def long_lived(request, season, roles, member, other_member, leader):
    """The current season (``member`` and ``other_member`` enrolled, a published rotation of
    roles, a meeting to come) after ``request.param`` archived summers."""
    for _ in range(request.param):
        _archived_summer(roles)
    plan = make_plan(season, roles, [member, other_member], leader)
    actions.rotation_publish(plan=plan, today=timezone.localdate(), by=leader, notify=False)
    return MeetingFactory(season=season, chair=leader)


# The budgets of the pages' own query tests (tests/cjs/test_dashboard.py,
# tests/members/test_directory.py, test_page_queries.py, tests/governance/test_query_budgets.py).
LEADER_PAGES = [
    ("dashboard", False, 20),
    ("members:directory", False, 10),
    ("governance:meeting_list", False, 8),
    ("governance:meeting_detail", True, 19),
]
MEMBER_PAGES = [("dashboard", 15), ("my:rotation", 8)]


@pytest.mark.parametrize(("name", "with_meeting", "budget"), LEADER_PAGES)
def test_the_leaders_pages_read_as_much_with_an_archive(
    long_lived, leader_client, django_assert_max_num_queries, name, with_meeting, budget
):
    url = reverse(name, args=[long_lived.pk]) if with_meeting else reverse(name)
    with django_assert_max_num_queries(budget):
        assert leader_client.get(url).status_code == 200


@pytest.mark.parametrize(("name", "budget"), MEMBER_PAGES)
def test_the_members_pages_read_as_much_with_an_archive(
    long_lived, member_client, django_assert_max_num_queries, name, budget
):
    with django_assert_max_num_queries(budget):
        assert member_client.get(reverse(name)).status_code == 200
