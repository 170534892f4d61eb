"""What every governance action checks first: a writable season, a meeting locked and in the
right state, no tie waiting for the casting vote."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cjs.errors import DomainError
from governance.models import (
    Ballot,
    Meeting,
)
from governance.queries import (
    meeting_members,
)
from members.models import (
    Season,
    User,
)


def _writable(season: Season) -> None:
    if season.is_archived:
        raise DomainError(_("This season is archived: it can no longer be changed."))


def _lock_meeting(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().select_related("season").get(pk=meeting.pk)
    _writable(locked.season)
    return locked


def _lock_open_meeting(meeting: Meeting) -> Meeting:
    """The meeting locked, refused once it is closed (most changes stop there)."""
    locked = _lock_meeting(meeting)
    _not_closed(locked)
    return locked


def _not_closed(meeting: Meeting) -> None:
    if meeting.is_closed:
        raise DomainError(_("This meeting is closed: it can no longer be changed."))


def _in_progress(meeting: Meeting) -> None:
    if not meeting.is_in_progress:
        raise DomainError(_("The meeting must be in progress (open it first)."))


def _lock_for_secret_request(meeting: Meeting, by: User) -> Meeting:
    """Any member convened, and only a member, may ask for a secret ballot."""
    meeting = _lock_meeting(meeting)
    _not_closed(meeting)
    if not meeting_members(meeting).filter(pk=by.pk).exists():
        raise DomainError(_("Only a member of the meeting can ask for a secret ballot."))
    return meeting


def _no_tie_waiting(meeting: Meeting) -> None:
    waiting = (
        Ballot.objects.filter(meeting=meeting, outcome=Ballot.AWAITING_CASTING_VOTE)
        .select_related("motion")
        .first()
    )
    if waiting is not None:
        raise DomainError(
            _("The vote on “%(motion)s” is a tie: the chair must give the casting vote first.")
            % {"motion": waiting.motion}
        )
