"""The team suggestion and the fair head start (``services.fairness``): pure functions,
tested with hypothesis properties."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.fairness import Candidate, head_start_circle, suggest_team

candidates = st.lists(
    st.builds(
        Candidate,
        member_id=st.integers(min_value=1, max_value=10_000),
        earned=st.decimals(min_value=0, max_value=500, places=2),
        hours=st.decimals(min_value=0, max_value=60, places=2),
        experience=st.integers(min_value=0, max_value=3),
        refusal=st.sampled_from([None, None, None, "Refusé : absent"]),
        available=st.booleans() | st.just(True),
        booked_earnings=st.decimals(min_value=0, max_value=200, places=2) | st.just(Decimal(0)),
        booked_hours=st.decimals(min_value=0, max_value=20, places=2) | st.just(Decimal(0)),
    ),
    max_size=25,
    unique_by=lambda c: c.member_id,
)
seats = st.integers(min_value=0, max_value=5)


def eligible(pool, on_team=frozenset()):
    return [c for c in pool if c.refusal is None and c.available and c.member_id not in on_team]


@settings(max_examples=200, deadline=None)
@given(pool=candidates, free=seats, on_team_size=st.integers(0, 3), experienced=st.booleans())
def test_picks_are_eligible_distinct_and_fill_what_they_can(pool, free, on_team_size, experienced):
    on_team = frozenset(c.member_id for c in pool[:on_team_size])
    picks = suggest_team(
        free_seats=free, candidates=pool, on_team=on_team, team_has_experience=experienced
    )
    ids = [p.member_id for p in picks]
    allowed = {c.member_id for c in eligible(pool, on_team)}
    assert set(ids) <= allowed
    assert len(ids) == len(set(ids))
    assert len(ids) == min(free, len(allowed))
    assert all(p.reasons for p in picks)


@settings(max_examples=200, deadline=None)
@given(pool=candidates, free=seats, seed=st.integers())
def test_the_suggestion_is_deterministic_whatever_the_order(pool, free, seed):
    shuffled = list(pool)
    random.Random(seed).shuffle(shuffled)
    assert suggest_team(free_seats=free, candidates=pool) == suggest_team(
        free_seats=free, candidates=shuffled
    )


@settings(max_examples=200, deadline=None)
@given(pool=candidates, free=seats)
def test_those_who_earned_the_least_come_first(pool, free):
    picks = suggest_team(free_seats=free, candidates=pool)
    by_id = {c.member_id: c for c in pool}
    chosen = {p.member_id for p in picks}
    equity = [by_id[p.member_id] for p in picks if p.has("least_earned")]
    left_out = [c for c in eligible(pool) if c.member_id not in chosen]
    for pick in equity:
        for other in left_out:
            assert pick.key <= other.key


@settings(max_examples=200, deadline=None)
@given(pool=candidates, free=st.integers(min_value=2, max_value=5))
def test_a_team_without_experience_gets_an_experienced_member_when_there_is_one(pool, free):
    picks = suggest_team(free_seats=free, candidates=pool)
    by_id = {c.member_id: c for c in pool}
    pool_ok = eligible(pool)
    if len(pool_ok) >= 2 and any(c.experience for c in pool_ok):
        assert any(by_id[p.member_id].experience for p in picks)
    for pick in picks:
        if pick.has("newcomer"):
            assert by_id[pick.member_id].experience == 0
            assert any(by_id[p.member_id].experience for p in picks)


@settings(max_examples=200, deadline=None)
@given(
    pool=candidates,
    free=seats,
    index=st.integers(min_value=0),
    more=st.decimals(min_value=Decimal("0.01"), max_value=300, places=2),
)
def test_booking_more_work_never_brings_a_member_into_the_suggestion(pool, free, index, more):
    """Until hours are validated, nobody has earned anything: what members already hold must
    count, or the same ones would be suggested for every job."""
    if not pool:
        return
    before = {p.member_id for p in suggest_team(free_seats=free, candidates=pool)}
    member = pool[index % len(pool)]
    busier = replace(member, booked_earnings=member.booked_earnings + more)
    after = suggest_team(free_seats=free, candidates=[busier if c is member else c for c in pool])
    if member.member_id not in before:
        assert member.member_id not in {p.member_id for p in after}


def test_the_jobs_booked_count_before_anyone_earned_anything():
    pool = [
        Candidate(1, booked_earnings=Decimal("72"), booked_hours=Decimal("6")),
        Candidate(2, booked_earnings=Decimal("36"), booked_hours=Decimal("3")),
        Candidate(3),
        Candidate(4),
    ]
    picks = suggest_team(free_seats=2, candidates=pool)
    assert [p.member_id for p in picks] == [3, 4]
    picks = suggest_team(free_seats=3, candidates=pool)
    assert [p.member_id for p in picks] == [3, 4, 2]
    assert picks[2].reasons[0].booked == Decimal("36")
    assert picks[2].reasons[0].average == Decimal("27.00")  # (72 + 36 + 0 + 0) / 4


def test_an_example_with_its_reasons():
    pool = [
        Candidate(1, earned=Decimal("120"), experience=4),
        Candidate(2, earned=Decimal("0")),
        Candidate(3, earned=Decimal("10")),
        Candidate(4, earned=Decimal("0"), refusal="Refusé : mineur·e"),
        Candidate(5, earned=Decimal("5"), available=False),
    ]
    picks = suggest_team(free_seats=2, candidates=pool)
    assert [p.member_id for p in picks] == [2, 1]
    assert [r.code for r in picks[0].reasons] == ["least_earned", "newcomer"]
    assert [r.code for r in picks[1].reasons] == ["experienced"]
    assert picks[1].reasons[0].experience == 4


@settings(max_examples=200, deadline=None)
@given(
    hours=st.dictionaries(
        st.integers(1, 500), st.decimals(min_value=0, max_value=80, places=1), max_size=40
    ),
    seats=st.integers(1, 6),
)
def test_the_head_start_circle_is_the_fewest_hours_ties_included(hours, seats):
    circle = head_start_circle(hours, seats)
    assert circle <= set(hours)
    if not hours:
        assert circle == frozenset()
        return
    assert len(circle) >= min(len(hours), max(seats, -(-len(hours) // 3)))
    inside = max(hours[m] for m in circle)
    # Nobody outside the circle has fewer hours than someone inside it.
    assert all(hours[m] > inside for m in set(hours) - circle)


def test_at_the_start_of_the_season_everyone_is_in_the_circle():
    assert head_start_circle(dict.fromkeys(range(1, 16), Decimal(0)), 2) == set(range(1, 16))
