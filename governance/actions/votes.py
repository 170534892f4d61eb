"""Ballots: open a vote, cast, close, settle a tie by the casting vote."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from governance.actions.ballot_box import _secret_counts_create, _secret_paper_add, _secret_rows
from governance.actions.common import _in_progress, _lock_meeting, _no_tie_waiting
from governance.models import (
    Ballot,
    Candidate,
    Election,
    Meeting,
    Minutes,
    Motion,
    NamedVote,
    Participation,
    Topic,
    VoteChoice,
)
from governance.queries import (
    meeting_record_data,
    meeting_roster,
    voter_roll,
)
from governance.rules import (
    Choice,
    MajorityRule,
    RoundOutcome,
    election_round,
    motion_result,
)
from members.models import (
    Cooperative,
    User,
)


def _check_quorum(meeting: Meeting) -> None:
    quorum = meeting_roster(meeting).quorum
    if not quorum.reached:
        raise DomainError(
            _(
                "No quorum: %(counted)d members present or represented, %(required)d needed "
                "(%(members)d members). %(missing)d more must arrive before a vote."
            )
            % {
                "counted": quorum.counted,
                "required": quorum.required,
                "members": quorum.members,
                "missing": quorum.missing,
            }
        )


def ballot_open(
    *,
    motion: Motion | None = None,
    election: Election | None = None,
    secret: bool | None = None,
    by: User,
) -> Ballot:
    """Open the vote on a motion, or the next round of an election. The meeting must be in
    progress with its quorum; one vote at a time; amendments are voted before their motion.
    Unless told, an election (a vote about people) is secret and a motion is named; a member's
    request for a secret ballot always wins."""
    if (motion is None) == (election is None):
        raise ValueError("a motion or an election")
    if secret is None:
        secret = election is not None
    item = (motion or election).item
    try:
        with transaction.atomic():
            meeting = _lock_meeting(item.meeting)
            _in_progress(meeting)
            if meeting.ballots.filter(status=Ballot.Status.OPEN).exists():
                raise DomainError(_("Another vote is open: close it first."))
            _no_tie_waiting(meeting)
            _check_quorum(meeting)
            if motion is not None:
                ballot = _open_motion_ballot(meeting, motion, secret)
            else:
                ballot = _open_election_ballot(meeting, election, secret)
    except IntegrityError:
        raise DomainError(_("Another vote was opened at the same moment.")) from None
    return ballot


def _open_motion_ballot(meeting: Meeting, motion: Motion, secret: bool) -> Ballot:
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != Motion.Status.DRAFT:
        raise DomainError(_("This motion is not waiting for a vote."))
    if motion.amendments.filter(status__in=[Motion.Status.DRAFT, Motion.Status.OPEN]).exists():
        raise DomainError(_("Vote on the amendments of this motion first."))
    motion.status = Motion.Status.OPEN
    motion.save(update_fields=["status"])
    ballot = Ballot.objects.create(
        meeting=meeting,
        motion=motion,
        secret=secret or motion.secret_requested_by_id is not None,
    )
    if ballot.secret:
        _secret_counts_create(ballot)
    return ballot


def _open_election_ballot(meeting: Meeting, election: Election, secret: bool) -> Ballot:
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status not in (Election.Status.DRAFT, Election.Status.VOTING):
        raise DomainError(_("This election is over."))
    candidates = list(election.candidates.all())
    elected = [c for c in candidates if c.elected]
    last = election.ballots.order_by("-seat", "-round").first()
    if last is None:
        seat, round_, allowed = 1, 1, [c for c in candidates if not c.elected]
    elif last.outcome in (RoundOutcome.TIE, RoundOutcome.NO_MAJORITY):
        runoff = set(last.tally.get("runoff", []))
        seat, round_ = last.seat, last.round + 1
        allowed = [c for c in candidates if c.pk in runoff and not c.elected]
    else:
        seat, round_, allowed = last.seat + 1, 1, [c for c in candidates if not c.elected]
    if not allowed:
        raise DomainError(_("Add at least one candidate before the vote."))
    seats_left = election.seats - len(elected)
    ballot = Ballot.objects.create(
        meeting=meeting,
        election=election,
        seat=seat,
        round=round_,
        secret=secret or election.secret_requested_by_id is not None,
        max_choices=1 if election.method == Election.Method.PER_SEAT else seats_left,
    )
    ballot.candidates.set(allowed)
    if ballot.secret:
        _secret_counts_create(ballot)
    if election.status == Election.Status.DRAFT:
        election.status = Election.Status.VOTING
        election.save(update_fields=["status"])
    return ballot


def vote_cast(
    *,
    ballot: Ballot,
    voter: User,
    by: User,
    choice: str | None = None,
    candidates: Iterable[int] = (),
) -> None:
    """``by`` votes for ``voter`` (themselves, or a member whose proxy they carry). Once per
        member and ballot, guaranteed by the database; a named vote may be changed until the vote
        closes, a secret one cannot (nothing links the paper to its voter any more: it only added
    to the ballot's counters, see ``ballot_box``)."""
    candidate_ids = list(dict.fromkeys(int(pk) for pk in candidates))
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("meeting").get(pk=ballot.pk)
        if not ballot.is_open:
            raise DomainError(_("This vote is closed."))
        roll = voter_roll(ballot, by)
        if voter.pk not in {m.pk for m in roll.voters}:
            if by.role != User.Role.MEMBER:
                raise DomainError(_("Youth leaders run the meetings but do not vote."))
            if not roll.present:
                raise DomainError(_("Only the members present vote (and those they represent)."))
            raise DomainError(_("You do not carry the proxy of %(name)s.") % {"name": voter})
        papers = _papers(ballot, choice, candidate_ids)
        existing = Participation.objects.filter(ballot=ballot, voter=voter).first()
        if existing is None:
            try:
                with transaction.atomic():
                    participation = Participation.objects.create(
                        ballot=ballot, voter=voter, cast_by=by
                    )
            except IntegrityError:
                existing = Participation.objects.get(ballot=ballot, voter=voter)
        if existing is not None:
            if ballot.secret:
                raise DomainError(_("This vote is secret: a ballot once cast cannot change."))
            participation = existing
            participation.votes.all().delete()
            if participation.cast_by_id != by.pk:
                participation.cast_by = by
                participation.save(update_fields=["cast_by"])
        if ballot.secret:
            _secret_paper_add(ballot, papers)
        else:
            NamedVote.objects.bulk_create(
                NamedVote(participation=participation, choice=c, candidate_id=k) for c, k in papers
            )


def _papers(ballot: Ballot, choice: str | None, candidate_ids: list[int]) -> list:
    """The (choice, candidate) rows of one paper, validated."""
    if ballot.motion_id is not None:
        if choice not in VoteChoice.values:
            raise DomainError(_("Choose for, against or abstention."))
        return [(choice, None)]
    allowed = set(ballot.candidates.values_list("pk", flat=True))
    if any(pk not in allowed for pk in candidate_ids):
        raise DomainError(_("This name is not a candidate in this round."))
    if len(candidate_ids) > ballot.max_choices:
        raise DomainError(_("Choose at most %(count)d names.") % {"count": ballot.max_choices})
    if not candidate_ids:
        return [(VoteChoice.ABSTAIN, None)]  # a blank paper
    return [(VoteChoice.YES, pk) for pk in candidate_ids]


def ballot_close(*, ballot: Ballot, by: User, empty: bool = False) -> Ballot:
    """Close the vote, count, and write the result on the motion or the election. A tie the
    chair's casting vote may settle (when the rules give one and the chair is a member of the
    meeting) waits for it: see ``ballot_casting_vote``. A round nobody voted in is not closed
    by a slip of the finger (it would reject the motion or force a pointless next round):
    only when the chair says so (``empty``)."""
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("meeting").get(pk=ballot.pk)
        meeting = _lock_meeting(ballot.meeting)
        if not ballot.is_open:
            raise DomainError(_("This vote is already closed."))
        if not empty and not Participation.objects.filter(ballot=ballot).exists():
            raise DomainError(
                _(
                    "Nobody has voted yet: the vote stays open. Wait for the ballots, or confirm "
                    "that you close it without any ballot."
                ),
                code="empty_ballot",
            )
        roster = meeting_roster(meeting)
        if ballot.secret:
            rows = _secret_rows(ballot)
        else:
            rows = list(
                NamedVote.objects.filter(participation__ballot=ballot).values_list(
                    "choice", "candidate"
                )
            )
        ballot.papers = Participation.objects.filter(ballot=ballot).count()
        ballot.status = Ballot.Status.CLOSED
        ballot.closed_at = timezone.now()
        if ballot.motion_id is not None:
            _close_motion(ballot, rows, roster, meeting)
        else:
            _close_election(ballot, rows)
        ballot.save()
    return ballot


def _chair_may_cast(meeting: Meeting, roster) -> bool:
    """The casting vote belongs to the chair of the meeting, when the rules give one and the
    chair is one of its members (a youth leader never decides a vote)."""
    return roster.rules.chair_casting_vote and meeting.chair_id in roster.member_pks


def _close_motion(ballot: Ballot, rows, roster, meeting: Meeting) -> None:
    counts = Counter(choice for choice, _candidate in rows)
    motion = Motion.objects.select_for_update().get(pk=ballot.motion_id)
    result = motion_result(
        yes=counts[Choice.YES],
        no=counts[Choice.NO],
        abstain=counts[Choice.ABSTAIN],
        voters=max(roster.quorum.voters, ballot.papers),
        rule=MajorityRule(motion.majority),
    )
    ballot.tally = {"yes": result.yes, "no": result.no, "abstain": result.abstain}
    motion.votes_yes, motion.votes_no, motion.votes_abstain = result.yes, result.no, result.abstain
    motion.voters = result.voters
    if result.tie_breakable and _chair_may_cast(meeting, roster):
        # The count is known to all; the chair now settles the tie, knowing it.
        ballot.outcome = Ballot.AWAITING_CASTING_VOTE
        motion.save(update_fields=["votes_yes", "votes_no", "votes_abstain", "voters"])
        return
    _decide_motion(ballot, motion, result)


def _decide_motion(ballot: Ballot, motion: Motion, result) -> None:
    ballot.outcome = "adopted" if result.adopted else "rejected"
    motion.casting_vote = result.casting_vote or ""
    motion.status = Motion.Status.ADOPTED if result.adopted else Motion.Status.REJECTED
    motion.decided_at = timezone.now()
    motion.save()
    if result.adopted and motion.amends_id is not None:
        _amendment_merge(motion)
    if result.adopted and motion.topic == Topic.MINUTES and motion.approves_minutes_of_id:
        _minutes_approve(motion, motion.decided_at)


def _amendment_merge(amendment: Motion) -> None:
    """An adopted amendment becomes its motion's text, unless that text changed since the
    amendment was written (then a planner rewrites the motion: the meeting page says so)."""
    Motion.objects.filter(
        pk=amendment.amends_id, status=Motion.Status.DRAFT, text=amendment.original_text
    ).update(text=amendment.text)


def _minutes_approve(motion: Motion, when: dt.datetime) -> None:
    """The minutes ``motion`` approves become final: their whole record is kept as data, so
    that nothing changed later (names, enrolments, rules) can alter them."""
    minutes, _created = Minutes.objects.select_for_update().get_or_create(
        meeting_id=motion.approves_minutes_of_id
    )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_by = motion
    minutes.approved_at = when
    minutes.record = meeting_record_data(
        minutes.meeting, cooperative_name=Cooperative.load().name, minutes=minutes
    )
    minutes.save(update_fields=["status", "approved_by", "approved_at", "record", "updated_at"])


def ballot_casting_vote(*, ballot: Ballot, choice: str, by: User) -> Ballot:
    """The chair settles the tie of a closed vote, for or against."""
    if choice not in (Choice.YES, Choice.NO):
        raise DomainError(_("The casting vote is for or against."))
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("meeting").get(pk=ballot.pk)
        meeting = _lock_meeting(ballot.meeting)
        if not ballot.awaits_casting_vote:
            raise DomainError(_("This vote does not wait for a casting vote."))
        if by.pk != meeting.chair_id or not _chair_may_cast(meeting, meeting_roster(meeting)):
            raise DomainError(_("Only the chair of the meeting, a member, gives the casting vote."))
        motion = Motion.objects.select_for_update().get(pk=ballot.motion_id)
        _decide_motion(ballot, motion, motion.verdict(casting_vote=choice))
        ballot.save(update_fields=["outcome"])
    return ballot


def _close_election(ballot: Ballot, rows) -> None:
    election = Election.objects.select_for_update().get(pk=ballot.election_id)
    allowed = list(ballot.candidates.values_list("pk", flat=True))
    votes = Counter(candidate for _choice, candidate in rows if candidate is not None)
    counts = {pk: votes.get(pk, 0) for pk in allowed}
    already = election.candidates.filter(elected=True).count()
    seats = 1 if election.method == Election.Method.PER_SEAT else election.seats - already
    ballot.blank = sum(1 for _choice, candidate in rows if candidate is None)
    outcome = election_round(
        votes=counts,
        seats=seats,
        papers=ballot.papers,
        blank=ballot.blank,
        absolute_majority=ballot.round == 1 and election.absolute_majority_first_round,
    )
    ballot.tally = {
        "votes": {str(pk): count for pk, count in counts.items()},
        "elected": list(outcome.elected),
        "runoff": list(outcome.runoff),
    }
    ballot.outcome = outcome.outcome
    Candidate.objects.filter(pk__in=outcome.elected).update(
        elected=True, elected_round=ballot.round
    )
    filled = already + len(outcome.elected)
    if outcome.outcome in (RoundOutcome.TIE, RoundOutcome.NO_MAJORITY):
        return
    if (
        election.method == Election.Method.PER_SEAT
        and outcome.outcome == RoundOutcome.DECIDED
        and filled < election.seats
        and election.candidates.filter(elected=False).exists()
    ):
        return  # the next seat
    election.status = Election.Status.DECIDED
    election.save(update_fields=["status"])
