"""The decisions register comes by page, the latest decisions first: links to the other
pages keep the search; a page past the end shows the last one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Motion
from governance.views.exports import REGISTER_PAGE_SIZE
from tests.factories import AgendaItemFactory, ConsultationFactory, MeetingFactory, MotionFactory

REGISTER = reverse("governance:register")


@pytest.fixture
def many_decisions(season):
    """A page of adopted motions and three decisions more (one a consultation), a day
    apart, the newest first in their list."""
    item = AgendaItemFactory(meeting=MeetingFactory(season=season))
    now = timezone.now()
    motions = [
        MotionFactory(
            item=item,
            title=f"Décision numéro {index:02d}",
            status=Motion.Status.ADOPTED,
            decided_at=now - dt.timedelta(days=index),
        )
        for index in range(REGISTER_PAGE_SIZE + 2)
    ]
    consultation = ConsultationFactory(
        season=season,
        title="Consultation la plus ancienne",
        outcome="On garde les t-shirts.",
        outcome_adopted=True,
        outcome_at=now - dt.timedelta(days=REGISTER_PAGE_SIZE + 5),
    )
    return motions, consultation


def test_the_register_shows_a_page_of_decisions_the_latest_first(many_decisions, member_client):
    first = member_client.get(REGISTER).content.decode()
    assert first.count('class="list-group-item"') == REGISTER_PAGE_SIZE
    assert first.index("Décision numéro 00") < first.index("Décision numéro 01")
    assert 'href="?page=2"' in first
    second = member_client.get(REGISTER, {"page": 2}).content.decode()
    assert second.count('class="list-group-item"') == 3
    assert "Décision numéro 25" in second and "Décision numéro 26" in second
    assert second.index("Décision numéro 26") < second.index("Consultation la plus ancienne")
    assert "Décision numéro 00" not in second


def test_a_register_page_past_the_end_shows_the_last(many_decisions, member_client):
    page = member_client.get(REGISTER, {"page": 40}).content.decode()
    assert page.count('class="list-group-item"') == 3
    assert "Consultation la plus ancienne" in page


def test_the_register_pages_keep_the_search(many_decisions, member_client):
    first = member_client.get(REGISTER, {"q": "numéro"}).content.decode()
    assert first.count('class="list-group-item"') == REGISTER_PAGE_SIZE
    assert "?q=num%C3%A9ro&amp;page=2" in first
    second = member_client.get(REGISTER, {"q": "numéro", "page": 2}).content.decode()
    assert second.count('class="list-group-item"') == 2  # the consultation does not match
