"""What the governance pages read: the meeting list, a meeting's page and its live panel, an
election, the attendance sheet, a ballot's voting cards and result, a consultation."""

from __future__ import annotations

import datetime as dt
import functools

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from cjs.db import VIEWER, QueryShape, count_subquery
from governance.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Candidate,
    Consultation,
    ConsultationResponse,
    Election,
    Meeting,
    NamedVote,
    Participation,
    VoteChoice,
)
from governance.models.meetings import is_upcoming
from governance.queries.exports import OLDEST
from governance.queries.record import election_rounds, meeting_items
from governance.queries.roster import (
    meeting_members,
    meeting_roster,
    previous_minutes_to_approve,
    shown_name,
    voter_roll,
)
from governance.queries.sql import NOW, Compiled, aware, compiled, meeting_row, rows


def meeting_list_page(*, user, season, now: dt.datetime) -> dict:
    """The meetings to come, the past ones and the consultations still open, for ``user``
    (a leader sees every meeting, a member those they are convened to). Two queries, their SQL
    built once per season for the leaders and once for every member, the member's id a
    parameter; each meeting and consultation a dictionary of what the page shows (the
    attribute names of the model, which the row partial reads)."""
    statuses = {value: str(label) for value, label in Meeting.Status.choices}
    zone = timezone.get_current_timezone_name()
    if user.is_leader:
        found = rows(_meetings_sql(season.pk, False, connection.vendor, zone))
    else:
        found = rows(_meetings_sql(season.pk, True, connection.vendor, zone), user.pk)
    meetings = [meeting_row(statuses, *columns) for columns in found]
    upcoming = [m for m in meetings if is_upcoming(m["status"], m["starts_at"], now)]
    past = [m for m in reversed(meetings) if not is_upcoming(m["status"], m["starts_at"], now)]
    consultations = [
        {"pk": pk, "title": title, "closes_at": aware(closes_at), "answered": answered}
        for pk, title, closes_at, answered in rows(
            _consultations_sql(season.pk, connection.vendor), now, user.pk
        )
    ]
    return {"upcoming": upcoming, "past": past, "consultations": consultations}


# What the meeting list reads of a meeting (the committee's name in both languages).
MEETING_ROW = (
    "pk",
    "title",
    "starts_at",
    "place",
    "status",
    "committee__name_fr",
    "committee__name_en",
)


@functools.lru_cache(maxsize=64)
def _meetings_sql(season_pk: int, for_member: bool, vendor: str, zone: str) -> Compiled:
    """The meeting list's rows for a season, the oldest first: every meeting for a leader,
    those the member (``VIEWER``) is convened to when ``for_member`` (their committees'
    meetings matched on the local day, hence ``zone``)."""
    meetings = Meeting.objects.filter(season_id=season_pk)
    if for_member:
        meetings = meetings.for_member(VIEWER, season_pk)
    query = meetings.values_list(*MEETING_ROW).order_by("starts_at", "pk")
    return compiled(query, VIEWER) if for_member else compiled(query)


@functools.lru_cache(maxsize=64)
def _consultations_sql(season_pk: int, vendor: str) -> Compiled:
    """The season's consultations still open (after ``NOW``), whether the member
    (``VIEWER``) answered."""
    answered = ConsultationResponse.objects.filter(consultation=OuterRef("pk"), user_id=VIEWER)
    return compiled(
        Consultation.objects.filter(season_id=season_pk, closes_at__gt=NOW)
        .annotate(answered=Exists(answered))
        .values_list("pk", "title", "closes_at", "answered")
        .order_by("closes_at", "pk"),
        NOW,
        VIEWER,
    )


