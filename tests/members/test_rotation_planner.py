"""Properties of the rotation planner (a pure function: no database)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from members.rules import (
    Participant,
    Period,
    _assign,
    breaches,
    fairness,
    plan_committees,
    plan_roles,
    seat_warnings,
    weeks_to_periods,
)

FIRST_MONDAY = dt.date(2026, 6, 29)
SETTINGS = settings(max_examples=150, deadline=None)


def _weeks(count: int, per: int = 1) -> list[Period]:
    return weeks_to_periods([FIRST_MONDAY + dt.timedelta(weeks=i) for i in range(count)], per)


@st.composite
def rotations(draw, max_members=20, max_slots=12, max_weeks=12, absences=True):
    ids = draw(st.lists(st.integers(1, 10_000), min_size=1, max_size=max_members, unique=True))
    slots = draw(st.lists(st.integers(1, 500), min_size=1, max_size=max_slots, unique=True))
    weeks = draw(st.integers(1, max_weeks))
    span = weeks * 7
    members = []
    for member in ids:
        away = ()
        if absences:
            ranges = draw(
                st.lists(st.tuples(st.integers(0, span - 1), st.integers(0, 13)), max_size=2)
            )
            away = tuple(
                (
                    FIRST_MONDAY + dt.timedelta(days=start),
                    FIRST_MONDAY + dt.timedelta(days=start + length),
                )
                for start, length in ranges
            )
        members.append(Participant(member, away))
    return members, slots, weeks


def _present(members, period):
    return [m for m in members if not m.is_away(period)]


# --- Roles -----------------------------------------------------------------------------------


@SETTINGS
@given(rotations())
def test_every_role_is_filled_every_week_by_a_member_present(data):
    members, roles, weeks = data
    plan = plan_roles(periods=_weeks(weeks), roles=roles, members=members)
    by_id = {m.id: m for m in members}
    for index, period in enumerate(plan.periods):
        present = _present(members, period)
        for role in roles:
            holders = plan.holders(index, role)
            assert len(holders) == (1 if present else 0)
            for member in holders:
                assert not by_id[member].is_away(period), "nobody works during their dates away"


@SETTINGS
@given(rotations())
def test_nobody_holds_two_roles_in_a_week_unless_too_few_are_present(data):
    members, roles, weeks = data
    plan = plan_roles(periods=_weeks(weeks), roles=roles, members=members)
    for index, period in enumerate(plan.periods):
        present = _present(members, period)
        counts = Counter(m for role in roles for m in plan.holders(index, role))
        if len(present) >= len(roles):
            assert max(counts.values(), default=0) <= 1
        elif present:
            # Too few: everyone present takes a role, and the extra roles are spread.
            assert set(counts) == {m.id for m in present}
            assert max(counts.values()) - min(counts.values()) <= 1


@SETTINGS
@given(rotations(absences=False))
def test_without_absences_nobody_repeats_a_role_before_everyone_held_it(data):
    members, roles, weeks = data
    plan = plan_roles(periods=_weeks(weeks), roles=roles, members=members)
    held = defaultdict(Counter)
    for index in range(weeks):
        for role in roles:
            (member,) = plan.holders(index, role)
            assert all(held[role][member] <= held[role][other.id] for other in members), (
                "a member holds a role again while someone has held it fewer times"
            )
        for role in roles:
            held[role][plan.holders(index, role)[0]] += 1


@SETTINGS
@given(rotations(absences=False))
def test_without_absences_the_numbers_of_roles_differ_by_at_most_one_every_week(data):
    members, roles, weeks = data
    plan = plan_roles(periods=_weeks(weeks), roles=roles, members=members)
    load = Counter({m.id: 0 for m in members})
    for index in range(weeks):
        for role in roles:
            load[plan.holders(index, role)[0]] += 1
        assert max(load.values()) - min(load.values()) <= 1
    assert breaches(plan, members).score == (0, 0, 0)


@SETTINGS
@given(rotations(), st.randoms(use_true_random=False))
def test_the_plan_is_deterministic_whatever_the_order_of_the_members(data, rng):
    members, roles, weeks = data
    shuffled = list(members)
    rng.shuffle(shuffled)
    first = plan_roles(periods=_weeks(weeks), roles=roles, members=members)
    again = plan_roles(periods=_weeks(weeks), roles=roles, members=shuffled)
    assert first == again


@SETTINGS
@given(rotations(), st.data())
def test_replanning_keeps_the_published_weeks_and_follows_the_rules_after(data, draw):
    members, roles, weeks = data
    periods = _weeks(weeks)
    first = plan_roles(periods=periods, roles=roles, members=members)
    begun = draw.draw(st.integers(0, weeks))
    # Someone leaves after the published weeks: re-plan the rest without them.
    remaining = members[1:] or members
    kept = {index: first.period(index) for index in range(begun)}
    again = plan_roles(periods=periods, roles=roles, members=remaining, kept=kept)
    for index in range(begun):
        assert again.period(index) == first.period(index)
    ids = {m.id for m in remaining}
    for index in range(begun, weeks):
        present = _present(remaining, periods[index])
        for role in roles:
            assert len(again.holders(index, role)) == (1 if present else 0)
            assert set(again.holders(index, role)) <= ids


def test_history_continues_the_rotation_instead_of_restarting_it():
    members = [Participant(i) for i in (1, 2, 3)]
    # Members 1 and 2 held the role before the plan: member 3 goes first.
    plan = plan_roles(periods=_weeks(3), roles=[9], members=members, history={1: {9: 1}, 2: {9: 1}})
    assert plan.holders(0, 9) == (3,)
    assert sorted(plan.holders(i, 9)[0] for i in range(3)) == [1, 2, 3]


def test_a_member_away_a_whole_week_is_skipped_and_the_roles_still_rotate():
    away = (FIRST_MONDAY + dt.timedelta(days=2), FIRST_MONDAY + dt.timedelta(days=2))
    members = [Participant(1, (away,)), Participant(2), Participant(3)]
    plan = plan_roles(periods=_weeks(3), roles=[7, 8], members=members)
    assert 1 not in {plan.holders(0, 7)[0], plan.holders(0, 8)[0]}
    holders = Counter(plan.holders(i, r)[0] for i in range(3) for r in (7, 8))
    assert set(holders) == {1, 2, 3}
    assert holders[1] == 2  # back from holidays, member 1 catches up


# --- Committees ------------------------------------------------------------------------------


@SETTINGS
@given(rotations(max_slots=6, max_weeks=9), st.integers(1, 3))
def test_every_member_present_sits_on_exactly_one_committee_of_balanced_size(data, per):
    members, committees, weeks = data
    plan = plan_committees(periods=_weeks(weeks, per), committees=committees, members=members)
    for index, period in enumerate(plan.periods):
        present = {m.id for m in _present(members, period)}
        seated = [m for c in committees for m in plan.holders(index, c)]
        assert sorted(seated) == sorted(present), "each member present on exactly one committee"
        sizes = [len(plan.holders(index, c)) for c in committees]
        assert max(sizes) - min(sizes) <= 1


@SETTINGS
@given(rotations(max_slots=6, max_weeks=8, absences=False))
def test_without_absences_everyone_passes_through_each_committee(data):
    members, committees, periods = data
    plan = plan_committees(periods=_weeks(periods), committees=committees, members=members)
    rounds = min(periods, len(committees))
    for member in members:
        visited = [c for i in range(rounds) for c in committees if member.id in plan.holders(i, c)]
        assert len(visited) == len(set(visited)) == rounds
    assert breaches(plan, members).repeats == 0


@SETTINGS
@given(rotations(max_slots=6, max_weeks=8), st.randoms(use_true_random=False))
def test_the_committee_plan_is_deterministic(data, rng):
    members, committees, weeks = data
    shuffled = list(members)
    rng.shuffle(shuffled)
    periods = _weeks(weeks, 2)
    assert plan_committees(periods=periods, committees=committees, members=members) == (
        plan_committees(periods=periods, committees=committees, members=shuffled)
    )


# --- Pieces ------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda rows: st.integers(rows, 5).flatmap(
            lambda columns: st.lists(
                st.lists(st.integers(0, 50), min_size=columns, max_size=columns),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_the_assignment_is_optimal(costs):
    rows, columns = len(costs), len(costs[0])
    found = _assign(costs)
    assert len(set(found)) == rows
    best = min(
        sum(costs[r][c] for r, c in enumerate(choice))
        for choice in itertools.permutations(range(columns), rows)
    )
    assert sum(costs[r][c] for r, c in enumerate(found)) == best


def test_weeks_group_into_periods_the_last_may_be_shorter():
    periods = _weeks(7, 3)
    assert [(p.start, p.end) for p in periods] == [
        (FIRST_MONDAY, FIRST_MONDAY + dt.timedelta(days=20)),
        (FIRST_MONDAY + dt.timedelta(weeks=3), FIRST_MONDAY + dt.timedelta(weeks=6, days=-1)),
        (FIRST_MONDAY + dt.timedelta(weeks=6), FIRST_MONDAY + dt.timedelta(weeks=7, days=-1)),
    ]


def test_fairness_figures_and_warnings_after_manual_changes():
    away = (FIRST_MONDAY, FIRST_MONDAY + dt.timedelta(days=6))
    members = [Participant(1, (away,)), Participant(2), Participant(3)]
    plan = plan_roles(periods=_weeks(2), roles=[7, 8], members=members)
    grid = dict(plan.grid)
    grid[(0, 7)] = (1,)  # a leader gives member 1 a role during their holidays
    grid[(1, 7)] = grid[(1, 8)] = (2,)  # and two roles to member 2
    from members.rules import Plan

    changed = Plan(plan.periods, plan.slots, grid)
    warnings = seat_warnings(changed, members)
    assert ("away", 1) in warnings[(0, 7)]
    assert ("double", 2) in warnings[(1, 7)]
    figures = fairness(changed, [1, 2, 3])
    assert sum(figures.per_member.values()) == 4
    assert figures.maximum >= 2
    assert figures.per_slot[7]["holders"] == 2


def test_forty_members_twelve_roles_ten_weeks_follow_every_rule():
    rng = random.Random(7)
    members = [Participant(i) for i in rng.sample(range(1, 1000), 40)]
    plan = plan_roles(periods=_weeks(10), roles=list(range(1, 13)), members=members)
    assert breaches(plan, members).score == (0, 0, 0)
    figures = fairness(plan, [m.id for m in members])
    assert (figures.minimum, figures.maximum) == (3, 3)
