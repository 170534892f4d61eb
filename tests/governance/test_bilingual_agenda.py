"""An agenda made from a template reads in the reader's language, whoever planned it; an item
a leader types has one text, the same for every reader."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from governance import actions
from governance.models import AgendaItem

pytestmark = pytest.mark.django_db


def _tonight() -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(18, 0)))


def _page(client, meeting, language: str) -> str:
    client.cookies["cjs_language"] = language
    return client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()


def test_an_agenda_from_a_template_reads_in_english_and_in_french(
    season, member, other_member, leader, member_client
):
    with translation.override("fr"):
        meeting = actions.meeting_create(
            season=season,
            kind="board",
            title="CA",
            starts_at=_tonight(),
            template="weekly_board",
            by=leader,
        )
    english = _page(member_client, meeting, "en")
    assert "Weather of the week" in english and "Accounts of the week" in english
    assert "Each member says in one word how they are." in english
    french = _page(member_client, meeting, "fr")
    assert "Weather of the week" not in french
    with translation.override("fr"):
        assert translation.gettext("Weather of the week") in french


def test_a_template_planned_in_english_still_reads_in_french(season, member, leader):
    with translation.override("en"):
        meeting = actions.meeting_create(
            season=season,
            kind="team",
            title="Debrief",
            starts_at=_tonight(),
            template="debrief",
            by=leader,
        )
    first = meeting.items.order_by("position").first()
    with translation.override("fr"):
        assert first.title == translation.gettext("Jobs of the day") != "Jobs of the day"
    with translation.override("en"):
        assert first.title == "Jobs of the day"


def test_a_typed_item_and_a_rewritten_template_item_read_the_same_in_both_languages(
    season, member, other_member, leader, member_client
):
    meeting = actions.meeting_create(
        season=season,
        kind="board",
        title="CA",
        starts_at=_tonight(),
        template="weekly_board",
        by=leader,
    )
    typed = actions.agenda_item_add(meeting=meeting, title="Fête de fin d'été", by=leader)
    assert (typed.title_fr, typed.title_en) == ("Fête de fin d'été", None)
    weather = meeting.items.get(title_en="Weather of the week")
    with translation.override("en"):
        actions.agenda_item_update(
            item=weather, title="Mood of the week", description="", by=leader
        )
    weather = AgendaItem.objects.get(pk=weather.pk)
    assert (weather.title_fr, weather.title_en) == ("Mood of the week", None)
    for language in ("fr", "en"):
        page = _page(member_client, meeting, language)
        assert "Fête de fin d&#x27;été" in page and "Mood of the week" in page


def test_rewriting_a_template_items_description_keeps_its_title_in_both_languages(
    season, member, other_member, leader
):
    meeting = actions.meeting_create(
        season=season,
        kind="board",
        title="CA",
        starts_at=_tonight(),
        template="weekly_board",
        by=leader,
    )
    item = meeting.items.get(title_en="Accounts of the week")
    with translation.override("fr"):
        actions.agenda_item_update(
            item=item, title=item.title, description="Le chiffre d'affaires.", by=leader
        )
    item = AgendaItem.objects.get(pk=item.pk)
    assert item.title_en == "Accounts of the week" != item.title_fr
    assert (item.description_fr, item.description_en) == ("Le chiffre d'affaires.", None)
