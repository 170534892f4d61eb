"""The next meetings on the dashboards are written by ``{% meeting_rows %}`` instead of a loop
over ``governance/meeting_list.html#row``: the HTML is what the loop wrote, for the member's
meetings read as columns and the leaders' ``Meeting`` objects (hostile titles, places and
committees escaped, no place, no committee, every status, the local time, both languages)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.utils.translation import override

from governance.models import Meeting
from governance.models.meetings import MeetingKind
from governance.queries.sql import meeting_row
from tests.factories import CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<b>"O\'Brien" & co</b>'
FORMER_LOOP = (
    '{% for meeting in governance_meetings %}{% include "governance/meeting_list.html#row" %}'
    "{% endfor %}"
)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_rows_are_written_as_the_loop_wrote_them(language, season):
    committee = CommitteeFactory(name_fr=HOSTILE, name_en="Board & co")
    starts = dt.datetime(2026, 7, 3, 22, 30, tzinfo=dt.UTC)
    made = [
        MeetingFactory(
            season=season,
            kind=MeetingKind.COMMITTEE,
            title=HOSTILE,
            place=HOSTILE,
            committee=committee,
        ),
        MeetingFactory(season=season, place="", starts_at=starts),
        *(
            MeetingFactory(season=season, status=status, starts_at=starts)
            for status in Meeting.Status.values
        ),
    ]
    engine = engines["django"]
    tag = engine.from_string("{% load dashboard_tags %}{% meeting_rows governance_meetings %}")
    with override(language):
        statuses = {value: str(label) for value, label in Meeting.Status.choices}
        objects = list(
            Meeting.objects.filter(pk__in=[m.pk for m in made])
            .select_related("committee")
            .order_by("pk")
        )
        columns = [
            meeting_row(
                statuses,
                m.pk,
                m.title,
                m.starts_at,
                m.place,
                m.status,
                m.committee.name_fr if m.committee else None,
                m.committee.name_en if m.committee else None,
            )
            for m in objects
        ]
        for meetings in (objects, columns, []):
            context = {"governance_meetings": meetings}
            former = engine.from_string(FORMER_LOOP).render(context)
            assert tag.render(context) == former
            assert HOSTILE not in former
