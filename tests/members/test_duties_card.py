"""The member's dashboard writes each role and committee of the week with ``{% duties_card %}``
instead of including ``members/_duties_card.html``: the HTML must be what the include wrote
(hostile texts escaped, no description, no duties, both languages), and the page shows it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Engine
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override

from members.dashboard import DutiesCard
from members.templatetags.members_tags import duties_card
from tests.factories import RoleAssignmentFactory

HOSTILE = '<b>"O\'Brien" & co</b>'

# members/_duties_card.html as it was, included with slot=card row=card.
FORMER_CARD = """{% load i18n %}
{% comment %}A role or committee held this week (``slot``, dated ``row``), with its duties as a checklist.{% endcomment %}
<div class="card mb-2 duties-card"><div class="card-body">
  <div class="d-flex justify-content-between align-items-baseline gap-2">
    <h3 class="h5 card-title mb-1">{{ slot.name }}</h3>
    <span class="small text-body-secondary text-nowrap">{{ row.starts_on|date:"j N" }} – {{ row.ends_on|date:"j N" }}</span>
  </div>
  {% if slot.description %}<p class="small text-body-secondary mb-2">{{ slot.description }}</p>{% endif %}
  {% with duties=slot.duty_list %}{% if duties %}
    <ul class="list-unstyled mb-0" aria-label="{% translate 'Duties' %}">
      {% for duty in duties %}<li>{% icon "check2-square" class="text-primary" %} {{ duty }}</li>{% endfor %}
    </ul>
  {% endif %}{% endwith %}
</div></div>
"""  # noqa: E501

CARDS = [
    DutiesCard(dt.date(2026, 7, 6), dt.date(2026, 7, 12), HOSTILE, HOSTILE, f"- {HOSTILE}\n\n• B"),
    DutiesCard(dt.date(2026, 12, 28), dt.date(2027, 1, 3), "Trésorerie", "", ""),
    DutiesCard(dt.date(2026, 8, 1), dt.date(2026, 8, 1), "Comité", "Une ligne", "  \n"),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("card", CARDS)
def test_the_tag_writes_what_the_include_wrote(card, language):
    with override(language):
        former = Engine.get_default().from_string(FORMER_CARD)
        assert duties_card(card) == former.render(Context({"slot": card, "row": card}))
    assert HOSTILE not in duties_card(card)


@pytest.mark.django_db
def test_the_dashboard_shows_my_cards_with_escaped_texts(member_client, member, season):
    RoleAssignmentFactory(
        season=season, user=member, role__name=HOSTILE, role__duties=f"{HOSTILE}\nRanger"
    )
    html = member_client.get(reverse("dashboard")).content.decode()
    assert html.count('class="card mb-2 duties-card"') == 1
    assert escape(HOSTILE) in html and HOSTILE not in html
    assert "</svg> Ranger</li>" in html
