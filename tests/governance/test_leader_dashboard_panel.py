"""The leaders' governance panel reads its meetings and consultations through queries
compiled once per season and day (``governance.dashboard``): at any time of the day it shows
what the ORM's queries of the moment find."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from governance import dashboard
from governance.models import (
    Consultation,
    ConsultationResponse,
    Meeting,
    MeetingKind,
    VoteChoice,
)
from tests.factories import CommitteeFactory, ConsultationFactory, MeetingFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>"O\'Brien" & co</script>'


def orm_panel(season, user, today: dt.date) -> dict:
    """The panel as the ORM's queries made it before they were compiled."""
    meetings = (
        Meeting.objects.filter(season=season)
        .upcoming()
        .filter(starts_at__date__lte=today + dt.timedelta(days=14))
        .order_by("starts_at")[:5]
    )
    answered = ConsultationResponse.objects.filter(consultation=OuterRef("pk"), user=user)
    consultations = (
        Consultation.objects.filter(season=season, closes_at__gt=timezone.now())
        .annotate(answered=Exists(answered))
        .order_by("closes_at", "pk")[:5]
    )
    return {
        "governance_meetings": [
            (
                m.pk,
                m.title,
                m.starts_at,
                m.place,
                m.status,
                m.get_status_display(),
                m.committee and str(m.committee),
            )
            for m in meetings
        ],
        "governance_consultations": [
            (c.pk, c.title, c.closes_at, c.answered) for c in consultations
        ],
    }


@pytest.fixture
def day(season, leader):
    """Meetings and consultations around a day's every hour, some closed or answered."""
    today = timezone.localdate()

    def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour, minute))
        )

    for days, hour in [(-1, 8), (-1, 20), (0, 0), (0, 9), (0, 18), (1, 18), (3, 9), (14, 23)]:
        MeetingFactory(season=season, starts_at=at(days, hour))
    MeetingFactory(season=season, starts_at=at(0, 10), status=Meeting.Status.CLOSED)
    MeetingFactory(season=season, starts_at=at(15, 9))
    MeetingFactory(
        season=season,
        starts_at=at(2, 18),
        title=HOSTILE,
        place=HOSTILE,
        committee=CommitteeFactory(name_fr="Comité <b>", name_en="Committee <b>"),
        status=Meeting.Status.IN_PROGRESS,
        kind=MeetingKind.COMMITTEE,
    )
    for days, hour in [(-1, 12), (0, 8), (0, 12), (0, 12), (0, 23), (1, 9), (2, 9), (5, 9)]:
        ConsultationFactory(season=season, closes_at=at(days, hour))
    answered = ConsultationFactory(season=season, closes_at=at(0, 20), title=HOSTILE)
    ConsultationResponse.objects.create(consultation=answered, user=leader, choice=VoteChoice.YES)
    return today, at


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("clock", [(0, 0), (7, 59), (8, 0), (12, 0), (20, 30), (23, 59)])
def test_the_leaders_panel_is_what_the_orm_finds_at_any_time(season, leader, day, clock, language):
    today, at = day
    with time_machine.travel(at(0, *clock), tick=False), translation.override(language):
        panel = dashboard.leader_context(SimpleNamespace(user=leader), season, today)
        assert {
            "governance_meetings": [
                (
                    m["pk"],
                    m["title"],
                    m["starts_at"],
                    m["place"],
                    m["status"],
                    m["get_status_display"],
                    m["committee"] or None,
                )
                for m in panel["governance_meetings"]
            ],
            "governance_consultations": [
                (c["pk"], c["title"], c["closes_at"], c["answered"])
                for c in panel["governance_consultations"]
            ],
        } == orm_panel(season, leader, today)