def meeting_page(meeting: Meeting, user, *, can_plan: bool) -> dict:
    """A meeting's page: its agenda, roster, where ``user`` stands in it (member, status, the
    proxy they gave and those they carry, the members they may give it to) and the live panel
    (read from the agenda's ballots)."""
    roster = meeting_roster(meeting, names_only=True)
    # A comprehension, not ``any()`` over a generator: a season's assembly convenes hundreds.
    is_member = user.pk in roster.member_pks
    my_status = roster.status.get(user.pk, "")
    # A member of a meeting not closed yet has their own panel: their attendance, and a proxy
    # to give while they are not recorded present.
    member_panel = is_member and not meeting.is_closed
    items = meeting_items(meeting)
    return {
        "meeting": meeting,
        "items": items,
        "roster": roster,
        "minutes_to_approve": previous_minutes_to_approve(meeting)
        if can_plan and not meeting.is_closed
        else None,
        "is_member": is_member,
        "member_panel": member_panel,
        "may_give_proxy": member_panel and my_status != Attendance.Status.PRESENT,
        "proxy_holders": [m for m in roster.members if m.pk != user.pk] if member_panel else [],
        "my_status": my_status,
        "my_proxy": next((p for p in roster.proxies if p.giver_id == user.pk), None),
        "held_proxies": [p for p in roster.proxies if p.holder_id == user.pk],
        **_live_from_agenda(items, user),
    }


def _live_from_agenda(items: list[AgendaItem], user) -> dict:
    """``live_context`` from the agenda's prefetched ballots (a meeting's ballots are those
    of its motions and elections): one query, whether ``user`` voted, when a vote is open."""
    ballots = []
    for item in items:
        for motion in item.motions.all():
            for ballot in motion.ballots.all():
                ballot.motion = motion
                ballots.append(ballot)
        for election in item.elections.all():
            for ballot in election.ballots.all():
                ballot.election = election
                ballots.append(ballot)
    ballot = next((b for b in ballots if b.is_open), None)
    closed = [b for b in ballots if not b.is_open]
    last = max(closed, key=lambda b: (b.closed_at or OLDEST, b.pk), default=None)
    voted = ballot is not None and ballot.participations.filter(voter=user).exists()
    return {"open_ballot": ballot, "voted": voted, "last_ballot": last}


def convocation_page(meeting: Meeting) -> dict:
    """The printable convocation: the agenda with its motions and elections, and the members
    convened (four queries whatever the size)."""
    items = meeting.items.order_by("position", "pk").prefetch_related("motions", "elections")
    return {
        "meeting": meeting,
        "items": list(items),
        "convened": list(meeting_members(meeting).order_by("last_name", "first_name", "pk")),
    }


def live_context(meeting: Meeting, user) -> dict:
    """What the members' phones show live: the vote open now, or the last result. One query
    (the phones poll it during a meeting): the open ballot and the last closed one, with
    whether ``user`` voted."""
    last_closed = (
        Ballot.objects.filter(meeting=meeting, status=Ballot.Status.CLOSED)
        .order_by("-closed_at", "-pk")
        .values("pk")[:1]
    )
    ballots = list(
        Ballot.objects.filter(Q(status=Ballot.Status.OPEN) | Q(pk=Subquery(last_closed)))
        .filter(meeting=meeting)
        .select_related("motion", "election")
        .annotate(voted=Exists(Participation.objects.filter(ballot=OuterRef("pk"), voter=user)))
    )
    ballot = next((b for b in ballots if b.is_open), None)
    last = next((b for b in ballots if not b.is_open), None)
    return {"open_ballot": ballot, "voted": bool(ballot and ballot.voted), "last_ballot": last}


