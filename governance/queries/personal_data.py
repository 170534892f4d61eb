"""What governance holds about a member (RGPD: right of access): meetings attended, proxies,
votes, candidacies and consultation answers. A secret ballot keeps who took part, never what
they chose (the ballot box holds counters only): the export says so."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from governance.models import (
    Attendance,
    Candidate,
    ConsultationResponse,
    NamedVote,
    Participation,
    Proxy,
)
from members.models import User
from members.personal_data import Section, section


def member_sections(user: User) -> list[Section]:
    """Six queries, whatever the member's history."""
    votes = NamedVote.objects.select_related("candidate__user")
    participations = (
        Participation.objects.filter(voter=user)
        .select_related("ballot__meeting", "ballot__motion", "ballot__election", "cast_by")
        .prefetch_related(Prefetch("votes", queryset=votes))
        .order_by("ballot__opened_at", "pk")
    )
    secret = _("secret ballot: your choice is not recorded anywhere")
    vote_rows = [
        {
            "meeting": p.ballot.meeting.title,
            "date": p.ballot.opened_at,
            "question": (p.ballot.motion or p.ballot.election).title,
            "round": p.ballot.round,
            "choice": secret
            if p.ballot.secret
            else ", ".join(_choice_label(vote) for vote in p.votes.all()),
            "by_proxy": p.cast_by_id != p.voter_id,
        }
        for p in participations
    ]
    proxies = Proxy.objects.filter(Q(giver=user) | Q(holder=user)).select_related(
        "meeting", "giver", "holder"
    )
    return [
        section(
            "attendance",
            _("Meetings"),
            [
                ("meeting__title", _("meeting")),
                ("meeting__starts_at", _("date and time")),
                ("status", _("attendance")),
            ],
            Attendance.objects.filter(user=user).select_related("meeting"),
        ),
        section(
            "proxies",
            _("Proxies"),
            [
                ("meeting__title", _("meeting")),
                ("giver", _("given by")),
                ("holder", _("carried by")),
            ],
            proxies,
        ),
        section(
            "votes",
            _("Votes"),
            [
                ("meeting", _("meeting")),
                ("date", _("date and time")),
                ("question", _("question")),
                ("round", _("round")),
                ("choice", _("choice")),
                ("by_proxy", _("by proxy")),
            ],
            vote_rows,
        ),
        section(
            "candidacies",
            _("Candidacies"),
            [("election__title", _("election")), ("elected", _("elected"))],
            Candidate.objects.filter(user=user).select_related("election"),
        ),
        section(
            "consultations",
            _("Consultations"),
            [
                ("consultation__title", _("consultation")),
                ("choice", _("position")),
                ("reason", _("reason")),
            ],
            ConsultationResponse.objects.filter(user=user).select_related("consultation"),
        ),
    ]


def _choice_label(vote: NamedVote) -> str:
    if vote.candidate_id:
        return str(vote.candidate.user)
    return vote.get_choice_display()
