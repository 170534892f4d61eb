"""The cooperative's democracy: meetings, their agenda, attendance, motions, votes, elections,
minutes and consultations between meetings.

Votes: a ``Ballot`` is one round of voting on a motion or an election. Who took part is a
``Participation`` (one per member and ballot, a database constraint). A named ballot keeps each
choice in ``NamedVote`` (linked to the participation, so it can be changed until the vote
closes); a secret ballot only adds to ``SecretCount``, one counter per option made when the
vote opens, every paper touching every counter of its ballot (README, "Secret ballots: what
the server can and cannot learn").
"""

from governance.models.consultations import Consultation, ConsultationResponse
from governance.models.meetings import (
    DEFAULT_RULES,
    AgendaItem,
    Attendance,
    Majority,
    Meeting,
    MeetingKind,
    MeetingQuerySet,
    MeetingRules,
    Proxy,
)
from governance.models.minutes import Minutes
from governance.models.motions import Candidate, Election, Motion, Topic
from governance.models.shareout import DepartedMembers, ShareOutRule
from governance.models.votes import (
    Ballot,
    NamedVote,
    Participation,
    SecretCount,
    VoteChoice,
    _random_key,  # noqa: F401  (migration 0001 names it here)
)

__all__ = [
    "DEFAULT_RULES",
    "AgendaItem",
    "Attendance",
    "Ballot",
    "Candidate",
    "Consultation",
    "ConsultationResponse",
    "DepartedMembers",
    "Election",
    "Majority",
    "Meeting",
    "MeetingKind",
    "MeetingQuerySet",
    "MeetingRules",
    "Minutes",
    "Motion",
    "NamedVote",
    "Participation",
    "Proxy",
    "SecretCount",
    "ShareOutRule",
    "Topic",
    "VoteChoice",
]
