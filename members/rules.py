"""The rotation rules: who holds which role, or sits on which committee, each period.

Pure functions with no database access: plain data in, a plan out; same input, same plan
(whatever the order the members are given in).

Two kinds of rotation share one engine:

- **roles** (``plan_roles``): each period (a week) every role is held by one member present.
  Nobody holds two roles in the same week unless fewer members are present than there are
  roles; nobody holds a role again while another participant has held it fewer times; the
  numbers of roles per member stay within one of each other when absences allow it; nobody is
  given a role during their dates away.
- **committees** (``plan_committees``): each period (one or more weeks) every member present
  sits on exactly one committee; the committees differ in size by at most one; nobody sits on a
  committee again while another participant has sat on it fewer times, so everyone passes
  through each committee.

Each period is an assignment problem solved exactly (the Hungarian algorithm) with integer
costs that encode the rules in order of priority. A period-by-period plan cannot look ahead, so
a few deterministic variants are computed (which rule breaks ties first, how ties rotate) and
the plan breaking the fewest rules wins (``breaches``).

Periods already published (``kept``) stay as they are and count as history, like the times
members held each slot before the plan (``history``): re-planning continues a rotation
instead of restarting it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Period:
    """A period of the rotation, both ends included (a week: Monday to Sunday)."""

    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Participant:
    """A member taking part, with the date ranges (both ends included) they are away, and,
    for a member taken in after the rotation began, the day they ``joins`` it."""

    id: int
    away: tuple[tuple[dt.date, dt.date], ...] = ()
    joins: dt.date | None = None

    def is_away(self, period: Period) -> bool:
        if self.joins is not None and period.start < self.joins:
            return True
        return any(start <= period.end and period.start <= end for start, end in self.away)


def _welcome(
    load: dict[int, int], participants: Sequence[Participant], period: Period, welcomed: set[int]
) -> None:
    """Late joiners start level with the members already taking part: they are credited with
    the fewest seats any of those holds, so they do not take a seat every week to catch up on
    the weeks they missed. Their slots are not credited: they still go first to the slots
    they have not held, the ones the others already had."""
    arriving = [
        p for p in participants if p.joins and p.id not in welcomed and p.joins <= period.start
    ]
    if not arriving:
        return
    earlier = [load[p.id] for p in participants if p.joins is None or p.id in welcomed]
    credit = min(earlier, default=0)
    for participant in arriving:
        load[participant.id] = max(load[participant.id], credit)
        welcomed.add(participant.id)


Seats = Mapping[int, tuple[int, ...]]
"""One period of a plan: ``slot id -> member ids`` (an empty tuple: nobody could take it)."""


@dataclass(frozen=True)
class Plan:
    periods: tuple[Period, ...]
    slots: tuple[int, ...]
    grid: Mapping[tuple[int, int], tuple[int, ...]]
    """``(period index, slot id) -> member ids``."""

    def holders(self, period_index: int, slot: int) -> tuple[int, ...]:
        return self.grid.get((period_index, slot), ())

    def period(self, period_index: int) -> dict[int, tuple[int, ...]]:
        return {slot: self.holders(period_index, slot) for slot in self.slots}


def weeks_to_periods(mondays: Sequence[dt.date], weeks_per_period: int = 1) -> list[Period]:
    """Group consecutive weeks (given by their Mondays) into periods of ``weeks_per_period``
    weeks; the last period may be shorter."""
    if weeks_per_period < 1:
        raise ValueError("weeks_per_period must be 1 or more")
    return [
        Period(mondays[i], mondays[min(i + weeks_per_period, len(mondays)) - 1] + _SIX_DAYS)
        for i in range(0, len(mondays), weeks_per_period)
    ]


_SIX_DAYS = dt.timedelta(days=6)


class _Tally:
    """Counts kept while planning: times each member held each slot, seats per member, the
    last period each member held a seat, seats given to each slot."""

    def __init__(self, history: Mapping[int, Mapping[int, int]]) -> None:
        self.held: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.load: dict[int, int] = defaultdict(int)
        self.last: dict[int, int] = {}
        self.slot_seats: dict[int, int] = defaultdict(int)
        for member, by_slot in history.items():
            for slot, times in by_slot.items():
                self.held[member][slot] += times
                self.load[member] += times

    def add(self, period_index: int, seats: Seats) -> None:
        for slot, members in seats.items():
            self.slot_seats[slot] += len(members)
            for member in members:
                self.held[member][slot] += 1
                self.load[member] += 1
                self.last[member] = period_index


def _lexicographic(rows: int, *bounds: int) -> list[int]:
    """Weights for cost components listed from the heaviest rule to the lightest, given the
    largest value each lighter component can take: one unit of a heavier rule outweighs all
    the lighter ones summed over the ``rows`` of a period, so the optimum honours the rules in
    order."""
    weights = [1]
    ceiling = 0
    for bound in reversed(bounds):
        ceiling += bound * weights[-1]
        weights.append(rows * ceiling + 1)
    return list(reversed(weights))


@dataclass(frozen=True)
class _Variant:
    load_first: bool  # roles: balance the numbers of roles before avoiding repeats
    stride: int  # how the tie-breaking order rotates from one period to the next


_VARIANTS = (_Variant(False, 1), _Variant(False, 2), _Variant(True, 1), _Variant(True, 2))


class _Planner:
    def __init__(
        self,
        periods: Sequence[Period],
        slots: Sequence[int],
        members: Iterable[Participant],
        kept: Mapping[int, Seats] | None,
        history: Mapping[int, Mapping[int, int]] | None,
    ) -> None:
        self.periods = tuple(periods)
        self.slots = tuple(slots)
        if len(set(self.slots)) != len(self.slots):
            raise ValueError("slots must be distinct")
        self.participants = tuple(sorted(members, key=lambda m: m.id))
        if len({m.id for m in self.participants}) != len(self.participants):
            raise ValueError("participants must be distinct")
        self.kept = kept or {}
        self.history = history or {}

    def run(self, choose) -> Plan:
        """Plan with ``choose(index, present, tally, variant) -> Seats`` for each period
        not kept, for every variant; return the plan breaking the fewest rules."""
        candidates = []
        for variant in _VARIANTS:
            tally = _Tally(self.history)
            welcomed: set[int] = set()
            grid: dict[tuple[int, int], tuple[int, ...]] = {}
            for index, period in enumerate(self.periods):
                _welcome(tally.load, self.participants, period, welcomed)
                if index in self.kept:
                    seats = {s: tuple(self.kept[index].get(s, ())) for s in self.slots}
                else:
                    present = [m.id for m in self.participants if not m.is_away(period)]
                    seats = {s: () for s in self.slots}
                    if present and self.slots:
                        seats.update(choose(index, present, tally, variant))
                for slot in self.slots:
                    grid[(index, slot)] = seats[slot]
                tally.add(index, seats)
            plan = Plan(self.periods, self.slots, grid)
            score = breaches(plan, self.participants, self.history).score
            candidates.append((score, len(candidates), plan))
        return min(candidates)[2]

    def tie_breaks(self, index: int, present: list[int], tally: _Tally, variant: _Variant):
        """Small numbers for the ties: whoever held a seat longest ago first, then an order
        that rotates with the periods so the same members do not always win."""
        count = len(self.participants)
        position = {m.id: i for i, m in enumerate(self.participants)}
        ties = {}
        for member in present:
            since = min(index - tally.last.get(member, -count - 1), count + 1)
            rotation = (position[member] - index * variant.stride) % count
            ties[member] = (count + 1 - since) * count + rotation
        return ties


def plan_roles(
    *,
    periods: Sequence[Period],
    roles: Sequence[int],
    members: Iterable[Participant],
    kept: Mapping[int, Seats] | None = None,
    history: Mapping[int, Mapping[int, int]] | None = None,
) -> Plan:
    """A period x role plan, one member per role and period.

    ``kept``: ``{period index: {role: (member,)}}`` for periods to keep as they are;
    ``history``: ``{member: {role: times held before the plan}}``.
    """
    planner = _Planner(periods, roles, members, kept, history)

    def choose(index, present, tally, variant) -> Seats:
        copies = math.ceil(len(roles) / len(present))  # > 1: some must hold two roles
        columns = [(member, copy) for copy in range(copies) for member in present]
        ties = planner.tie_breaks(index, present, tally, variant)
        repeat_bound = max(tally.held[m][r] for m in present for r in roles)
        load_bound = max(tally.load[m] for m in present) + copies
        if variant.load_first:
            w_double, w_load, w_repeat, w_tie = _lexicographic(
                len(roles), load_bound, repeat_bound, max(ties.values())
            )
        else:
            w_double, w_repeat, w_load, w_tie = _lexicographic(
                len(roles), repeat_bound, load_bound, max(ties.values())
            )
        costs = [
            [
                copy * w_double
                + tally.held[member][role] * w_repeat
                + (tally.load[member] + copy) * w_load
                + ties[member] * w_tie
                for member, copy in columns
            ]
            for role in roles
        ]
        return {roles[row]: (columns[col][0],) for row, col in enumerate(_assign(costs))}

    return planner.run(choose)


def plan_committees(
    *,
    periods: Sequence[Period],
    committees: Sequence[int],
    members: Iterable[Participant],
    kept: Mapping[int, Seats] | None = None,
    history: Mapping[int, Mapping[int, int]] | None = None,
) -> Plan:
    """A period x committee plan: every member present sits on exactly one committee, and the
    committees differ in size by at most one."""
    planner = _Planner(periods, committees, members, kept, history)

    def choose(index, present, tally, variant) -> Seats:
        # Every committee has `base` seats that must be filled, plus one optional seat; exactly
        # `len(present) - base * len(committees)` optional seats are needed, and a heavy cost
        # on each makes the optimum use no more, which keeps the sizes within one. Which
        # committees get the extra member is chosen with the members, by the rules.
        base = len(present) // len(committees)
        seats = [(c, False) for c in committees for _ in range(base)]
        seats += [(c, True) for c in committees]
        ties = planner.tie_breaks(index, present, tally, variant)
        w_extra, w_repeat, w_size, w_tie = _lexicographic(
            len(present),
            max(tally.held[m][c] for m in present for c in committees),
            max(tally.slot_seats[c] for c in committees),
            max(ties.values()),
        )
        costs = [
            [
                extra * (w_extra + tally.slot_seats[committee] * w_size)
                + tally.held[member][committee] * w_repeat
                + ties[member] * w_tie
                for committee, extra in seats
            ]
            for member in present
        ]
        found: dict[int, list[int]] = defaultdict(list)
        for row, column in enumerate(_assign(costs)):
            found[seats[column][0]].append(present[row])
        return {c: tuple(sorted(found[c])) for c in committees}

    return planner.run(choose)


def _assign(costs: list[list[int]]) -> list[int]:
    """Minimum-cost assignment of every row to a distinct column (rows <= columns): the
    Hungarian algorithm with potentials (shortest augmenting paths), O(rows² x columns), exact
    on integers. Returns the column of each row."""
    rows = len(costs)
    if rows == 0:
        return []
    columns = len(costs[0])
    if columns < rows:
        raise ValueError("more rows than columns")
    infinity = math.inf
    u = [0] * (rows + 1)
    v = [0] * (columns + 1)
    match = [0] * (columns + 1)  # match[column] = row (1-based), 0 while free
    way = [0] * (columns + 1)
    for row in range(1, rows + 1):
        match[0] = row
        column0 = 0
        minimum = [infinity] * (columns + 1)
        used = [False] * (columns + 1)
        while True:
            used[column0] = True
            row0 = match[column0]
            cost_row = costs[row0 - 1]
            u_row0 = u[row0]
            delta = infinity
            column1 = 0
            for column in range(1, columns + 1):
                if not used[column]:
                    current = cost_row[column - 1] - u_row0 - v[column]
                    if current < minimum[column]:
                        minimum[column] = current
                        way[column] = column0
                    if minimum[column] < delta:
                        delta = minimum[column]
                        column1 = column
            for column in range(columns + 1):
                if used[column]:
                    u[match[column]] += delta
                    v[column] -= delta
                else:
                    minimum[column] -= delta
            column0 = column1
            if match[column0] == 0:
                break
        while column0:
            column1 = way[column0]
            match[column0] = match[column1]
            column0 = column1
    result = [0] * rows
    for column in range(1, columns + 1):
        if match[column]:
            result[match[column] - 1] = column - 1
    return result


# --- Reading a plan -------------------------------------------------------------------------


@dataclass(frozen=True)
class Breaches:
    """How far a plan is from the rules (0 everywhere: it follows them all)."""

    repeats: int  # seats given to someone who held that slot more often than another member
    imbalance: int  # sum over periods of how far the gap between members exceeds one
    doubles: int  # extra seats held by one member in one period

    @property
    def score(self) -> tuple[int, int, int]:
        return (self.doubles, self.repeats, self.imbalance)


def breaches(
    plan: Plan,
    participants: Iterable[Participant],
    history: Mapping[int, Mapping[int, int]] | None = None,
) -> Breaches:
    """Count the plan's departures from the rules, period after period, counting ``history``
    as already held. A double is counted only when avoidable: when at least as many members
    were present as there were seats."""
    participants = list(participants)
    held: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    load: dict[int, int] = defaultdict(int)
    for member, by_slot in (history or {}).items():
        for slot, times in by_slot.items():
            held[member][slot] += times
            load[member] += times
    repeats = imbalance = doubles = 0
    welcomed: set[int] = set()
    for index, period in enumerate(plan.periods):
        _welcome(load, participants, period, welcomed)
        seats = plan.period(index)
        taken: dict[int, int] = defaultdict(int)
        for slot, members in seats.items():
            for member in members:
                taken[member] += 1
                if any(held[p.id][slot] < held[member][slot] for p in participants):
                    repeats += 1
        present = sum(1 for p in participants if not p.is_away(period))
        if present >= sum(len(m) for m in seats.values()):
            doubles += sum(times - 1 for times in taken.values())
        for slot, members in seats.items():
            for member in members:
                held[member][slot] += 1
                load[member] += 1
        if participants:
            loads = [load[p.id] for p in participants]
            imbalance += max(0, max(loads) - min(loads) - 1)
    return Breaches(repeats=repeats, imbalance=imbalance, doubles=doubles)


@dataclass(frozen=True)
class Fairness:
    """Figures leaders read while adjusting a plan."""

    per_member: Mapping[int, int]  # seats held in the plan
    minimum: int
    maximum: int
    mean: float
    distinct: Mapping[int, int]  # different slots each member holds in the plan
    per_slot: Mapping[int, dict[str, int]] = field(default_factory=dict)
    """``holders``: different members; ``most``: most times one member holds it;
    ``smallest``/``largest``: fewest and most members in one period."""


def fairness(plan: Plan, participants: Iterable[int]) -> Fairness:
    per_member = dict.fromkeys(participants, 0)
    distinct: dict[int, set[int]] = defaultdict(set)
    per_slot: dict[int, dict[str, int]] = {}
    for slot in plan.slots:
        held: dict[int, int] = defaultdict(int)
        sizes = []
        for index in range(len(plan.periods)):
            members = plan.holders(index, slot)
            sizes.append(len(members))
            for member in members:
                held[member] += 1
                distinct[member].add(slot)
                if member in per_member:
                    per_member[member] += 1
        per_slot[slot] = {
            "holders": len(held),
            "most": max(held.values(), default=0),
            "smallest": min(sizes, default=0),
            "largest": max(sizes, default=0),
        }
    counts = list(per_member.values())
    return Fairness(
        per_member=per_member,
        minimum=min(counts, default=0),
        maximum=max(counts, default=0),
        mean=round(statistics.fmean(counts), 2) if counts else 0.0,
        distinct={member: len(distinct[member]) for member in per_member},
        per_slot=per_slot,
    )


def seat_warnings(
    plan: Plan, participants: Iterable[Participant]
) -> dict[tuple[int, int], list[tuple[str, int | None]]]:
    """What needs a look after manual changes, per seat ``(period, slot)``: ``("empty",
    None)``, ``("away", member)`` (given a seat during their dates away), ``("double",
    member)`` (two seats in the same period), ``("outsider", member)`` (not a participant)."""
    by_id = {p.id: p for p in participants}
    warnings: dict[tuple[int, int], list[tuple[str, int | None]]] = defaultdict(list)
    for index, period in enumerate(plan.periods):
        taken: dict[int, int] = defaultdict(int)
        for slot in plan.slots:
            for member in plan.holders(index, slot):
                taken[member] += 1
        for slot in plan.slots:
            members = plan.holders(index, slot)
            if not members:
                warnings[(index, slot)].append(("empty", None))
            for member in members:
                participant = by_id.get(member)
                if participant is None:
                    warnings[(index, slot)].append(("outsider", member))
                elif participant.is_away(period):
                    warnings[(index, slot)].append(("away", member))
                if taken[member] > 1:
                    warnings[(index, slot)].append(("double", member))
    return dict(warnings)


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a plan: ``member`` was given (``gained``) or
    no longer holds the seat of ``slot`` in the period starting on ``start``."""

    start: dt.date
    slot: int
    member: int
    gained: bool


