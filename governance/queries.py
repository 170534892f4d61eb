"""Reads that several pages and actions share: who is convened to a meeting, who is there,
who may vote and whether the quorum is reached. A constant number of queries each."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

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
    Majority,
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
# The weekly role that hosts the daily debrief (a cooperative may not have it).
DEBRIEF_ROLE = "animation-debrief"


def enrolled_on(season, day: dt.date) -> QuerySet:
    """Enrolments of the season running on ``day``: joined by then and not left yet (the day
    a member leaves, they are no longer one, as ``MemberProfile.is_enrolled_on`` says)."""
    return Enrolment.objects.filter(season=season, joined_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )


def member_ids(*, season, kind: str, committee_id: int | None, day: dt.date) -> QuerySet:
    """The users convened to a meeting on ``day``, as a subquery of ids: the members enrolled
    that day (and, for a committee, sitting on it that day). Leaders are never members: they
    run meetings but do not vote."""
    enrolled = enrolled_on(season, day)
    if kind == MeetingKind.COMMITTEE:
        rows = CommitteeMembership.objects.filter(season=season, committee_id=committee_id).on(day)
        rows = rows.filter(user__in=enrolled.values("user_id"))
    else:
        rows = enrolled
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


def default_officers(
    *, season, day: dt.date, kind: str = MeetingKind.BOARD
) -> tuple[User | None, User | None]:
    """Who chairs and who takes the minutes on ``day``, from the rotation: the présidence and
    the secrétariat; the daily team meeting is hosted by the member running the debrief that
    day, when the cooperative has that role (the présidence otherwise)."""
    holders = {
        assignment.role.slug: assignment.user
        for assignment in RoleAssignment.objects.filter(
            season=season, role__slug__in=[CHAIR_ROLE, SECRETARY_ROLE, DEBRIEF_ROLE]
        )
        .on(day)
        .select_related("role", "user")
    }
    chair = holders.get(CHAIR_ROLE)
    if kind == MeetingKind.TEAM:
        chair = holders.get(DEBRIEF_ROLE) or chair
    return chair, holders.get(SECRETARY_ROLE)


@dataclass(frozen=True)
class Person:
    """A member as the roster of a closed meeting remembers them."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class ProxyRecord:
    """A proxy that counted in a closed meeting (no row to revoke any more: ``pk`` is None)."""

    giver: Person
    holder: Person
    pk = None

    @property
    def giver_id(self) -> int:
        return self.giver.pk

    @property
    def holder_id(self) -> int:
        return self.holder.pk


@dataclass
class Roster:
    """Who is convened, present, excused or absent, who carries whose proxy, and the quorum.
    ``members`` are users (live) or ``Person`` (a closed meeting), ``proxies`` rows or
    ``ProxyRecord``; a closed meeting also brings the quorum it recorded."""

    members: list
    status: dict[int, str]  # user id -> Attendance.Status (missing: not recorded yet)
    proxies: list
    rules: MeetingRules
    quorum: QuorumStatus | None = None

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
        if self.quorum is None:
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
        """One row per member: attendance, the proxies they carry and the one they gave, each
        with ``active`` (false while its holder is not recorded present: it does not count)."""
        active = {id(proxy) for proxy in self.active_proxies}
        held: dict[int, list[dict]] = {}
        given: dict[int, dict] = {}
        for proxy in self.proxies:
            entry = {"proxy": proxy, "active": id(proxy) in active}
            held.setdefault(proxy.holder_id, []).append(entry)
            given[proxy.giver_id] = entry
        return [
            {
                "user": member,
                "status": self.status.get(member.pk, ""),
                "holds": held.get(member.pk, []),
                "gave": given.get(member.pk),
            }
            for member in self.members
        ]

    def voters_for(self, user) -> list:
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

    def names(self, status: str) -> list:
        return [m for m in self.members if self.status.get(m.pk) == status]

    @property
    def not_recorded(self) -> list:
        return [m for m in self.members if m.pk not in self.status]

    def snapshot(self) -> dict:
        """The roster as JSON data, kept by a meeting when it closes."""
        member_pks = {m.pk for m in self.members}
        return {
            "members": [[m.pk, str(m)] for m in self.members],
            "status": {str(pk): value for pk, value in self.status.items() if pk in member_pks},
            "proxies": [[p.giver_id, p.holder_id] for p in self.active_proxies],
            "rules": {name: getattr(self.rules, name) for name in MeetingRules.RULE_FIELDS},
            "quorum": asdict(self.quorum),
        }

    @classmethod
    def from_snapshot(cls, kind: str, data: dict) -> Roster:
        people = {pk: Person(pk, name) for pk, name in data["members"]}
        return cls(
            members=list(people.values()),
            status={int(pk): value for pk, value in data["status"].items()},
            proxies=[
                ProxyRecord(people[giver], people[holder]) for giver, holder in data["proxies"]
            ],
            rules=MeetingRules(kind=kind, **data["rules"]),
            quorum=QuorumStatus(**data["quorum"]),
        )


