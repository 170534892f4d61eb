"""The chair cannot close a round nobody voted in by a slip of the finger: the page says why
the vote stays open; ticking "close even if nobody has voted" closes it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from governance import actions
from governance.models import Ballot
from tests.e2e.conftest import log_in
from tests.factories import (
    TEST_PASSWORD,
    AgendaItemFactory,
    EnrolmentFactory,
    LeaderFactory,
    MeetingFactory,
    MemberFactory,
    MotionFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_closing_an_empty_round_is_refused_then_confirmed(new_page):
    season = SeasonFactory()
    chair = LeaderFactory(username="chair")
    members = [EnrolmentFactory(season=season, user=MemberFactory()).user for _ in range(2)]
    meeting = MeetingFactory(season=season, chair=chair)
    actions.meeting_open(meeting=meeting, by=chair)
    for user in members:
        actions.attendance_set(meeting=meeting, user=user, status="present", by=chair)
    MotionFactory(item=AgendaItemFactory(meeting=meeting), title="Acheter une tondeuse")

    page = new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, "chair", TEST_PASSWORD)
    page.goto(f"/vie-democratique/reunions/{meeting.pk}/")
    page.get_by_role("button", name="Ouvrir le vote").click()
    page.wait_for_url(re.compile(r"/vie-democratique/votes/\d+/$"))

    page.get_by_role("button", name="Clôturer le vote").click()
    expect(page.get_by_text("Personne n’a encore voté : le vote reste ouvert.")).to_be_visible()
    assert Ballot.objects.get().is_open

    page.get_by_label("Clôturer même si personne n’a voté").check()
    page.get_by_role("button", name="Clôturer le vote").click()
    expect(page.get_by_text("Le vote est clos.")).to_be_visible()
    assert not Ballot.objects.get().is_open
