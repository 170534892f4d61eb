"""The members' pages that list people, entries or weeks run the same number of queries
whatever the size of the cooperative (the directory and the rotation boards have their own
tests in their modules)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from members import actions
from tests.factories import (
    AbsenceFactory,
    EnrolmentFactory,
    MemberFactory,
    MemberSkillFactory,
    PortfolioEntryFactory,
)
from tests.members.conftest import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[3, 15])
def crowd(request, member, season, roles, leader):
    """``member`` and a crowd of others, each with dates away, skills, portfolio entries and
    a published rotation of roles; ``member`` has as many of everything as there are others."""
    size = request.param
    members = [member]
    for index in range(size):
        user = MemberFactory(profile__minor=index % 2 == 0)
        EnrolmentFactory(season=season, user=user)
        AbsenceFactory(user=user, starts_on=season.ends_on - dt.timedelta(days=3))
        PortfolioEntryFactory(user=user, season=season)
        PortfolioEntryFactory(user=member, season=season)
        AbsenceFactory(
            user=member,
            starts_on=season.starts_on + dt.timedelta(days=2 * index),
            ends_on=season.starts_on + dt.timedelta(days=2 * index),
        )
        members.append(user)
        MemberSkillFactory(user=member)
    plan = make_plan(season, roles, members, leader)
    actions.rotation_publish(plan=plan, today=timezone.localdate(), by=leader, notify=False)
    return members


# The budgets, measured: session, user, season and cooperative (4), the viewer's capabilities
# on pages with the navigation of delegates, then the page's own reads, each in one query
# whatever the number of rows (members with their profiles, skills, dates away, entries with
# their activities, plans with their roles, committees, seats and assignments).
LEADER_PAGES = [
    ("members:member_detail", True, 12),
    ("members:portfolio_queue", False, 5),
    ("members:attestation", True, 12),
    ("members:rotation_create", False, 10),
    ("members:rotation_list", False, 7),
    ("my:rotation", False, 7),
]

MEMBER_PAGES = [
    ("my:profile", 10),
    ("my:portfolio", 11),
    ("my:attestation", 11),
    ("my:rotation", 8),
]


@pytest.mark.parametrize(("name", "with_member", "budget"), LEADER_PAGES)
def test_leaders_pages_run_a_constant_number_of_queries(
    name, with_member, budget, crowd, member, leader_client, django_assert_max_num_queries
):
    url = reverse(name, args=[member.pk] if with_member else [])
    with django_assert_max_num_queries(budget):
        assert leader_client.get(url).status_code == 200


@pytest.mark.parametrize(("name", "budget"), MEMBER_PAGES)
def test_members_pages_run_a_constant_number_of_queries(
    name, budget, crowd, member_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(budget):
        assert member_client.get(reverse(name)).status_code == 200
