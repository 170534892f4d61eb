"""The governance panels of the dashboards: the member's next meetings, with the convocation
of those convened (agenda included), and the open consultations they have not answered yet
(three queries: not every member has an email to hear of a convocation or a consultation),
and for leaders the next meetings and the open consultations (one). Both read as the
columns the panel writes (``dashboard_tags.governance_panel``)."""

from __future__ import annotations

import datetime as dt
import functools

from django.db import connection
from django.db.models import CharField, Exists, F, OuterRef, QuerySet, Value
from django.utils import timezone
from django.utils.translation import get_language

from cjs.db import VIEWER, CompiledQuery
from cjs.i18n import localized
from cjs.links import pk_url
from governance.models import AgendaItem, Consultation, ConsultationResponse, Meeting, Motion
from governance.models.meetings import STILL_UPCOMING_FOR
from governance.queries.sql import NOW, Compiled, aware, compiled, meeting_row, rows

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
    """The member's next meetings (their convocations with the agenda) and the open
    consultations they have not answered: two queries (three when convocations are sent),
    their SQL built once per season and day, the member's id a parameter
    (``cjs.db.VIEWER``), the rows read as the columns the panel writes (the row
    partial reads a meeting's attribute names)."""
    now = timezone.now()
    vendor = connection.vendor
    zone = timezone.get_current_timezone_name()
    statuses = meeting_statuses(get_language())
    convocation = pk_url("governance:meeting_convocation")
    meetings = []
    convened = []
    upcoming = _member_meetings_sql(season.pk, today, zone, vendor)
    for pk, title, starts_at, place, status, convened_at, *committee in rows(
        upcoming, now - STILL_UPCOMING_FOR, request.user.pk
    ):
        meeting = meeting_row(statuses, pk, title, starts_at, place, status, *committee)
        meetings.append(meeting)
        if convened_at:
            convened.append({**meeting, "agenda": [], "convocation_url": convocation(pk)})
    if convened:
        # The agenda of the convocations sent (one more query, only when there are some).
        agendas = {meeting["pk"]: meeting["agenda"] for meeting in convened}
        items = _agenda_sql(len(agendas), vendor)
        for meeting_pk, title_fr, title_en in rows(items, list(agendas)):
            agendas[meeting_pk].append(localized(title_fr, title_en))
    waiting = _waiting_consultations_sql(season.pk, vendor)
    return {
        "governance_meetings": meetings,
        # The convocations sent: a card each, with the agenda and the printable convocation.
        "governance_convocations": convened,
        "governance_consultations": [
            {"pk": pk, "title": title, "closes_at": aware(closes_at)}
            for pk, title, closes_at in rows(waiting, now, request.user.pk)
        ],
    }


@functools.lru_cache(maxsize=16)
def meeting_statuses(_language: str | None) -> dict[str, str]:
    """Each meeting status's label in the active language (``meeting_row``), once per
    language."""
    return {value: str(label) for value, label in Meeting.Status.choices}


@functools.lru_cache(maxsize=16)
def _member_meetings_sql(season_pk: int, today: dt.date, _zone: str, _vendor: str) -> Compiled:
    """The member's (``VIEWER``) next five meetings within two weeks (the committees'
    meetings matched on the local day, hence the zone), still upcoming at the instant given
    as ``NOW``."""
    meetings = (
        Meeting.objects.for_member(VIEWER, season_pk)
        .upcoming(NOW + STILL_UPCOMING_FOR)
        .filter(starts_at__date__lte=today + dt.timedelta(days=14))
        .order_by("starts_at")
        .values_list("pk", *MEETING_SHOWN)[:5]
    )
    return compiled(meetings, NOW, VIEWER)


# Stand-ins for the ids of the meetings whose agenda is read.
_MEETING_IDS = [2_118_364_529 + n for n in range(5)]


@functools.lru_cache(maxsize=8)
def _agenda_sql(count: int, _vendor: str) -> Compiled:
    """The agenda items of ``count`` meetings, in their order, their title in both languages."""
    ids = _MEETING_IDS[:count]
    # A plain queryset: modeltranslation's would put the translated columns first.
    items = (
        QuerySet(AgendaItem)
        .filter(meeting_id__in=ids)
        .order_by("position", "pk")
        .values_list("meeting_id", "title_fr", "title_en")
    )
    return compiled(items, ids)


