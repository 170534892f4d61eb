"""A vote in the room: two members vote from their phones while the chair's screen counts the
ballots live (HTMX polling), then the chair closes and everyone sees the result."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from governance import actions
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

LIVE = 10_000  # the screens poll every 3 seconds


def test_two_members_vote_while_the_chair_counts_live(new_page):
    season = SeasonFactory()
    chair = LeaderFactory(username="chair", first_name="Camille")
    lea = EnrolmentFactory(season=season, user=MemberFactory(username="lea", first_name="Léa")).user
    hugo = EnrolmentFactory(
        season=season, user=MemberFactory(username="hugo", first_name="Hugo")
    ).user
    meeting = MeetingFactory(season=season, chair=chair, title="Conseil du lundi")
    actions.meeting_open(meeting=meeting, by=chair)
    for user in (lea, hugo):
        actions.attendance_set(meeting=meeting, user=user, status="present", by=chair)
    MotionFactory(
        item=AgendaItemFactory(meeting=meeting, title="Matériel"),
        title="Acheter une débroussailleuse",
        text="Une débroussailleuse d'occasion à 80 €.",
    )
    meeting_url = f"/vie-democratique/reunions/{meeting.pk}/"

    chair_page, lea_page, hugo_page = new_page(), new_page(), new_page()
    for page, username in ((chair_page, "chair"), (lea_page, "lea"), (hugo_page, "hugo")):
        log_in(page, username, TEST_PASSWORD)
        page.goto(meeting_url)

    chair_page.on("dialog", lambda dialog: dialog.accept())
    chair_page.get_by_role("button", name="Ouvrir le vote").click()
    chair_page.wait_for_url(re.compile(r"/vie-democratique/votes/\d+/$"))
    cast = chair_page.get_by_test_id("ballots-cast")
    expect(cast).to_have_text("0")

    # The members' meeting page learns of the vote by itself.
    for page in (lea_page, hugo_page):
        page.get_by_role("link", name="Voter").click(timeout=LIVE)
        page.wait_for_url(re.compile(r"/vie-democratique/votes/\d+/$"))

    lea_page.get_by_role("button", name="Pour").click()
    expect(lea_page.get_by_test_id("voted")).to_be_visible()
    expect(cast).to_have_text("1", timeout=LIVE)

    hugo_page.get_by_role("button", name="Contre").click()
    expect(hugo_page.get_by_test_id("voted")).to_be_visible()
    expect(cast).to_have_text("2", timeout=LIVE)
    expect(chair_page.get_by_test_id("live-tally")).to_contain_text("Contre : 1", timeout=LIVE)

    # Hugo changes his mind before the vote closes (a named vote may change).
    hugo_page.get_by_role("button", name="Abstention").click()
    expect(chair_page.get_by_test_id("live-tally")).to_contain_text("Abstention : 1", timeout=LIVE)
    expect(cast).to_have_text("2")

    chair_page.get_by_role("button", name="Clôturer le vote").click()
    expect(chair_page.get_by_test_id("result")).to_have_text("Adoptée")
    for page in (lea_page, hugo_page):
        expect(page.get_by_test_id("result")).to_have_text("Adoptée", timeout=LIVE)
        # The same poll takes the voting buttons away: nothing left to press.
        expect(page.get_by_test_id("vote-closed")).to_be_visible()
        for choice in ("Pour", "Contre", "Abstention"):
            expect(page.get_by_role("button", name=choice)).to_have_count(0)
        expect(page.get_by_text("Vous pouvez changer votre vote")).to_have_count(0)
