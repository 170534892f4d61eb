"""The convocation says who it did not reach, and each convened member finds it on their
dashboard, with a printable copy."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import (
    TEST_PASSWORD,
    AgendaItemFactory,
    EnrolmentFactory,
    LeaderFactory,
    MeetingFactory,
    MemberFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_convocation_names_who_it_missed_and_reaches_the_dashboard(new_page):
    season = SeasonFactory()
    leader = LeaderFactory(username="leader1")
    EnrolmentFactory(season=season, user=MemberFactory(username="lea", first_name="Léa"))
    EnrolmentFactory(
        season=season, user=MemberFactory(first_name="Hugo", last_name="Bernard", email="")
    )
    meeting = MeetingFactory(season=season, chair=leader, title="Conseil du lundi")
    AgendaItemFactory(meeting=meeting, title="Tarifs de la tonte")

    planner = new_page()
    planner.on("dialog", lambda dialog: dialog.accept())
    log_in(planner, "leader1", TEST_PASSWORD)
    planner.goto(f"/vie-democratique/reunions/{meeting.pk}/")
    planner.get_by_role("button", name="Envoyer la convocation").click()
    expect(planner.get_by_text("Convocation envoyée par e-mail à 1 membres.")).to_be_visible()
    expect(planner.get_by_text("Hugo Bernard (pas d’adresse e-mail)")).to_be_visible()
    assert len(mail.outbox) == 1

    member = new_page()
    log_in(member, "lea", TEST_PASSWORD)
    card = member.get_by_test_id("convocation-card")
    expect(card).to_contain_text("Convocation : Conseil du lundi")
    expect(card).to_contain_text("Salle du centre social")
    expect(card).to_contain_text("Tarifs de la tonte")
    card.get_by_role("link", name="Convocation imprimable").click()
    expect(member.get_by_test_id("convocation-agenda")).to_contain_text("Tarifs de la tonte")
    expect(member.get_by_role("button", name="Imprimer")).to_be_visible()