def meeting_roster(meeting: Meeting) -> Roster:
    """A closed meeting's roster as it was when it closed (no query); otherwise four queries:
    members, attendance, proxies, rules."""
    if meeting.is_closed and meeting.closing_roster:
        return Roster.from_snapshot(meeting.kind, meeting.closing_roster)
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
        )
        .exclude(minutes__status=Minutes.Status.APPROVED)
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


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _moment(value: str | None):
    return dt.datetime.fromisoformat(value) if value else None


def motion_data(motion: Motion) -> dict:
    """A motion and its vote as plain data (its ballots prefetched)."""
    ballots = list(motion.ballots.all())
    return {
        "title": motion.title,
        "text": motion.text,
        "proposer": _name(motion.proposer),
        "majority": motion.majority,
        "status": motion.status,
        "secret": ballots[-1].secret if ballots else None,
        "yes": motion.votes_yes,
        "no": motion.votes_no,
        "abstain": motion.votes_abstain,
        "voters": motion.voters,
        "casting_vote": motion.casting_vote,
        "amendment": motion.amends_id is not None,
        "amends": motion.amends.title if motion.amends_id else "",
    }


def motions_in_vote_order(item: AgendaItem) -> list[Motion]:
    """An item's motions in the order they were voted (amendments before their motion), then
    those never put to the vote in the agenda's order (motions and ballots prefetched)."""

    def order(pair: tuple[int, Motion]) -> tuple:
        index, motion = pair
        ballots = list(motion.ballots.all())
        return (0, ballots[0].opened_at, index) if ballots else (1, index)

    return [motion for _index, motion in sorted(enumerate(item.motions.all()), key=order)]


def _motion_from_data(data: dict) -> MotionRecord:
    fields = {key: value for key, value in data.items() if key != "majority"}
    return MotionRecord(**fields, majority_label=str(Majority(data["majority"]).label))


def motion_record(motion: Motion) -> MotionRecord:
    return _motion_from_data(motion_data(motion))


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
                elected=tuple(names.get(pk, "?") for pk in (ballot.tally or {}).get("elected", [])),
            )
        )
    return rounds


def _election_data(election: Election) -> dict:
    candidates = list(election.candidates.all())
    return asdict(
        ElectionRecord(
            title=election.title,
            seats=election.seats,
            candidates=tuple(str(c.user) for c in candidates),
            rounds=tuple(election_rounds(election)),
            elected=tuple(str(c.user) for c in candidates if c.elected),
            decided=election.status in (Election.Status.DECIDED, Election.Status.APPLIED),
        )
    )


def _election_from_data(data: dict) -> ElectionRecord:
    rounds = tuple(
        RoundRecord(
            **{
                **round_,
                "votes": tuple((name, count) for name, count in round_["votes"]),
                "runoff": tuple(round_["runoff"]),
                "elected": tuple(round_.get("elected", ())),
            }
        )
        for round_ in data["rounds"]
    )
    return ElectionRecord(
        title=data["title"],
        seats=data["seats"],
        candidates=tuple(data["candidates"]),
        rounds=rounds,
        elected=tuple(data["elected"]),
        decided=data["decided"],
    )


