"""On a phone, the agenda's buttons keep their shape next to a long title, and a badge stays
a badge beside a long consultation question."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from governance import actions
from tests.e2e.conftest import log_in
from tests.factories import (
    TEST_PASSWORD,
    AgendaItemFactory,
    ConsultationFactory,
    EnrolmentFactory,
    LeaderFactory,
    MeetingFactory,
    MemberFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

LONG = (
    "Organisation du lavage de voitures de samedi sur le parking du centre social, "
    "avec le prêt des seaux et de l'eau"
)


def _height(locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["height"]


def test_agenda_buttons_and_badges_keep_their_shape_on_a_phone(new_page):
    season = SeasonFactory()
    LeaderFactory(username="camille")
    lea = EnrolmentFactory(season=season, user=MemberFactory(username="lea")).user
    meeting = MeetingFactory(season=season, title="Conseil du lundi")
    for position in (1, 2, 3):
        AgendaItemFactory(meeting=meeting, position=position, title=LONG, description="")
    consultation = ConsultationFactory(season=season, title=LONG)
    actions.consultation_respond(consultation=consultation, user=lea, choice="yes")

    leader = new_page()
    log_in(leader, "camille", TEST_PASSWORD)
    leader.goto(f"/vie-democratique/reunions/{meeting.pk}/")
    buttons = leader.get_by_test_id("item-buttons").nth(1)
    up, down, pencil = (buttons.locator(".btn").nth(n) for n in range(3))
    expect(pencil).to_be_visible()
    title = leader.locator("#agenda h3").nth(1)
    assert _height(title) > 2 * _height(up)  # the title wraps on several lines...
    assert abs(_height(pencil) - _height(up)) < 2  # ...the pencil stays a button
    assert abs(_height(down) - _height(up)) < 2

    member = new_page()
    log_in(member, "lea", TEST_PASSWORD)
    member.goto("/vie-democratique/")
    badge = member.get_by_test_id("answered")
    expect(badge).to_be_visible()
    question = member.locator(".list-group-item", has_text="lavage").first
    assert _height(question) > 3 * _height(badge)
    assert _height(badge) < 30
