"""The meetings panel of the dashboards is written by ``{% governance_panel %}``: the panel is
what the former ``governance/_dashboard_panel.html`` wrote (kept in
tests/governance/former_dashboard_panel.html): for a member (rows read as columns, their
convocations) and for a leader (``Meeting`` and ``Consultation`` objects, answered or not),
with and without meetings or consultations, hostile texts escaped, both languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db.models import Exists, OuterRef
from django.template import engines
from django.utils.translation import override

from governance.models import Consultation, ConsultationResponse, Meeting
from tests.factories import ConsultationFactory, MeetingFactory

pytestmark = pytest.mark.django_db

FORMER = (Path(__file__).parent / "former_dashboard_panel.html").read_text()
HOSTILE = '<b>"O\'Brien" & co</b>'
CLOSES = dt.datetime(2026, 7, 3, 22, 30, tzinfo=dt.UTC)


def _assert_written_as_former(user, language, meetings, consultations, convocations=((),)):
    """Every combination of the panel's lists, with and without each, for ``user``."""
    engine = engines["django"]
    for shown in (meetings, []):
        for sent in convocations:
            for asked in (consultations, []):
                context = {
                    "user": user,
                    "governance_meetings": shown,
                    "governance_convocations": sent,
                    "governance_consultations": asked,
                }
                with override(language):
                    former = engine.from_string(FORMER).render(context)
                    written = engine.get_template("governance/_dashboard_panel.html").render(
                        context
                    )
                assert written == former
                assert HOSTILE not in written


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_members_panel_is_written_as_the_template_wrote_it(language, member):
    meetings = [
        {
            "pk": 7,
            "title": HOSTILE,
            "starts_at": CLOSES,
            "place": HOSTILE,
            "status": "planned",
            "get_status_display": "prévue",
            "committee": HOSTILE,
        }
    ]
    convocations = [
        {**meetings[0], "agenda": [HOSTILE], "convocation_url": f"/reunions/7/?{HOSTILE}"}
    ]
    consultations = [{"pk": 3, "title": HOSTILE, "closes_at": CLOSES}]
    _assert_written_as_former(member, language, meetings, consultations, (convocations, []))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_leaders_panel_is_written_as_the_template_wrote_it(language, leader, season):
    MeetingFactory(season=season, title=HOSTILE, place="")
    answered = ConsultationFactory(season=season, title=HOSTILE, closes_at=CLOSES)
    ConsultationFactory(season=season, title="Fête de fin d'été", closes_at=CLOSES)
    ConsultationResponse.objects.create(consultation=answered, user=leader)
    meetings = list(Meeting.objects.select_related("committee"))
    consultations = list(
        Consultation.objects.annotate(
            answered=Exists(
                ConsultationResponse.objects.filter(consultation=OuterRef("pk"), user=leader)
            )
        ).order_by("pk")
    )
    _assert_written_as_former(leader, language, meetings, consultations)
