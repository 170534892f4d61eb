"""Quorum, majorities and election rounds: pure functions, table-driven over the edge cases."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.rules import (
    Choice,
    MajorityRule,
    RoundOutcome,
    election_round,
    motion_result,
    quorum_required,
    quorum_status,
    uncovered_days,
)

SIMPLE, ABSOLUTE, TWO_THIRDS = MajorityRule.SIMPLE, MajorityRule.ABSOLUTE, MajorityRule.TWO_THIRDS


@pytest.mark.parametrize(
    ("members", "numerator", "denominator", "strictly_more", "required"),
    [
        (15, 1, 2, True, 8),  # half plus one
        (14, 1, 2, True, 8),
        (1, 1, 2, True, 1),
        (2, 1, 2, True, 2),
        (0, 1, 2, True, 0),
        (14, 1, 3, False, 5),  # at least a third
        (15, 1, 3, False, 5),
        (16, 1, 3, False, 6),
        (15, 2, 3, False, 10),
        (15, 1, 1, True, 15),  # "more than all" cannot exceed the members
        (15, 0, 1, False, 0),  # no quorum (daily team meeting)
    ],
)
def test_quorum_required(members, numerator, denominator, strictly_more, required):
    assert (
        quorum_required(
            members, numerator=numerator, denominator=denominator, strictly_more=strictly_more
        )
        == required
    )


@pytest.mark.parametrize(
    ("members", "present", "represented", "proxies_count", "reached", "missing"),
    [
        (15, 8, 0, True, True, 0),
        (15, 7, 0, True, False, 1),
        (15, 7, 1, True, True, 0),  # a proxy completes the quorum
        (15, 7, 1, False, False, 1),  # ...unless the rules say proxies do not count
        (15, 0, 0, True, False, 8),
        (0, 0, 0, True, False, 0),  # nobody convened: nothing can be decided
    ],
)
def test_quorum_status(members, present, represented, proxies_count, reached, missing):
    status = quorum_status(
        members=members,
        present=present,
        represented=represented,
        numerator=1,
        denominator=2,
        strictly_more=True,
        proxies_count=proxies_count,
    )
    assert status.reached is reached
    assert status.missing == missing
    assert status.voters == present + represented


def test_quorum_refuses_more_people_than_members():
    with pytest.raises(ValueError):
        quorum_status(
            members=3, present=3, represented=1, numerator=1, denominator=2, strictly_more=True
        )


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "voters", "rule", "casting", "adopted"),
    [
        # simple majority of the votes cast: abstentions do not count
        (5, 4, 6, 15, SIMPLE, None, True),
        (1, 0, 14, 15, SIMPLE, None, True),
        (4, 4, 0, 8, SIMPLE, None, False),  # tie: rejected
        (4, 4, 0, 8, SIMPLE, Choice.YES, True),  # ...unless the chair's casting vote says yes
        (4, 4, 0, 8, SIMPLE, Choice.NO, False),
        (0, 0, 5, 5, SIMPLE, Choice.YES, False),  # no vote cast is no tie to settle
        (0, 0, 0, 5, SIMPLE, None, False),
        (3, 5, 0, 8, SIMPLE, Choice.YES, False),  # a casting vote does not overturn a result
        # absolute majority of the members present or represented
        (8, 0, 7, 15, ABSOLUTE, None, True),
        (7, 0, 8, 15, ABSOLUTE, None, False),
        (7, 1, 6, 14, ABSOLUTE, None, False),  # exactly half is not more than half
        (7, 7, 0, 14, ABSOLUTE, None, False),
        (7, 7, 0, 14, ABSOLUTE, Choice.YES, True),  # an equal split of all voices
        (6, 6, 2, 14, ABSOLUTE, Choice.YES, False),  # a tie, but below half anyway
        # two thirds of the votes cast
        (10, 5, 0, 15, TWO_THIRDS, None, True),  # exactly two thirds
        (9, 5, 1, 15, TWO_THIRDS, None, False),
        (2, 1, 12, 15, TWO_THIRDS, None, True),
        (5, 5, 0, 10, TWO_THIRDS, Choice.YES, False),  # a casting vote cannot reach 2/3
        (0, 0, 4, 4, TWO_THIRDS, None, False),
    ],
)
def test_motion_result(yes, no, abstain, voters, rule, casting, adopted):
    result = motion_result(
        yes=yes, no=no, abstain=abstain, voters=voters, rule=rule, casting_vote=casting
    )
    assert result.adopted is adopted
    assert (result.yes, result.no, result.abstain, result.rule) == (yes, no, abstain, rule)


def test_motion_result_says_when_the_casting_vote_decided():
    result = motion_result(yes=3, no=3, abstain=1, voters=7, rule=SIMPLE, casting_vote=Choice.NO)
    assert result.tie and result.casting_vote == Choice.NO and not result.adopted
    plain = motion_result(yes=4, no=3, abstain=0, voters=7, rule=SIMPLE, casting_vote=Choice.NO)
    assert plain.casting_vote is None and plain.adopted


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "voters", "rule", "breakable"),
    [
        (4, 4, 0, 8, SIMPLE, True),
        (4, 4, 3, 11, SIMPLE, True),  # abstentions do not count in a simple majority
        (0, 0, 5, 5, SIMPLE, False),  # nobody for nor against: no tie
        (5, 4, 0, 9, SIMPLE, False),
        (7, 7, 0, 14, ABSOLUTE, True),  # all voices split in two halves
        (6, 6, 2, 14, ABSOLUTE, False),  # rejected whatever the chair says
        (5, 5, 0, 10, TWO_THIRDS, False),
    ],
)
def test_motion_result_says_when_only_a_casting_vote_can_settle_it(
    yes, no, abstain, voters, rule, breakable
):
    result = motion_result(yes=yes, no=no, abstain=abstain, voters=voters, rule=rule)
    assert result.tie_breakable is breakable
    assert not (breakable and result.adopted)


@pytest.mark.parametrize(
    ("yes", "no", "voters", "rule", "required"),
    [
        (5, 4, 15, SIMPLE, 5),
        (8, 0, 15, ABSOLUTE, 8),
        (7, 0, 14, ABSOLUTE, 8),
        (10, 5, 15, TWO_THIRDS, 10),
    ],
)
def test_motion_result_gives_the_yes_votes_required(yes, no, voters, rule, required):
    assert motion_result(yes=yes, no=no, abstain=0, voters=voters, rule=rule).required == required


counts = st.integers(min_value=0, max_value=40)


@given(yes=counts, no=counts, abstain=counts, extra=counts, rule=st.sampled_from(MajorityRule))
def test_an_adopted_motion_has_more_for_than_against(yes, no, abstain, extra, rule):
    voters = yes + no + abstain + extra
    result = motion_result(yes=yes, no=no, abstain=abstain, voters=voters, rule=rule)
    if result.adopted:
        assert yes > no


@given(yes=counts, no=counts, abstain=counts, extra=counts, rule=st.sampled_from(MajorityRule))
def test_one_more_vote_for_never_turns_adopted_into_rejected(yes, no, abstain, extra, rule):
    voters = yes + no + abstain + extra + 1
    before = motion_result(yes=yes, no=no, abstain=abstain, voters=voters, rule=rule)
    after = motion_result(yes=yes + 1, no=no, abstain=abstain, voters=voters, rule=rule)
    assert after.adopted or not before.adopted


@pytest.mark.parametrize(
    ("votes", "seats", "papers", "blank", "absolute", "outcome", "elected", "runoff"),
    [
        ({"léa": 8, "hugo": 5}, 1, 13, 0, True, RoundOutcome.DECIDED, ("léa",), ()),
        # 6 of 13 is not more than half: a second round between everyone
        (
            {"léa": 6, "hugo": 5, "inès": 2},
            1,
            13,
            0,
            True,
            RoundOutcome.NO_MAJORITY,
            (),
            ("léa", "hugo", "inès"),
        ),
        # blank papers do not count in the absolute majority
        ({"léa": 6, "hugo": 5}, 1, 13, 2, True, RoundOutcome.DECIDED, ("léa",), ()),
        # second round: the most votes wins
        ({"léa": 6, "hugo": 5, "inès": 2}, 1, 13, 0, False, RoundOutcome.DECIDED, ("léa",), ()),
        # a tie for the seat: a new round between the tied
        ({"léa": 6, "hugo": 6, "inès": 1}, 1, 13, 0, False, RoundOutcome.TIE, (), ("léa", "hugo")),
        # two seats, one clear, two tied for the second
        (
            {"léa": 9, "hugo": 5, "inès": 5},
            2,
            10,
            0,
            False,
            RoundOutcome.TIE,
            ("léa",),
            ("hugo", "inès"),
        ),
        # two seats on one paper (multiple choice): more than half of 10 papers each
        (
            {"léa": 9, "hugo": 6, "inès": 5},
            2,
            10,
            0,
            True,
            RoundOutcome.DECIDED,
            ("léa", "hugo"),
            (),
        ),
        (
            {"léa": 9, "hugo": 5, "inès": 5},
            2,
            10,
            0,
            True,
            RoundOutcome.NO_MAJORITY,
            ("léa",),
            ("hugo", "inès"),
        ),
        # nobody voted for anyone: the seat stays vacant
        ({"léa": 0}, 1, 4, 4, False, RoundOutcome.VACANT, (), ()),
        ({}, 1, 0, 0, True, RoundOutcome.VACANT, (), ()),
        # more seats than candidates with votes
        ({"léa": 3, "hugo": 0}, 3, 3, 0, False, RoundOutcome.VACANT, ("léa",), ()),
        # a single candidate still needs the majority in the first round
        ({"léa": 4}, 1, 10, 0, True, RoundOutcome.NO_MAJORITY, (), ("léa",)),
        ({"léa": 4}, 1, 10, 0, False, RoundOutcome.DECIDED, ("léa",), ()),
    ],
)
def test_election_round(votes, seats, papers, blank, absolute, outcome, elected, runoff):
    result = election_round(
        votes=votes, seats=seats, papers=papers, blank=blank, absolute_majority=absolute
    )
    assert result.outcome == outcome
    assert result.elected == elected
    assert set(result.runoff) == set(runoff)
    assert result.seats_left == seats - len(elected)


@given(
    votes=st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 20), max_size=8),
    seats=st.integers(1, 4),
    absolute=st.booleans(),
)
def test_an_election_round_never_elects_more_than_the_seats(votes, seats, absolute):
    papers = max(votes.values(), default=0) + 3
    result = election_round(
        votes=votes, seats=seats, papers=papers, blank=0, absolute_majority=absolute
    )
    assert len(result.elected) <= seats
    assert not set(result.elected) & set(result.runoff)
    assert all(votes[c] > 0 for c in result.elected)
    if result.outcome == RoundOutcome.TIE:
        assert len({votes[c] for c in result.runoff}) == 1


D = dt.date(2026, 7, 1)


@pytest.mark.parametrize(
    ("spans", "gaps"),
    [
        ([], [(0, 30)]),
        ([(0, 30)], []),
        ([(-5, 40)], []),
        ([(0, 3)], [(4, 30)]),
        ([(5, 10)], [(0, 4), (11, 30)]),
        ([(0, 3), (2, 8), (20, 30)], [(9, 19)]),
        ([(25, 40), (-3, 10)], [(11, 24)]),
        ([(31, 40)], [(0, 30)]),
    ],
)
def test_uncovered_days(spans, gaps):
    def day(n):
        return D + dt.timedelta(days=n)

    found = uncovered_days(day(0), day(30), [(day(a), day(b)) for a, b in spans])
    assert found == [(day(a), day(b)) for a, b in gaps]
