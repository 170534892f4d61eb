"""The governance panels of the dashboards: the member's next meetings, with the convocation
of those convened (agenda included), and the open consultations they have not answered yet
(three queries: not every member has an email to hear of a convocation or a consultation),
and for leaders the next meetings and the open consultations (two)."""

from __future__ import annotations

import datetime as dt
import functools

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.utils import timezone

from cjs.db import CompiledQuery
from governance.models import AgendaItem, Consultation, ConsultationResponse, Meeting, Motion
from governance.models.meetings import STILL_UPCOMING_FOR

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
    """The next meetings (two weeks) and the open consultations, whether I answered them.
    Their queries are compiled once per season and day (and leader): they read from the
    start of the day and the time is compared here, so that their SQL holds all day."""
    now = timezone.now()
    meetings, consultations = _leader_queries(season.pk, request.user.pk, today, connection.vendor)
    still_upcoming = now - STILL_UPCOMING_FOR
    return {
        "governance_meetings": [m for m in meetings.instances() if m.starts_at >= still_upcoming][
            :5
        ],
        "governance_consultations": [c for c in consultations.instances() if c.closes_at > now][:5],
    }


@functools.lru_cache(maxsize=64)
def _leader_queries(
    season_pk: int, user_pk: int, today: dt.date, vendor: str
) -> tuple[CompiledQuery, CompiledQuery]:
    """The meetings not closed from 12 hours before today's start to 14 days ahead and the
    consultations closing after today's start, soonest first: the rows the panel picks from
    (without a limit: a meeting or consultation of the morning may be over by now)."""
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    meetings = (
        Meeting.objects.filter(season_id=season_pk)
        .upcoming(midnight)
        .filter(starts_at__date__lte=today + dt.timedelta(days=14))
        .select_related("committee")
        .only(*MEETING_SHOWN)
        .order_by("starts_at")
    )
    answered = ConsultationResponse.objects.filter(consultation=OuterRef("pk"), user_id=user_pk)
    consultations = (
        Consultation.objects.filter(season_id=season_pk, closes_at__gt=midnight)
        .annotate(answered=Exists(answered))
        .only(*CONSULTATION_SHOWN)
        .order_by("closes_at")
    )
    return CompiledQuery.of(meetings), CompiledQuery.of(consultations)


def archive_summary(season) -> dict:
    """The summer's democratic life: meetings held and decisions adopted (one query each)."""
    return {
        "meetings": Meeting.objects.filter(season=season, status=Meeting.Status.CLOSED).count(),
        "decisions": Motion.objects.filter(
            item__meeting__season=season, status=Motion.Status.ADOPTED
        ).count(),
    }
