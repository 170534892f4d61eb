"""The dashboards' governance panel (``{% governance_panel %}``) writes its meetings with
``{% meeting_rows %}`` and its consultations in Python instead of template loops: the HTML
must be what the loops wrote (hostile titles, places and committees escaped, every status,
no place or committee, answered or not, a member or not, both languages, the local time)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Engine
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import override

from governance.dashboard import meeting_statuses
from governance.queries.sql import meeting_row
from governance.templatetags.dashboard_tags import meeting_rows

HOSTILE = '<script>"O\'Brien" & co</script>'

# The loops of governance/_dashboard_panel.html as they were (the meetings' row is the
# partial of governance/meeting_list.html).
FORMER_MEETINGS = (
    '{% for meeting in governance_meetings %}{% include "governance/meeting_list.html#row" %}'
    "{% endfor %}"
)


def meetings() -> list[dict]:
    statuses = meeting_statuses(None)
    return [
        meeting_row(
            statuses,
            7,
            HOSTILE,
            dt.datetime(2026, 7, 3, 16, 30, tzinfo=dt.UTC),
            HOSTILE,
            "planned",
            "Comité <b>",
            "Committee <b>",
        ),
        meeting_row(
            statuses, 8, "Conseil", dt.datetime(2026, 12, 31, 23, 30), "", "closed", None, None
        ),
        meeting_row(
            statuses, 9, "AG", dt.datetime(2026, 8, 1, 9, 0, tzinfo=dt.UTC), "", "odd", "", "J"
        ),
        meeting_row(
            statuses,
            10,
            "Bureau",
            dt.datetime(2026, 8, 2, 9, 0, tzinfo=dt.UTC),
            "Salle",
            "in_progress",
            None,
            None,
        ),
    ]


CONSULTATIONS = [
    {"pk": 3, "title": HOSTILE, "closes_at": dt.datetime(2026, 7, 3, 23, 30, tzinfo=dt.UTC)},
    {
        "pk": 4,
        "title": "Budget",
        "closes_at": dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC),
        "answered": True,
    },
    {
        "pk": 5,
        "title": "Fête",
        "closes_at": dt.datetime(2026, 8, 1, 9, 0, tzinfo=dt.UTC),
        "answered": False,
    },
]


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Montreal"])
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("count", [4, 1, 0])
def test_the_meeting_rows_are_what_the_partial_wrote(language, zone, count):
    with override(language), timezone.override(zone):
        rows = meetings()[:count]
        former = Engine.get_default().from_string(FORMER_MEETINGS)
        written = meeting_rows(rows)
        assert written == former.render(Context({"governance_meetings": rows}))
    assert HOSTILE not in written


# governance/_dashboard_panel.html as it was (before its rows were written by tags).
FORMER_PANEL = (Path(__file__).parent / "former_dashboard_panel.html").read_text()


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Montreal"])
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("is_member", [True, False, None])
@pytest.mark.parametrize("count", [4, 1, 0])
def test_the_panel_is_what_its_former_template_wrote(
    settings, count, is_member, language, zone, debug
):
    settings.DEBUG = debug
    user = None if is_member is None else SimpleNamespace(is_member=is_member)
    with override(language), timezone.override(zone):
        context = {
            "governance_meetings": meetings()[:count],
            "governance_consultations": CONSULTATIONS[:count],
            "governance_convocations": [],
            "user": user,
        }
        former = Engine.get_default().from_string(FORMER_PANEL).render(Context(context))
        assert get_template("governance/_dashboard_panel.html").render(context) == former
    assert HOSTILE not in former