@functools.lru_cache(maxsize=16)
def _waiting_consultations_sql(season_pk: int, _vendor: str) -> Compiled:
    """The season's first five consultations still open at ``NOW`` that the member
    (``VIEWER``) has not answered."""
    answered = ConsultationResponse.objects.filter(consultation=OuterRef("pk"), user_id=VIEWER)
    waiting = (
        Consultation.objects.filter(season_id=season_pk, closes_at__gt=NOW)
        .exclude(Exists(answered))
        .order_by("closes_at", "pk")
        .values_list("pk", *CONSULTATION_SHOWN)[:5]
    )
    return compiled(waiting, NOW, VIEWER)


def leader_context(request, season, today: dt.date) -> dict:
    """The next meetings (two weeks) and the open consultations, whether I answered them, as
    the member's panel reads them (``meeting_row``, dictionaries). One query, compiled once
    per season and day (and leader): it reads from the start of the day and the time is
    compared here, so that its SQL holds all day."""
    now = timezone.now()
    still_upcoming = now - STILL_UPCOMING_FOR
    statuses = meeting_statuses(get_language())
    meetings, consultations = [], []
    query = _leader_query(season.pk, request.user.pk, today, connection.vendor)
    for kind, pk, title, at, place, status, committee_fr, committee_en, answered in query.rows():
        if kind == _MEETING:
            if at >= still_upcoming and len(meetings) < 5:
                meetings.append(
                    meeting_row(statuses, pk, title, at, place, status, committee_fr, committee_en)
                )
        elif at > now and len(consultations) < 5:
            consultations.append({"pk": pk, "title": title, "closes_at": at, "answered": answered})
    return {"governance_meetings": meetings, "governance_consultations": consultations}


_MEETING, _CONSULTATION = 0, 1


@functools.lru_cache(maxsize=64)
def _leader_query(season_pk: int, user_pk: int, today: dt.date, vendor: str) -> CompiledQuery:
    """The meetings not closed from 12 hours before today's start to 14 days ahead, then the
    consultations closing after today's start (whether ``user_pk`` answered them), each
    soonest first, in one query (a ``UNION ALL`` of the same columns: kind, id, title, start
    or closing, place, status, committee's names, answered): the rows the panel picks from
    (without a limit: a meeting or consultation of the morning may be over by now)."""
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    text = CharField()
    meetings = (
        Meeting.objects.filter(season_id=season_pk)
        .upcoming(midnight)
        .filter(starts_at__date__lte=today + dt.timedelta(days=14))
        .order_by()
        .annotate(
            row_kind=Value(_MEETING),
            at=F("starts_at"),
            committee_fr=F("committee__name_fr"),
            committee_en=F("committee__name_en"),
            answered=Value(False),
        )
        .values_list(
            "row_kind",
            "pk",
            "title",
            "at",
            "place",
            "status",
            "committee_fr",
            "committee_en",
            "answered",
        )
    )
    answered = ConsultationResponse.objects.filter(consultation=OuterRef("pk"), user_id=user_pk)
    consultations = (
        Consultation.objects.filter(season_id=season_pk, closes_at__gt=midnight)
        .order_by()
        .annotate(
            row_kind=Value(_CONSULTATION),
            at=F("closes_at"),
            no_place=Value("", output_field=text),
            no_status=Value("", output_field=text),
            no_committee_fr=Value(None, output_field=text),
            no_committee_en=Value(None, output_field=text),
            answered=Exists(answered),
        )
        .values_list(
            "row_kind",
            "pk",
            "title",
            "at",
            "no_place",
            "no_status",
            "no_committee_fr",
            "no_committee_en",
            "answered",
        )
    )
    return CompiledQuery.of_columns(
        meetings.union(consultations, all=True).order_by("row_kind", "at", "pk")
    )


def archive_summary(season) -> dict:
    """The summer's democratic life: meetings held and decisions adopted (one query each)."""
    return {
        "meetings": Meeting.objects.filter(season=season, status=Meeting.Status.CLOSED).count(),
        "decisions": Motion.objects.filter(
            item__meeting__season=season, status=Motion.Status.ADOPTED
        ).count(),
    }
