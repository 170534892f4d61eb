"""The convocations on the member's dashboard are written by ``{% convocation_cards %}``
instead of a template loop: the HTML must be what the loop wrote (hostile titles, places and
agenda items escaped, no place, no agenda, both languages, the local time)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Engine
from django.utils.translation import override

from governance.templatetags.dashboard_tags import convocation_cards

HOSTILE = '<b>"O\'Brien" & co</b>'

# The loop of governance/_dashboard_panel.html as it was (its items read as ``agenda``).
FORMER_LOOP = """{% load i18n %}{% for meeting in governance_convocations %}
    <div class="card border-primary mb-2" data-testid="convocation-card">
      <div class="card-body py-2">
        <h3 class="h6 mb-1">{% icon "envelope-paper" %} {% blocktranslate with title=meeting.title %}Convocation: {{ title }}{% endblocktranslate %}</h3>
        <p class="mb-1 small">{{ meeting.starts_at|date:"l j F, H:i" }}{% if meeting.place %} · {{ meeting.place }}{% endif %}</p>
        <ol class="small mb-1">{% for item in meeting.agenda %}<li>{{ item }}</li>{% endfor %}</ol>
        <a class="small" href="{{ meeting.convocation_url }}">{% translate "Printable convocation" %}</a>
      </div>
    </div>
  {% endfor %}"""  # noqa: E501

MEETINGS = [
    {
        "title": HOSTILE,
        "starts_at": dt.datetime(2026, 7, 3, 16, 30, tzinfo=dt.UTC),
        "place": HOSTILE,
        "agenda": [HOSTILE, "Budget"],
        "convocation_url": f"/reunions/7/convocation/?{HOSTILE}",
    },
    {
        "title": "Conseil",
        "starts_at": dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC),
        "place": "",
        "agenda": [],
        "convocation_url": "/reunions/8/convocation/",
    },
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("meetings", [MEETINGS, MEETINGS[1:], [], ""])
def test_the_tag_writes_what_the_loop_wrote(meetings, language):
    with override(language):
        former = Engine.get_default().from_string(FORMER_LOOP)
        written = convocation_cards(meetings)
        assert written == former.render(Context({"governance_convocations": meetings}))
    assert HOSTILE not in written