def meeting_record_data(
    meeting: Meeting, *, cooperative_name: str, minutes: Minutes | None = None
) -> dict:
    """Everything the minutes say, as JSON data in no particular language (names, counts,
    codes, ISO times): what approved minutes keep for ever. About a dozen queries, whatever
    the size; none for the roster of a closed meeting."""
    roster = meeting_roster(meeting)
    if minutes is None:
        minutes = _minutes_of(meeting)
    opened = meeting.opened_at is not None
    approved_by = ""
    if minutes.approved_by is not None:
        approved_by = str(minutes.approved_by.item.meeting)
    return {
        "cooperative": cooperative_name,
        "title": meeting.title,
        "kind": meeting.kind,
        "committee": meeting.committee.name if meeting.committee_id else "",
        "starts_at": _iso(meeting.starts_at),
        "place": meeting.place,
        "chair": _name(meeting.chair),
        "secretary": _name(meeting.secretary),
        "present": [str(u) for u in roster.names(Attendance.Status.PRESENT)],
        "excused": [str(u) for u in roster.names(Attendance.Status.EXCUSED)],
        "absent": [str(u) for u in roster.names(Attendance.Status.ABSENT)],
        "not_recorded": [str(u) for u in roster.not_recorded] if opened else [],
        "proxies": [[str(p.giver), str(p.holder)] for p in roster.active_proxies],
        "quorum": asdict(roster.quorum) if opened else None,
        "opened_at": _iso(meeting.opened_at),
        "closed_at": _iso(meeting.closed_at),
        "items": [
            {
                "title": item.title,
                "notes": item.notes,
                "motions": [motion_data(m) for m in motions_in_vote_order(item)],
                "elections": [_election_data(e) for e in item.elections.all()],
            }
            for item in meeting_items(meeting)
        ],
        "introduction": minutes.introduction,
        "other_business": minutes.other_business,
        "approved_at": _iso(minutes.approved_at),
        "approved_by": approved_by,
    }


def record_from_data(data: dict) -> MeetingRecord:
    """The minutes' record in the reader's language, from ``meeting_record_data``."""
    kind_label = data["committee"] or str(MeetingKind(data["kind"]).label)
    quorum = data["quorum"]
    return MeetingRecord(
        cooperative=data["cooperative"],
        title=data["title"],
        kind_label=kind_label[:1].upper() + kind_label[1:],
        when=_when(_moment(data["starts_at"])),
        place=data["place"],
        chair=data["chair"],
        secretary=data["secretary"],
        present=tuple(data["present"]),
        excused=tuple(data["excused"]),
        absent=tuple(data["absent"]),
        not_recorded=tuple(data["not_recorded"]),
        proxies=tuple((giver, holder) for giver, holder in data["proxies"]),
        quorum=QuorumStatus(**quorum) if quorum else None,
        opened_at=_time(_moment(data["opened_at"])),
        closed_at=_time(_moment(data["closed_at"])),
        items=tuple(
            ItemRecord(
                title=item["title"],
                notes=item["notes"],
                motions=tuple(_motion_from_data(m) for m in item["motions"]),
                elections=tuple(_election_from_data(e) for e in item["elections"]),
            )
            for item in data["items"]
        ),
        introduction=data["introduction"],
        other_business=data["other_business"],
        approved_on=formats_date(_moment(data["approved_at"])),
        approved_by=data["approved_by"],
    )


def _minutes_of(meeting: Meeting) -> Minutes:
    found = Minutes.objects.filter(meeting=meeting).select_related("approved_by__item__meeting")
    return found.first() or Minutes(meeting=meeting)


def meeting_record(meeting: Meeting, *, cooperative_name: str) -> MeetingRecord:
    """Everything the minutes need: the record approved minutes kept, or the meeting as it
    stands."""
    minutes = _minutes_of(meeting)
    if minutes.record:
        return record_from_data(minutes.record)
    return record_from_data(
        meeting_record_data(meeting, cooperative_name=cooperative_name, minutes=minutes)
    )


def formats_date(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT") if value else ""
