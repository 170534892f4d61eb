"""Who is convened to a meeting, who is there, who may vote and whether the quorum is
reached. A constant number of queries each."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import asdict, dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from cjs.db import QueryShape
from governance.models import (
    Attendance,
    Ballot,
    Meeting,
    MeetingKind,
    MeetingRules,
    Minutes,
    Participation,
    Proxy,
)
from governance.models.meetings import meeting_name
from governance.queries.sql import Compiled, aware, compiled, rows
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


def _seated_ids(*, season, kind: str, committee_id: int | None, day: dt.date) -> QuerySet:
    """The ids of the users enrolled on ``day`` (and, for a committee, sitting on it that
    day), as a subquery: what the enrolments and the seats say, not yet who the users are."""
    enrolled = enrolled_on(season, day)
    if kind == MeetingKind.COMMITTEE:
        rows = CommitteeMembership.objects.filter(season=season, committee_id=committee_id).on(day)
        rows = rows.filter(user__in=enrolled.values("user_id"))
    else:
        rows = enrolled
    return rows.values("user_id")


def convened_users(*, season, kind: str, committee_id: int | None, day: dt.date) -> QuerySet:
    """The users convened to a meeting on ``day``: the members enrolled that day (and, for a
    committee, sitting on it that day). Leaders are never members: they run meetings but do
    not vote. The users' own conditions (a member, active) are asked of the users
    themselves, the enrolments and seats giving the ids only: one scan of the users where
    joining them inside the subquery too planned two (a quarter of the query on a
    long-lived cooperative's 1,500 users)."""
    return User.objects.filter(
        role=User.Role.MEMBER,
        is_active=True,
        pk__in=_seated_ids(season=season, kind=kind, committee_id=committee_id, day=day),
    )


def member_ids(*, season, kind: str, committee_id: int | None, day: dt.date) -> QuerySet:
    """``convened_users`` as a subquery of ids."""
    return convened_users(season=season, kind=kind, committee_id=committee_id, day=day).values("pk")


def meeting_members(meeting: Meeting) -> QuerySet:
    return convened_users(
        season=meeting.season_id,
        kind=meeting.kind,
        committee_id=meeting.committee_id,
        day=meeting.day,
    )


def _convened(season_pk: int, kind: str, committee_pk: int | None, day: dt.date) -> QuerySet:
    """``meeting_members`` in the roster's order."""
    users = convened_users(season=season_pk, kind=kind, committee_id=committee_pk, day=day)
    return users.order_by("first_name", "last_name", "username")


@functools.lru_cache(maxsize=256)
def _member_names_sql(
    season_pk: int, kind: str, committee_pk: int | None, day: dt.date, vendor: str
) -> Compiled:
    """The names of the members convened (a meeting's page reads them at each view): the SQL
    depends on nothing but the meeting's season, body and day."""
    convened = _convened(season_pk, kind, committee_pk, day)
    return compiled(convened.values_list("pk", *NAME_FIELDS))


@functools.lru_cache(maxsize=256)
def _attendance_sql(meeting_pk: int, vendor: str) -> Compiled:
    return compiled(Attendance.objects.filter(meeting=meeting_pk).values_list("user_id", "status"))


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
    """A member as the roster of a closed meeting remembers them, or as a page that shows no
    more than their name reads them."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


# The columns ``shown_name`` reads, as ``str(user)`` words it.
NAME_FIELDS = ("first_name", "last_name", "username")


def shown_name(first_name: str, last_name: str, username: str) -> str:
    """``str(user)`` from its columns (read with ``values_list``, not as a model)."""
    return f"{first_name} {last_name}".strip() or username


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
        self.member_pks = member_pks = {m.pk for m in self.members}
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


# A meeting's proxies with their giver and holder, by the meeting's id (SQL compiled once).
_PROXIES = QueryShape(
    lambda meeting: (
        Proxy.objects.filter(meeting_id=meeting).select_related("giver", "holder").order_by("pk")
    ),
    int,
)


def meeting_roster(meeting: Meeting, *, names_only: bool = False) -> Roster:
    """A closed meeting's roster as it was when it closed (no query); otherwise four queries:
    members, attendance, proxies, rules. ``names_only``: the members as ``Person`` (cheaper
    to read than users, for the pages that show their names only)."""
    if meeting.is_closed and meeting.closing_roster:
        return Roster.from_snapshot(meeting.kind, meeting.closing_roster)
    if names_only:
        members = [
            Person(pk, shown_name(*names))
            for pk, *names in rows(
                _member_names_sql(
                    meeting.season_id,
                    meeting.kind,
                    meeting.committee_id,
                    meeting.day,
                    connection.vendor,
                )
            )
        ]
    else:
        members = list(
            _convened(meeting.season_id, meeting.kind, meeting.committee_id, meeting.day)
        )
    status = dict(rows(_attendance_sql(meeting.pk, connection.vendor)))
    proxies = _PROXIES.instances(meeting.pk)
    return Roster(
        members=members, status=status, proxies=proxies, rules=MeetingRules.for_kind(meeting.kind)
    )


@dataclass(frozen=True)
class VoterRoll:
    """What a ballot's page needs of the roster for one viewer, as ``Roster`` answers it:
    whether they are convened (``is_member``) and present, the members they vote for
    (``voters``: themselves, then those whose active proxy they carry, in the proxies'
    order) and which of those have voted."""

    is_member: bool
    present: bool
    voters: list
    voted: frozenset[int]


def voter_roll(ballot: Ballot, user) -> VoterRoll:
    """``Roster.voters_for(user)`` and what goes with it, without reading the whole roster:
    one query for an open meeting (an assembly's sixty phones open the ballot at once),
    where the roster reads four and every member's name; a closed meeting's from the roster
    it kept, and who voted."""
    meeting = ballot.meeting
    if meeting.is_closed and meeting.closing_roster:
        roster = Roster.from_snapshot(meeting.kind, meeting.closing_roster)
        voters = roster.voters_for(user)
        voted = Participation.objects.filter(
            ballot=ballot, voter_id__in=[v.pk for v in voters]
        ).values_list("voter_id", flat=True)
        return VoterRoll(
            is_member=user.pk in roster.member_pks,
            present=user.pk in roster.present_ids,
            voters=voters,
            voted=frozenset(voted),
        )
    roll = _voter_roll_shape(
        ballot.pk,
        meeting.pk,
        meeting.season_id,
        meeting.kind,
        meeting.committee_id,
        meeting.day,
    ).rows(user.pk, user.pk, user.pk)
    own = next((row for row in roll if row[0] == user.pk), None)
    present = own is not None and bool(own[4])
    voters = []
    if present:  # the proxies they carry count while they are there, for absent givers
        carried = sorted((row for row in roll if row[5] is not None and not row[4]), key=_proxy)
        voters = [user, *(Person(row[0], shown_name(*row[1:4])) for row in carried)]
    voter_pks = {voter.pk for voter in voters}
    return VoterRoll(
        is_member=own is not None,
        present=present,
        voters=voters,
        voted=frozenset(row[0] for row in roll if row[6] and row[0] in voter_pks),
    )


def _proxy(row: tuple) -> int:
    return row[5]


@functools.lru_cache(maxsize=64)
def _voter_roll_shape(
    ballot_pk: int,
    meeting_pk: int,
    season_pk: int,
    kind: str,
    committee_pk: int | None,
    day: dt.date,
) -> QueryShape:
    """The viewer and the members whose proxy they carry, among those convened: (id, the
    name's columns, present, the proxy's id, voted) rows. Compiled once per ballot in a
    process, the viewer's id a parameter (given three times: a shape's parameter stands
    once): compiled per viewer, each phone's first look at the vote cost its compilation."""

    def roll(viewer: int, holder: int, same_holder: int) -> QuerySet:
        convened = convened_users(season=season_pk, kind=kind, committee_id=committee_pk, day=day)
        present = Attendance.objects.filter(
            meeting_id=meeting_pk, user_id=OuterRef("pk"), status=Attendance.Status.PRESENT
        )
        carried = Proxy.objects.filter(meeting_id=meeting_pk, holder_id=holder)
        their_proxy = Proxy.objects.filter(
            meeting_id=meeting_pk, holder_id=same_holder, giver_id=OuterRef("pk")
        )
        voted = Participation.objects.filter(ballot_id=ballot_pk, voter=OuterRef("pk"))
        return (
            convened.filter(Q(pk=viewer) | Q(pk__in=carried.values("giver_id")))
            .annotate(
                present=Exists(present),
                proxy=Subquery(their_proxy.values("pk")[:1]),
                voted=Exists(voted),
            )
            .order_by()
            .values_list("pk", *NAME_FIELDS, "present", "proxy", "voted")
        )

    return QueryShape(roll, int, int, int)


def previous_meeting_to_approve(meeting: Meeting) -> Meeting | None:
    """The last closed meeting of the same body whose minutes still wait for approval."""
    return _to_approve(
        meeting.season_id, meeting.kind, meeting.committee_id, meeting.starts_at
    ).first()


def previous_minutes_to_approve(meeting: Meeting) -> str | None:
    """The name (``meeting_name``) of ``previous_meeting_to_approve``, for the meeting's page:
    its SQL built once per meeting (per season, body and start, all it depends on)."""
    found = rows(
        _to_approve_sql(
            meeting.season_id,
            meeting.kind,
            meeting.committee_id,
            meeting.starts_at,
            connection.vendor,
        )
    )
    return meeting_name(found[0][0], aware(found[0][1])) if found else None


def _to_approve(season_pk: int, kind: str, committee_pk: int | None, before: dt.datetime):
    return (
        Meeting.objects.filter(
            season=season_pk,
            kind=kind,
            committee=committee_pk,
            status=Meeting.Status.CLOSED,
            starts_at__lt=before,
        )
        .exclude(minutes__status=Minutes.Status.APPROVED)
        .filter(~Q(approval_motions__status__in=["draft", "open", "adopted"]))
        .order_by("-starts_at")
    )


@functools.lru_cache(maxsize=256)
def _to_approve_sql(
    season_pk: int, kind: str, committee_pk: int | None, before: dt.datetime, vendor: str
) -> Compiled:
    return compiled(
        _to_approve(season_pk, kind, committee_pk, before).values_list("title", "starts_at")[:1]
    )