def election_page(election: Election, meeting: Meeting, user) -> dict:
    """An election's page: candidates, rounds and the round open now, whether ``user`` stands
    and may vote."""
    election = (
        Election.objects.select_related("item", "role", "committee", "secret_requested_by")
        .prefetch_related(
            Prefetch("candidates", queryset=Candidate.objects.select_related("user")),
            Prefetch("ballots", queryset=Ballot.objects.order_by("seat", "round")),
        )
        .get(pk=election.pk)
    )
    election.item.meeting = meeting
    candidates = list(election.candidates.all())
    open_ballot = next((b for b in election.ballots.all() if b.is_open), None)
    is_member = meeting_members(meeting).filter(pk=user.pk).exists()
    return {
        "meeting": meeting,
        "election": election,
        "candidates": candidates,
        "rounds": election_rounds(election),
        "open_ballot": open_ballot,
        "is_candidate": any(c.user_id == user.pk for c in candidates),
        "is_member": is_member,
        "candidacies_open": election.status == Election.Status.DRAFT and not meeting.is_closed,
        "may_request_secret": is_member
        and election.secret_may_be_requested
        and not meeting.is_closed,
        "may_open_round": meeting.is_in_progress
        and not election.is_decided
        and open_ballot is None,
    }


def attendance_page(meeting: Meeting) -> dict:
    roster = meeting_roster(meeting)
    return {
        "meeting": meeting,
        "roster": roster,
        "rows": roster.rows(),
        "statuses": Attendance.Status.choices,
    }


def vote_cards(ballot: Ballot, user) -> dict:
    """The voting cards of ``user``: themselves and each member whose proxy they carry, with
    what they voted (named) or that they voted (secret)."""
    roll = voter_roll(ballot, user)
    current: dict[int, list[tuple]] = {}
    if not ballot.secret and roll.voted:
        voted = sorted(roll.voted)
        for voter_pk, choice, candidate_pk in _named_votes_shape(ballot.pk, len(voted)).rows(
            *voted
        ):
            current.setdefault(voter_pk, []).append((choice, candidate_pk))
    candidates = list(ballot.candidates.select_related("user")) if ballot.election_id else []
    cards = [
        {
            "voter": voter,
            "is_self": voter.pk == user.pk,
            "voted": voter.pk in roll.voted,
            "choices": {choice for choice, _c in current.get(voter.pk, [])},
            "candidates": {pk for _c, pk in current.get(voter.pk, []) if pk},
        }
        for voter in roll.voters
    ]
    return {
        "ballot": ballot,
        "cards": cards,
        "candidates": candidates,
        "choices": VoteChoice.choices,
        "is_leader": user.is_leader,
        "present": roll.present,
        "is_member": roll.is_member,
    }


# What the voters a phone votes for (themselves, the proxies they carry) voted in a named
# vote: an assembly's phones vote at once, so its SQL is compiled once per ballot and number
# of voters in a process, their ids parameters (compiled per set of voters, each phone's
# first vote paid for it).
@functools.lru_cache(maxsize=64)
def _named_votes_shape(ballot_pk: int, count: int) -> QueryShape:
    """What each of ``count`` voters voted, a named vote: (voter, choice, candidate) rows."""
    return QueryShape(
        lambda *voters: NamedVote.objects.filter(
            participation__ballot_id=ballot_pk, participation__voter_id__in=voters
        ).values_list("participation__voter_id", "choice", "candidate_id"),
        *(int,) * count,
    )


def polled_ballots() -> QuerySet:
    """Ballots as the live count reads them, many times a second at an assembly: with their
    meeting and ``cast``, the papers received so far, in one query."""
    received = Participation.objects.filter(ballot=OuterRef("pk"))
    return Ballot.objects.select_related("meeting").annotate(cast=count_subquery(received))


def live_ballot(ballot: Ballot, user, *, can_chair: bool, cast: int | None = None) -> dict:
    """The count of ballots cast (and the tally of a named vote, for the chair) while the vote
    is open; the result for everyone once it is closed. At most three queries (one fewer
    when ``cast``, the count, was read with the ballot)."""
    gives_casting_vote = ballot.meeting.chair_id == user.pk
    context = {
        "ballot": ballot,
        "can_chair": can_chair,
        "gives_casting_vote": gives_casting_vote,
        # Phones keep asking while the vote is open, or while a tie waits for the chair.
        "keeps_polling": ballot.is_open or (ballot.awaits_casting_vote and not gives_casting_vote),
    }
    if ballot.is_open:
        if cast is None:
            cast = Participation.objects.filter(ballot=ballot).count()
        context["cast"] = cast
        if can_chair and not ballot.secret:
            context["tally"] = named_tally(ballot)
    else:
        context["result"] = closed_result(ballot)
    return context


