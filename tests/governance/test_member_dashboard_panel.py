"""The member's governance panel reads its meetings, convocations and consultations from SQL
built once per member and day (``governance.dashboard``): it shows what the querysets it
replaced showed, in both languages, at the edges of "still upcoming" and "still open"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.test import RequestFactory
from django.utils import timezone, translation

from governance import dashboard
from governance.models import (
    AgendaItem,
    Consultation,
    ConsultationResponse,
    Meeting,
    MeetingKind,
    VoteChoice,
)
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    CommitteeMembershipFactory,
    ConsultationFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


def _former_member_context(user, season, today: dt.date) -> dict:
    """The panel as the querysets read it before its SQL was built once."""
    meetings = list(
        Meeting.objects.for_member(user, season)
        .upcoming()
        .filter(starts_at__date__lte=today + dt.timedelta(days=14))
        .select_related("committee")
        .only(*dashboard.MEETING_SHOWN)
        .order_by("starts_at")[:5]
    )
    convened = [meeting for meeting in meetings if meeting.convened_at]
    items = AgendaItem.objects.only("meeting", "title_fr", "title_en").order_by("position", "pk")
    prefetch_related_objects(convened, Prefetch("items", queryset=items))
    answered = ConsultationResponse.objects.filter(consultation=OuterRef("pk"), user=user)
    waiting = (
        Consultation.objects.filter(season=season, closes_at__gt=timezone.now())
        .exclude(Exists(answered))
        .only(*dashboard.CONSULTATION_SHOWN)
        .order_by("closes_at", "pk")[:5]
    )
    return {
        "meetings": [
            (m.pk, m.title, m.starts_at, m.place, m.status, m.committee and str(m.committee))
            for m in meetings
        ],
        "convocations": [(m.pk, [item.title for item in m.items.all()]) for m in convened],
        "consultations": [(c.pk, c.title, c.closes_at) for c in waiting],
    }


def _panel(user, season, today: dt.date) -> dict:
    request = RequestFactory().get("/")
    request.user = user
    context = dashboard.member_context(request, season, today)
    return {
        "meetings": [
            (m["pk"], m["title"], m["starts_at"], m["place"], m["status"], m["committee"])
            for m in context["governance_meetings"]
        ],
        "convocations": [(m["pk"], m["agenda"]) for m in context["governance_convocations"]],
        "consultations": [
            (c["pk"], c["title"], c["closes_at"]) for c in context["governance_consultations"]
        ],
    }


def test_the_member_panel_shows_what_the_former_querysets_showed(season, member, leader):
    now = timezone.now()
    today = timezone.localdate()
    mine = CommitteeFactory(name="Comité Jardins", name_en="Gardens committee")
    CommitteeMembershipFactory(season=season, user=member, committee=mine)
    # Still upcoming 11 hours after it started, not 13 hours after; not once closed.
    MeetingFactory(season=season, starts_at=now - dt.timedelta(hours=11), title="Commencée")
    MeetingFactory(season=season, starts_at=now - dt.timedelta(hours=13), title="Trop tôt")
    MeetingFactory(
        season=season, starts_at=now + dt.timedelta(hours=1), status=Meeting.Status.CLOSED
    )
    # Two weeks ahead at most; the committees the member sits on only.
    MeetingFactory(season=season, starts_at=now + dt.timedelta(days=16), title="Trop tard")
    MeetingFactory(
        season=season, kind=MeetingKind.COMMITTEE, committee=mine, place="", title="Jardins"
    )
    MeetingFactory(
        season=season, kind=MeetingKind.COMMITTEE, committee=CommitteeFactory(), title="Autre"
    )
    convened = MeetingFactory(
        season=season, starts_at=now + dt.timedelta(days=2), convened_at=now, chair=leader
    )
    AgendaItemFactory(meeting=convened, position=2, title="Budget", title_en="Budget (en)")
    AgendaItemFactory(meeting=convened, position=1, title="Tarifs", title_en="")
    for days in range(3, 7):  # more than five: the first five only
        MeetingFactory(season=season, starts_at=now + dt.timedelta(days=days), convened_at=now)
    # Open, closed, answered consultations.
    for hours in (1, 5, 2, 30, 40, 50):
        ConsultationFactory(season=season, closes_at=now + dt.timedelta(hours=hours))
    ConsultationFactory(season=season, closes_at=now - dt.timedelta(minutes=1))
    answered = ConsultationFactory(season=season, closes_at=now + dt.timedelta(minutes=30))
    ConsultationResponse.objects.create(consultation=answered, user=member, choice=VoteChoice.YES)

    for language in ("fr", "en"):
        with translation.override(language):
            former = _former_member_context(member, season, today)
            panel = _panel(member, season, today)
        assert panel == former
        assert len(panel["meetings"]) == 5 and len(panel["consultations"]) == 5
    assert [title for _pk, title, *_rest in panel["meetings"]][:2] == ["Commencée", "Jardins"]
    with translation.override("en"):
        assert _panel(member, season, today)["convocations"][0] == (
            convened.pk,
            ["Tarifs", "Budget (en)"],
        )


def test_the_member_panel_reads_the_instant_of_each_request(season, member):
    """The SQL is kept for the day; "still upcoming" and "still open" are asked of each
    request's instant."""
    now = timezone.now()
    today = timezone.localdate()
    meeting = MeetingFactory(season=season, starts_at=now - dt.timedelta(hours=11))
    consultation = ConsultationFactory(season=season, closes_at=now + dt.timedelta(hours=1))
    assert _panel(member, season, today)["meetings"][0][0] == meeting.pk
    assert _panel(member, season, today)["consultations"][0][0] == consultation.pk
    later = now + dt.timedelta(hours=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        panel = _panel(member, season, today)
    assert panel["meetings"] == [] and panel["consultations"] == []
