"""The member's roles and committees of the week on their dashboard are written by
``{% my_week_section %}`` (members_tags): the section is what the former template wrote (kept
in tests/members/former_my_week_section.html), with cards (hostile texts) and without, weeks
across months and years, in both languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.template import engines
from django.utils.translation import override

from members.dashboard import DutiesCard

FORMER = (Path(__file__).parent / "former_my_week_section.html").read_text().removesuffix("\n")
HOSTILE = '<b>"O\'Brien" & co</b>'
CARDS = [
    DutiesCard(dt.date(2026, 7, 6), dt.date(2026, 7, 12), HOSTILE, HOSTILE, f"- {HOSTILE}\n• B"),
    DutiesCard(dt.date(2026, 12, 28), dt.date(2027, 1, 3), "Trésorerie", "", ""),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("cards", [CARDS, CARDS[1:], []])
@pytest.mark.parametrize("monday", [dt.date(2026, 7, 6), dt.date(2026, 12, 28)])
def test_the_week_is_written_as_the_template_wrote_it(language, cards, monday):
    engine = engines["django"]
    context = {
        "week_start": monday,
        "week_end": monday + dt.timedelta(days=6),
        "my_week_cards": cards,
    }
    with override(language):
        former = engine.from_string(FORMER).render(context)
        written = engine.from_string("{% load members_tags %}{% my_week_section %}").render(context)
    assert written == former
    assert HOSTILE not in written
