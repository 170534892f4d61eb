"""Fixtures of the governance tests: a board meeting in progress with members present."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from governance import actions
from governance.models import Attendance
from tests.factories import (
    AgendaItemFactory,
    EnrolmentFactory,
    MeetingFactory,
    MemberFactory,
    MotionFactory,
)


@pytest.fixture
def make_members(season):
    def make(count: int) -> list:
        return [EnrolmentFactory(season=season, user=MemberFactory()).user for _ in range(count)]

    return make


@pytest.fixture
def meeting(season, member, other_member, leader):
    """A board meeting planned today, chaired by the leader; ``member`` and ``other_member``
    are its only members."""
    return MeetingFactory(season=season, chair=leader)


@pytest.fixture
def live_meeting(meeting, member, other_member, leader):
    """The meeting in progress, both members present (the quorum of two is reached)."""
    actions.meeting_open(meeting=meeting, by=leader)
    for user in (member, other_member):
        actions.attendance_set(
            meeting=meeting, user=user, status=Attendance.Status.PRESENT, by=leader
        )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def motion(live_meeting):
    item = AgendaItemFactory(meeting=live_meeting, title="Décisions")
    return MotionFactory(item=item, title="Acheter une tondeuse", text="Pour 120 €.")


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def frozen_now(monkeypatch):
    """The clock stops (to the second): two runs of the same steps store the same times."""
    moment = timezone.now().replace(microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment
