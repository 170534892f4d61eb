"""Reads that several pages and actions share: who is convened to a meeting, who is there,
who may vote and whether the quorum is reached. A constant number of queries each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import formats, timezone

from governance.minutes import (
    ElectionRecord,
    ItemRecord,
    MeetingRecord,
    MotionRecord,
    RoundRecord,
)
from governance.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Candidate,
    Election,
    Meeting,
    MeetingKind,
    MeetingRules,
    Minutes,
    Motion,
    Proxy,
)
from governance.rules import QuorumStatus, quorum_status
from members.models import CommitteeMembership, Enrolment, RoleAssignment, User

CHAIR_ROLE = "presidence"
SECRETARY_ROLE = "secretariat"


def member_ids(*, season, kind: str, committee_id: int | None, day: dt.date) -> QuerySet:
    """The users convened to a meeting, as a subquery of ids. Leaders are never members: they
    run meetings but do not vote."""
    if kind == MeetingKind.COMMITTEE:
        rows = CommitteeMembership.objects.filter(season=season, committee_id=committee_id).on(day)
        rows = rows.filter(
            user__in=Enrolment.objects.filter(season=season).active().values("user_id")
        )
    else:
        rows = Enrolment.objects.filter(season=season).active()
    return rows.filter(user__role=User.Role.MEMBER, user__is_active=True).values("user_id")


def meeting_members(meeting: Meeting) -> QuerySet:
    return User.objects.filter(
        pk__in=member_ids(
            season=meeting.season_id,
            kind=meeting.kind,
            committee_id=meeting.committee_id,
            day=meeting.day,
        )
    )


def is_meeting_member(meeting: Meeting, user) -> bool:
    if not user.is_authenticated or user.role != User.Role.MEMBER:
        return False
    return meeting_members(meeting).filter(pk=user.pk).exists()


def default_officers(*, season, day: dt.date) -> tuple[User | None, User | None]:
    """The holders of the présidence and the secrétariat on ``day`` (from the rotation)."""
    holders = {
        assignment.role.slug: assignment.user
        for assignment in RoleAssignment.objects.filter(
            season=season, role__slug__in=[CHAIR_ROLE, SECRETARY_ROLE]
        )
        .on(day)
        .select_related("role", "user")
    }
    return holders.get(CHAIR_ROLE), holders.get(SECRETARY_ROLE)


@dataclass
class Roster:
    """Who is convened, present, excused or absent, who carries whose proxy, and the quorum."""

    members: list[User]
    status: dict[int, str]  # user id -> Attendance.Status (missing: not recorded yet)
    proxies: list[Proxy]
    rules: MeetingRules
    quorum: QuorumStatus = field(init=False)

    def __post_init__(self) -> None:
        member_pks = {m.pk for m in self.members}
        present = {pk for pk, status in self.status.items() if status == Attendance.Status.PRESENT}
        self.present_ids = present & member_pks
        self.active_proxies = [
            p
            for p in self.proxies
            if p.holder_id in self.present_ids
            and p.giver_id in member_pks
            and p.giver_id not in present
        ]
        self.quorum = quorum_status(
            members=len(self.members),
            present=len(self.present_ids),
            represented=len(self.active_proxies),
            numerator=self.rules.quorum_numerator,
            denominator=self.rules.quorum_denominator,
            strictly_more=self.rules.quorum_strictly_more,
            proxies_count=self.rules.proxies_count_for_quorum,
        )

    def rows(self) -> list[dict]:
        held: dict[int, list[Proxy]] = {}
        given: dict[int, Proxy] = {}
        for proxy in self.proxies:
            held.setdefault(proxy.holder_id, []).append(proxy)
            given[proxy.giver_id] = proxy
        return [
            {
                "user": member,
                "status": self.status.get(member.pk, ""),
                "holds": held.get(member.pk, []),
                "gave": given.get(member.pk),
            }
            for member in self.members
        ]

    def voters_for(self, user) -> list[User]:
        """The members ``user`` may vote for: themselves when present, and those whose proxy
        they carry while present."""
        if user.pk not in self.present_ids:
            return []
        by_pk = {m.pk: m for m in self.members}
        return [user] + [
            by_pk[p.giver_id]
            for p in self.active_proxies
            if p.holder_id == user.pk and p.giver_id in by_pk
        ]

    def names(self, status: str) -> list[User]:
        return [m for m in self.members if self.status.get(m.pk) == status]

    @property
    def not_recorded(self) -> list[User]:
        return [m for m in self.members if m.pk not in self.status]


def meeting_roster(meeting: Meeting) -> Roster:
    """Four queries: members, attendance, proxies, rules."""
    members = list(meeting_members(meeting).order_by("first_name", "last_name", "username"))
    status = dict(Attendance.objects.filter(meeting=meeting).values_list("user_id", "status"))
    proxies = list(
        Proxy.objects.filter(meeting=meeting).select_related("giver", "holder").order_by("pk")
    )
    return Roster(
        members=members, status=status, proxies=proxies, rules=MeetingRules.for_kind(meeting.kind)
    )


def previous_meeting_to_approve(meeting: Meeting) -> Meeting | None:
    """The last closed meeting of the same body whose minutes still wait for approval."""
    return (
        Meeting.objects.filter(
            season=meeting.season_id,
            kind=meeting.kind,
            committee=meeting.committee_id,
            status=Meeting.Status.CLOSED,
            starts_at__lt=meeting.starts_at,
            minutes__status="draft",
        )
        .filter(~Q(approval_motions__status__in=["draft", "open", "adopted"]))
        .order_by("-starts_at")
        .first()
    )


def _name(user) -> str:
    return str(user) if user is not None else ""


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


def _time(value) -> str:
    return formats.time_format(timezone.localtime(value), "TIME_FORMAT") if value else ""


def meeting_items(meeting: Meeting) -> list[AgendaItem]:
    """The agenda with its motions (and their ballots) and elections (candidates, ballots):
    five queries whatever the size."""
    return list(
        meeting.items.order_by("position", "pk").prefetch_related(
            Prefetch(
                "motions",
                queryset=Motion.objects.select_related("proposer", "amends").prefetch_related(
                    Prefetch("ballots", queryset=Ballot.objects.order_by("opened_at", "pk"))
                ),
            ),
            Prefetch(
                "elections",
                queryset=Election.objects.select_related("role", "committee").prefetch_related(
                    Prefetch("candidates", queryset=Candidate.objects.select_related("user")),
                    Prefetch("ballots", queryset=Ballot.objects.order_by("seat", "round")),
                ),
            ),
        )
    )


def motion_record(motion: Motion) -> MotionRecord:
    ballots = list(motion.ballots.all())
    return MotionRecord(
        title=motion.title,
        text=motion.text,
        proposer=_name(motion.proposer),
        majority_label=str(motion.get_majority_display()),
        status=motion.status,
        secret=ballots[-1].secret if ballots else None,
        yes=motion.votes_yes,
        no=motion.votes_no,
        abstain=motion.votes_abstain,
        voters=motion.voters,
        casting_vote=motion.casting_vote,
        amendment=motion.amends_id is not None,
    )


def election_rounds(election: Election) -> list[RoundRecord]:
    names = {c.pk: str(c.user) for c in election.candidates.all()}
    rounds = []
    for ballot in election.ballots.all():
        counts = (ballot.tally or {}).get("votes", {})
        votes = sorted(
            ((names.get(int(pk), "?"), count) for pk, count in counts.items()),
            key=lambda pair: (-pair[1], pair[0]),
        )
        rounds.append(
            RoundRecord(
                seat=ballot.seat,
                round=ballot.round,
                secret=ballot.secret,
                papers=ballot.papers,
                blank=ballot.blank,
                votes=tuple(votes) if not ballot.is_open else (),
                outcome="" if ballot.is_open else ballot.outcome,
                runoff=tuple(names.get(pk, "?") for pk in (ballot.tally or {}).get("runoff", [])),
            )
        )
    return rounds


def _election_record(election: Election) -> ElectionRecord:
    candidates = list(election.candidates.all())
    return ElectionRecord(
        title=election.title,
        seats=election.seats,
        candidates=tuple(str(c.user) for c in candidates),
        rounds=tuple(election_rounds(election)),
        elected=tuple(str(c.user) for c in candidates if c.elected),
        decided=election.status in (Election.Status.DECIDED, Election.Status.APPLIED),
    )


def meeting_record(meeting: Meeting, *, cooperative_name: str) -> MeetingRecord:
    """Everything the minutes need, as plain data (about a dozen queries, whatever the size)."""
    roster = meeting_roster(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).select_related(
        "approved_by__item__meeting"
    ).first() or Minutes(meeting=meeting)
    proxies = tuple((str(p.giver), str(p.holder)) for p in roster.active_proxies)
    approved_by = ""
    if minutes.approved_by is not None:
        approved_by = str(minutes.approved_by.item.meeting)
    return MeetingRecord(
        cooperative=cooperative_name,
        title=meeting.title,
        kind_label=str(
            meeting.committee if meeting.committee_id else meeting.get_kind_display()
        ).capitalize(),
        when=_when(meeting.starts_at),
        place=meeting.place,
        chair=_name(meeting.chair),
        secretary=_name(meeting.secretary),
        present=tuple(str(u) for u in roster.names(Attendance.Status.PRESENT)),
        excused=tuple(str(u) for u in roster.names(Attendance.Status.EXCUSED)),
        absent=tuple(str(u) for u in roster.names(Attendance.Status.ABSENT)),
        not_recorded=tuple(str(u) for u in roster.not_recorded) if meeting.opened_at else (),
        proxies=proxies,
        quorum=roster.quorum if meeting.opened_at else None,
        opened_at=_time(meeting.opened_at),
        closed_at=_time(meeting.closed_at),
        items=tuple(
            ItemRecord(
                title=item.title,
                notes=item.notes,
                motions=tuple(motion_record(m) for m in item.motions.all()),
                elections=tuple(_election_record(e) for e in item.elections.all()),
            )
            for item in meeting_items(meeting)
        ),
        introduction=minutes.introduction,
        other_business=minutes.other_business,
        approved_on=formats_date(minutes.approved_at),
        approved_by=approved_by,
    )


def formats_date(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT") if value else ""
