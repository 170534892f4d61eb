"""The governance panels of the dashboards: the member's next meetings, with the convocation
of those convened (agenda included), and the open consultations they have not answered yet
(three queries: not every member has an email to hear of a convocation or a consultation),
and for leaders the next meetings and the open consultations (two)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.utils import timezone

from governance.models import AgendaItem, Consultation, ConsultationResponse, Meeting, Motion

# What the panel shows of a meeting (``governance/_meeting_row.html`` and the convocations).
MEETING_SHOWN = (
    "title",
    "starts_at",
    "place",
    "status",
    "convened_at",
    "committee__name_fr",
    "committee__name_en",
)
CONSULTATION_SHOWN = ("title", "closes_at")


def _consultations(season, user):
    answered = ConsultationResponse.objects.filter(consultation=OuterRef("pk"), user=user)
    return list(
        Consultation.objects.filter(season=season, closes_at__gt=timezone.now())
        .annotate(answered=Exists(answered))
        .only(*CONSULTATION_SHOWN)
        .order_by("closes_at")[:5]
    )


def member_context(request, season, today: dt.date) -> dict:
    meetings = list(
        Meeting.objects.for_member(request.user, season)
        .upcoming()
        .filter(starts_at__date__lte=today + dt.timedelta(days=14))
        .select_related("committee")
        .only(*MEETING_SHOWN)
        .order_by("starts_at")[:5]
    )
    convened = [meeting for meeting in meetings if meeting.convened_at]
    # The agenda of the convocations sent (one more query, only when there are some).
    items = AgendaItem.objects.only("meeting", "title_fr", "title_en").order_by("position", "pk")
    prefetch_related_objects(convened, Prefetch("items", queryset=items))
    answered = ConsultationResponse.objects.filter(consultation=OuterRef("pk"), user=request.user)
    waiting = (
        Consultation.objects.filter(season=season, closes_at__gt=timezone.now())
        .exclude(Exists(answered))
        .only(*CONSULTATION_SHOWN)
        .order_by("closes_at")[:5]
    )
    return {
        "governance_meetings": meetings,
        # The convocations sent: a card each, with the agenda and the printable convocation.
        "governance_convocations": convened,
        "governance_consultations": list(waiting),
    }


def leader_context(request, season, today: dt.date) -> dict:
    meetings = (
        Meeting.objects.filter(season=season)
        .upcoming()
        .filter(starts_at__date__lte=today + dt.timedelta(days=14))
        .select_related("committee")
        .only(*MEETING_SHOWN)
        .order_by("starts_at")[:5]
    )
    return {
        "governance_meetings": list(meetings),
        "governance_consultations": _consultations(season, request.user),
    }


def archive_summary(season) -> dict:
    """The summer's democratic life: meetings held and decisions adopted (one query each)."""
    return {
        "meetings": Meeting.objects.filter(season=season, status=Meeting.Status.CLOSED).count(),
        "decisions": Motion.objects.filter(
            item__meeting__season=season, status=Motion.Status.ADOPTED
        ).count(),
    }
