"""Pure decisions of the cooperative's democracy: quorum, majorities, election rounds.

No database here: numbers in, a result out, so that every edge case is a line in a table test.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class MajorityRule(StrEnum):
    SIMPLE = "simple"  # more yes than no among the votes cast (abstentions not counted)
    ABSOLUTE = "absolute"  # more than half of the members present or represented
    TWO_THIRDS = "two_thirds"  # at least two thirds of the votes cast


def quorum_required(members: int, *, numerator: int, denominator: int, strictly_more: bool) -> int:
    """How many members must be counted for the meeting to decide.

    ``strictly_more`` reads "more than the fraction" (half plus one: 15 members -> 8, 14 -> 8);
    otherwise "at least the fraction" (a third of 14 -> 5). Never more than the members.
    """
    if members <= 0 or numerator <= 0:
        return 0
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    share = Fraction(members * numerator, denominator)
    required = math.floor(share) + 1 if strictly_more else math.ceil(share)
    return min(required, members)


@dataclass(frozen=True)
class QuorumStatus:
    members: int
    present: int
    represented: int
    required: int
    proxies_count: bool

    @property
    def counted(self) -> int:
        return self.present + (self.represented if self.proxies_count else 0)

    @property
    def reached(self) -> bool:
        return self.members > 0 and self.counted >= self.required

    @property
    def missing(self) -> int:
        return max(0, self.required - self.counted)

    @property
    def voters(self) -> int:
        """Votes that can be cast: the members present and those they represent."""
        return self.present + self.represented


def quorum_status(
    *,
    members: int,
    present: int,
    represented: int,
    numerator: int,
    denominator: int,
    strictly_more: bool,
    proxies_count: bool = True,
) -> QuorumStatus:
    if present < 0 or represented < 0 or present + represented > members:
        raise ValueError("present and represented must fit within the members")
    return QuorumStatus(
        members=members,
        present=present,
        represented=represented,
        required=quorum_required(
            members, numerator=numerator, denominator=denominator, strictly_more=strictly_more
        ),
        proxies_count=proxies_count,
    )


@dataclass(frozen=True)
class MotionResult:
    adopted: bool
    rule: MajorityRule
    yes: int
    no: int
    abstain: int
    voters: int  # members present or represented when the vote closed
    required: int  # yes votes needed under the rule
    tie: bool
    casting_vote: Choice | None  # the chair's casting vote, when it decided a tie
    # A tie that decides the result: the chair's casting vote would settle it (if the rules
    # give one). False when the motion is adopted or rejected whatever the chair says.
    tie_breakable: bool = False

    @property
    def cast(self) -> int:
        return self.yes + self.no


def motion_result(
    *,
    yes: int,
    no: int,
    abstain: int,
    voters: int,
    rule: MajorityRule,
    casting_vote: Choice | None = None,
) -> MotionResult:
    """Adopted or rejected under ``rule``. A tie (as many yes as no) is rejected, unless the
    chair's ``casting_vote`` (given only when the rules allow one) settles it."""
    if min(yes, no, abstain, voters) < 0:
        raise ValueError("counts cannot be negative")
    cast = yes + no
    if rule == MajorityRule.SIMPLE:
        required = cast // 2 + 1
        adopted = yes > no
    elif rule == MajorityRule.ABSOLUTE:
        required = voters // 2 + 1
        adopted = yes * 2 > voters
    else:
        required = max(1, math.ceil(Fraction(2 * cast, 3)))
        adopted = cast > 0 and yes * 3 >= cast * 2
    tie = yes == no and yes > 0
    used = None
    # The casting vote breaks an equal split only when that split is what decides.
    split_decides = rule == MajorityRule.SIMPLE or (
        rule == MajorityRule.ABSOLUTE and yes * 2 == voters
    )
    breakable = not adopted and tie and split_decides
    if breakable and casting_vote in (Choice.YES, Choice.NO):
        used = Choice(casting_vote)
        adopted = used == Choice.YES
    return MotionResult(
        adopted=adopted,
        rule=rule,
        yes=yes,
        no=no,
        abstain=abstain,
        voters=voters,
        required=required,
        tie=tie,
        casting_vote=used,
        tie_breakable=breakable,
    )


class RoundOutcome(StrEnum):
    DECIDED = "decided"  # every seat is filled
    TIE = "tie"  # candidates tied for the last seats: a new round between them
    NO_MAJORITY = "no_majority"  # first round without an absolute majority: a second round
    VACANT = "vacant"  # nobody else received a vote: the remaining seats stay empty


@dataclass(frozen=True)
class ElectionRound:
    outcome: RoundOutcome
    elected: tuple[Hashable, ...]
    runoff: tuple[Hashable, ...]
    seats_left: int


def election_round(
    *,
    votes: Mapping[Hashable, int],
    seats: int,
    papers: int,
    blank: int,
    absolute_majority: bool,
) -> ElectionRound:
    """One round of an election for ``seats`` seats.

    ``votes`` gives each candidate's votes (a paper may name up to ``seats`` candidates);
    ``papers`` is the number of ballots, ``blank`` those that named nobody. With
    ``absolute_majority`` (the first round, usually) a candidate must be named on more than
    half of the non-blank papers; later rounds go to the most votes. Candidates tied for the
    last seats go to a new round between themselves.
    """
    if seats < 1:
        raise ValueError("an election needs at least one seat")
    expressed = papers - blank
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    qualified = [
        (candidate, count)
        for candidate, count in ranked
        if count > 0 and (not absolute_majority or count * 2 > expressed)
    ]
    tied: list[Hashable] = []
    if len(qualified) <= seats:
        elected = [candidate for candidate, _count in qualified]
    else:
        cutoff = qualified[seats - 1][1]
        elected = [candidate for candidate, count in qualified if count > cutoff]
        at_cutoff = [candidate for candidate, count in qualified if count == cutoff]
        if len(elected) + len(at_cutoff) <= seats:
            elected += at_cutoff
        else:
            tied = at_cutoff
    seats_left = seats - len(elected)
    if seats_left == 0:
        return ElectionRound(RoundOutcome.DECIDED, tuple(elected), (), 0)
    if tied:
        return ElectionRound(RoundOutcome.TIE, tuple(elected), tuple(tied), seats_left)
    others = tuple(candidate for candidate, _count in ranked if candidate not in elected)
    if absolute_majority and others:
        return ElectionRound(RoundOutcome.NO_MAJORITY, tuple(elected), others, seats_left)
    return ElectionRound(RoundOutcome.VACANT, tuple(elected), (), seats_left)


def uncovered_days(
    start: dt.date, end: dt.date, spans: list[tuple[dt.date, dt.date]]
) -> list[tuple[dt.date, dt.date]]:
    """The runs of days from ``start`` to ``end`` (included) that no span covers, in order."""
    gaps = []
    day = start
    for span_start, span_end in sorted(spans):
        if span_end < day:
            continue
        if span_start > end:
            break
        if span_start > day:
            gaps.append((day, span_start - dt.timedelta(days=1)))
        day = max(day, span_end + dt.timedelta(days=1))
        if day > end:
            return gaps
    if day <= end:
        gaps.append((day, end))
    return gaps
