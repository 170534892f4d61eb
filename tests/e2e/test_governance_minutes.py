"""The secretary's minutes on a phone: text that arrives without a keystroke (dictation,
autocorrect, paste) is saved, each box alone, and approved minutes are read-only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from governance.models import Minutes
from tests.e2e.conftest import log_in
from tests.factories import (
    TEST_PASSWORD,
    AgendaItemFactory,
    EnrolmentFactory,
    MeetingFactory,
    MemberFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_minutes_save_what_arrives_without_typing(new_page):
    season = SeasonFactory()
    secretary = EnrolmentFactory(
        season=season, user=MemberFactory(username="ines", first_name="Inès")
    ).user
    meeting = MeetingFactory(season=season, secretary=secretary, title="Conseil du lundi")
    item = AgendaItemFactory(meeting=meeting, title="Tarifs", notes="")
    minutes = Minutes.objects.create(meeting=meeting)
    page = new_page()
    log_in(page, "ines", TEST_PASSWORD)
    page.goto(f"/vie-democratique/reunions/{meeting.pk}/proces-verbal/rediger/")

    # fill() sets the text and fires "input" only, like dictation or a paste: no key pressed.
    page.locator(f"#notes-{item.pk}").fill("Débat sur le tarif de la tonte.")
    expect(page.locator(f"#saved-{item.pk}")).to_contain_text("Enregistré à")
    item.refresh_from_db()
    assert item.notes == "Débat sur le tarif de la tonte."

    # Another secretary saved "other business" meanwhile: saving the introduction from this
    # phone, where that box is still empty, must not erase it.
    Minutes.objects.filter(pk=minutes.pk).update(other_business="Point du trésorier.")
    page.locator("#id_introduction").fill("Bonne humeur générale.")
    expect(page.locator("#saved-introduction")).to_contain_text("Enregistré à")
    minutes.refresh_from_db()
    assert minutes.introduction == "Bonne humeur générale."
    assert minutes.other_business == "Point du trésorier."

    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.APPROVED)
    page.reload()
    expect(page.get_by_test_id("minutes-read-only")).to_contain_text("Bonne humeur générale.")
    expect(page.locator("textarea")).to_have_count(0)