def changes(
    before: Iterable[tuple[dt.date, int, int]], after: Iterable[tuple[dt.date, int, int]]
) -> list[Change]:
    """What changed from ``before`` to ``after``, both given as ``(period start, slot,
    member)`` seats: by period, slot, then what was lost before what was gained."""
    before, after = set(before), set(after)
    found = [Change(*seat, gained=False) for seat in before - after]
    found += [Change(*seat, gained=True) for seat in after - before]
    return sorted(found, key=lambda c: (c.start, c.slot, c.gained, c.member))


# --- Forgetting a date of birth (retention, erasure) ---------------------------------------


def eighteenth_birthday(born: dt.date) -> dt.date:
    """The first day someone born on ``born`` is an adult (born on 29 February: 1 March)."""
    try:
        return born.replace(year=born.year + 18)
    except ValueError:
        return dt.date(born.year + 18, 3, 1)


def adult_from_kept(born: dt.date | None, since: dt.date, until: dt.date) -> dt.date | None:
    """What to keep of a date of birth once it is forgotten: the day the person counts as an
    adult, but only as precise as the legality of their past hours (from ``since`` to
    ``until``) needs. An adult all along keeps ``since``, a minor all along ``until`` + 1 day;
    only who turned 18 in between keeps the real day. ``None``: the date was never known."""
    if born is None:
        return None
    return min(max(eighteenth_birthday(born), since), until + dt.timedelta(days=1))


def scrub_names(text: str, names: Iterable[str], replacement: str) -> str:
    """``text`` with every occurrence of ``names`` (case aside, longest first) replaced: what
    an erasure does to the free texts that mention the person."""
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True):
        text = re.sub(re.escape(name), replacement, text, flags=re.IGNORECASE)
    return text