def named_tally(ballot: Ballot) -> list[tuple[str, int]]:
    votes = NamedVote.objects.filter(participation__ballot=ballot)
    if ballot.motion_id:
        counts = dict(votes.values_list("choice").annotate(n=Count("pk")))
        return [(label, counts.get(value, 0)) for value, label in VoteChoice.choices]
    counts = dict(
        votes.filter(candidate__isnull=False).values_list("candidate").annotate(n=Count("pk"))
    )
    names = {c.pk: str(c.user) for c in ballot.candidates.select_related("user")}
    return sorted(((name, counts.get(pk, 0)) for pk, name in names.items()), key=lambda r: -r[1])


def _names_by_choice(ballot: Ballot) -> list[tuple[str, list[str]]]:
    names: dict[str, list[str]] = {}
    for choice, first, last, username in (
        NamedVote.objects.filter(participation__ballot=ballot)
        .values_list(
            "choice",
            "participation__voter__first_name",
            "participation__voter__last_name",
            "participation__voter__username",
        )
        .order_by("participation__voter__first_name", "participation__voter__last_name")
    ):
        names.setdefault(choice, []).append(shown_name(first, last, username))
    return [(label, names.get(value, [])) for value, label in VoteChoice.choices]


def closed_result(ballot: Ballot) -> dict:
    tally = ballot.tally or {}
    result = {"outcome": ballot.outcome, "papers": ballot.papers, "blank": ballot.blank}
    if ballot.motion_id:
        result["counts"] = [(label, tally.get(value, 0)) for value, label in VoteChoice.choices]
        result["motion"] = ballot.motion
        # The rule's verdict on the counts: a tie, and how many votes for were needed.
        verdict = ballot.motion.verdict()
        result["tie"], result["required"] = verdict.tie, verdict.required
        if not ballot.secret:
            result["names"] = _names_by_choice(ballot)
    else:
        candidates = {c.pk: c for c in ballot.candidates.select_related("user")}
        result["votes"] = sorted(
            (
                (str(candidates[int(pk)].user), count)
                for pk, count in tally.get("votes", {}).items()
                if int(pk) in candidates
            ),
            key=lambda row: -row[1],
        )
        result["elected"] = [str(candidates[pk].user) for pk in tally.get("elected", [])]
        result["runoff"] = [str(candidates[pk].user) for pk in tally.get("runoff", [])]
    return result


def consultation_page(consultation: Consultation, *, mine: ConsultationResponse | None) -> dict:
    """A consultation's page: every position given so far, their counts, and ``mine`` (the
    viewer's own, read before their answer is saved)."""
    responses = list(consultation.responses.select_related("user").order_by("updated_at"))
    return {
        "consultation": consultation,
        "responses": responses,
        "counts": counts_by_choice(responses),
        "mine": mine,
        "is_open": consultation.is_open(),
    }


def own_response(consultation: Consultation, user) -> ConsultationResponse | None:
    return ConsultationResponse.objects.filter(consultation=consultation, user=user).first()


def counts_by_choice(responses) -> list[tuple[str, int]]:
    counts = {value: 0 for value, _label in VoteChoice.choices}
    for response in responses:
        counts[response.choice] += 1
    return [(label, counts[value]) for value, label in VoteChoice.choices]


def meetings_attended(user, season) -> QuerySet:
    """The meetings ``user`` was recorded present at (the skills portfolio's choices)."""
    return Meeting.objects.filter(
        season=season,
        attendances__user=user,
        attendances__status=Attendance.Status.PRESENT,
    ).order_by("-starts_at")
