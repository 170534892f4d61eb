"""Races on publishing the rotation, settled by row locks in PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone

from cjs.errors import DomainError
from members import actions
from members.models import RoleAssignment
from tests.factories import EnrolmentFactory, LeaderFactory, MemberFactory, RoleFactory
from tests.members.conftest import make_plan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*calls):
    """Run the calls at the same moment in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # collected, asserted by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def crew(season):
    members = []
    for _ in range(5):
        user = MemberFactory()
        EnrolmentFactory(season=season, user=user)
        members.append(user)
    return members


def test_two_leaders_publishing_the_same_rotation_at_once_write_it_once(season, crew):
    leaders = [LeaderFactory(), LeaderFactory()]
    roles = [RoleFactory(), RoleFactory()]
    plan = make_plan(season, roles, crew, leaders[0])
    today = timezone.localdate()
    outcomes = _race(
        *[
            lambda leader=leader: actions.rotation_publish(
                plan=plan, today=today, by=leader, notify=False
            )
            for leader in leaders
        ]
    )
    assert not [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, DomainError)]
    rows = RoleAssignment.objects.filter(plan=plan)
    assert rows.count() == plan.seats.count()
    assert rows.values("role", "starts_on").distinct().count() == rows.count()


def test_two_rotations_of_the_same_role_cannot_both_be_published(season, crew):
    leader = LeaderFactory()
    role = RoleFactory()
    first = make_plan(season, [role], crew, leader)
    second = make_plan(season, [role], crew[:3], leader)
    today = timezone.localdate()
    outcomes = _race(
        *[
            lambda plan=plan: actions.rotation_publish(
                plan=plan, today=today, by=leader, notify=False
            )
            for plan in (first, second)
        ]
    )
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(refused) == 1, outcomes
    assert RoleAssignment.objects.values("plan").distinct().count() == 1
    weeks = len(season.week_starts())
    assert RoleAssignment.objects.filter(role=role).count() == weeks
