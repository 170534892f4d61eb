"""A meeting as its minutes tell it: the agenda with its votes and elections, as plain data
(what approved minutes keep) and as the record in the reader's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.db.models import QuerySet
from django.db.models.sql import Query
from django.utils import formats, timezone

from cjs.db import QueryShape
from governance.minutes import (
    ElectionRecord,
    ItemRecord,
    MeetingRecord,
    MinutesDocument,
    MotionRecord,
    RoundRecord,
    minutes_draft,
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
    Minutes,
    Motion,
)
from governance.queries.roster import meeting_roster
from governance.rules import QuorumStatus


def _name(user) -> str:
    return str(user) if user is not None else ""


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


def _time(value) -> str:
    return formats.time_format(timezone.localtime(value), "TIME_FORMAT") if value else ""


# A meeting's agenda, read by the meeting's id: each shape of query compiled once per process
# (building the querysets of a five-level ``prefetch_related`` cost more than running them).
_ITEMS = QueryShape(
    lambda meeting: AgendaItem.objects.filter(meeting_id=meeting).order_by("position", "pk"), int
)
_MOTIONS = QueryShape(
    lambda meeting: Motion.objects.filter(item__meeting_id=meeting).select_related(
        "proposer", "amends", "share_out_rule", "secret_requested_by"
    ),
    int,
)
_MOTION_BALLOTS = QueryShape(
    lambda meeting: Ballot.objects.filter(motion__item__meeting_id=meeting).order_by(
        "opened_at", "pk"
    ),
    int,
)
_ELECTIONS = QueryShape(
    lambda meeting: Election.objects.filter(item__meeting_id=meeting).select_related(
        "role", "committee"
    ),
    int,
)
_CANDIDATES = QueryShape(
    lambda meeting: Candidate.objects.filter(election__item__meeting_id=meeting).select_related(
        "user"
    ),
    int,
)
_ELECTION_BALLOTS = QueryShape(
    lambda meeting: Ballot.objects.filter(election__item__meeting_id=meeting).order_by(
        "seat", "round"
    ),
    int,
)


class PrefetchedRows(QuerySet):
    """Rows read for a relation, where ``prefetch_related`` leaves its own: ``.all()``,
    iterating, counting. They were read for a whole meeting, not through the relation, so a
    new query from them (``filter``, ``order_by``...) is refused rather than run unfiltered."""

    def _chain(self):
        raise TypeError("Rows read with the agenda: read them with .all(), or query anew.")


# Never run (``PrefetchedRows`` refuses to make a query of it): shared by all their rows.
_NO_QUERY = {model: Query(model) for model in (Motion, Ballot, Election, Candidate)}


def _link(parents: list, name: str, children: list, field) -> None:
    """Each of ``parents`` with its ``children`` (read in their order) under ``name`` in its
    prefetch cache, each child linked back to its parent through ``field``, as
    ``prefetch_related`` leaves them."""
    by_parent: dict[int, list] = {parent.pk: [] for parent in parents}
    for child in children:
        by_parent[getattr(child, field.attname)].append(child)
    model = field.model
    for parent in parents:
        rows = by_parent[parent.pk]
        for row in rows:
            field.set_cached_value(row, parent)
        loaded = PrefetchedRows(model, query=_NO_QUERY[model])
        loaded._result_cache = rows
        loaded._prefetch_done = True
        parent.__dict__.setdefault("_prefetched_objects_cache", {})[name] = loaded


def meeting_items(meeting: Meeting) -> list[AgendaItem]:
    """The agenda with its motions (and their ballots) and elections (candidates, ballots),
    read as ``prefetch_related`` would (``item.motions.all()``...): at most six queries
    whatever the size, their SQL compiled once."""
    items = _ITEMS.instances(meeting.pk)
    for item in items:
        AgendaItem.meeting.field.set_cached_value(item, meeting)
    if not items:
        return items
    motions = _MOTIONS.instances(meeting.pk)
    _link(items, "motions", motions, Motion.item.field)
    if motions:
        _link(motions, "ballots", _MOTION_BALLOTS.instances(meeting.pk), Ballot.motion.field)
    elections = _ELECTIONS.instances(meeting.pk)
    _link(items, "elections", elections, Election.item.field)
    if elections:
        _link(elections, "candidates", _CANDIDATES.instances(meeting.pk), Candidate.election.field)
        _link(elections, "ballots", _ELECTION_BALLOTS.instances(meeting.pk), Ballot.election.field)
    return items


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
            decided=election.is_decided,
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


def minutes_document(meeting: Meeting, *, cooperative_name: str) -> MinutesDocument:
    """The minutes as the page and the PDF show them."""
    return minutes_draft(meeting_record(meeting, cooperative_name=cooperative_name))
