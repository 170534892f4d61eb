"""Who may see and do what in the governance pages.

Leaders and the members enrolled in the season see every meeting, vote result, minutes and the
register (a cooperative's democracy is transparent to its members). Changing a meeting takes a
capability, or being that meeting's chair (its agenda, attendance and votes) or its secretary
(its minutes and attendance): no delegation is needed for the people the meeting chose.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from cjs.db import QueryShape
from governance.capabilities import CHAIR_MEETINGS, PLAN_MEETINGS, WRITE_MINUTES
from governance.models import Meeting
from members.models import Enrolment
from members.permissions import request_can


def season_for(request: HttpRequest):
    """The season viewed, if the user belongs to it (a leader, or a member enrolled in it)."""
    season = request.season
    if not season:
        raise Http404
    user = request.user
    if user.is_leader:
        return season
    cached = getattr(request, "_governance_enrolled", None)
    if cached is None:
        cached = bool(_ENROLLED.rows(season.pk, user.pk))
        request._governance_enrolled = cached  # type: ignore[attr-defined]
    if not cached:
        raise PermissionDenied
    return season


# Whether the member takes part in the season: every governance page and the live count an
# assembly polls ask it, so its SQL is compiled once in a process, the season and the member
# parameters (compiled per member, each phone's first page at an assembly paid for it).
_ENROLLED = QueryShape(
    lambda season, user: (
        Enrolment.objects.filter(season_id=season, user_id=user).active().values_list("pk")[:1]
    ),
    int,
    int,
)


# A meeting of the season viewed, with what its pages show of it: every governance page
# reads it (each phone's live count at an assembly too), so its SQL is compiled once.
_MEETING = QueryShape(
    lambda pk, season: (
        Meeting.objects.select_related("season", "committee", "chair", "secretary")
        .filter(pk=pk, season_id=season)
        .order_by()
    ),
    int,
    int,
)


def meeting_for(request: HttpRequest, pk: int) -> Meeting:
    season = season_for(request)
    found = _MEETING.instances(pk, season.pk)
    if not found:
        raise Http404
    return found[0]


def can_plan(request: HttpRequest, meeting: Meeting | None = None) -> bool:
    if request_can(request, PLAN_MEETINGS):
        return True
    return meeting is not None and meeting.chair_id == request.user.pk


def can_chair(request: HttpRequest, meeting: Meeting) -> bool:
    # The meeting's own chair first: no capability to read (a query) for them.
    return meeting.chair_id == request.user.pk or request_can(request, CHAIR_MEETINGS)


def can_write_minutes(request: HttpRequest, meeting: Meeting) -> bool:
    return request_can(request, WRITE_MINUTES) or meeting.secretary_id == request.user.pk


def can_take_attendance(request: HttpRequest, meeting: Meeting) -> bool:
    return can_chair(request, meeting) or meeting.secretary_id == request.user.pk


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def permissions(request: HttpRequest, meeting: Meeting) -> dict[str, bool]:
    planner = can_plan(request, meeting)
    chair = can_chair(request, meeting)
    attendance = can_take_attendance(request, meeting)
    return {
        "can_plan": planner,
        "can_chair": chair,
        "can_write_minutes": can_write_minutes(request, meeting),
        "can_take_attendance": attendance,
        # What each may do depends also on where the meeting stands: the agenda and the
        # attendance change until it closes; the chair opens a planned meeting and runs its
        # votes while it is in progress.
        "can_change_agenda": planner and not meeting.is_closed,
        "can_record_attendance": attendance and not meeting.is_closed,
        "can_open_meeting": chair and meeting.is_planned,
        "can_run_meeting": chair and meeting.is_in_progress,
    }
