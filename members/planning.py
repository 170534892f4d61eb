"""Between the database and the pure planner (``members.rules``): read a rotation plan's
data once, in a fixed number of queries, turn it into the planner's input, and lay a plan out
as the week x role (or period x committee) board the pages show."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, Prefetch, When
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cjs.db import VIEWER, CompiledQuery, places_of
from cjs.i18n import first_text, read_columns
from members import rules
from members.models import (
    CLEARANCE_FACTS,
    Absence,
    ClearanceFacts,
    Committee,
    CommitteeMembership,
    Role,
    RoleAssignment,
    RotationPlan,
    RotationSeat,
    User,
)


@dataclass
class PlanData:
    plan: RotationPlan
    periods: list[rules.Period]
    slots: list[Role] | list[Committee]
    users: list[User]
    participants: list[rules.Participant]
    history: dict[int, dict[int, int]]

    @property
    def slot_ids(self) -> list[int]:
        return [slot.pk for slot in self.slots]

    def period_index(self, start: dt.date) -> int:
        for index, period in enumerate(self.periods):
            if period.start == start:
                return index
        raise KeyError(start)


def plan_periods(plan: RotationPlan) -> list[rules.Period]:
    per = 1 if plan.is_roles else plan.weeks_per_period
    return rules.weeks_to_periods(plan.mondays(), per)


def load_plan_data(plan: RotationPlan) -> PlanData:
    """The plan's slots, participants (with their dates away and profile) and the times they
    held those slots earlier in the season, outside this plan."""
    if plan.is_roles:
        slots = list(plan.roles.order_by("order", "name"))
        earlier = RoleAssignment.objects.filter(role__in=slots).values_list("user_id", "role_id")
    else:
        slots = list(plan.committees.order_by("order", "name"))
        earlier = CommitteeMembership.objects.filter(committee__in=slots).values_list(
            "user_id", "committee_id"
        )
    users = list(
        plan.participants.select_related("profile").prefetch_related(
            Prefetch("absences", queryset=Absence.objects.order_by("starts_on"))
        )
    )
    history: dict[int, dict[int, int]] = defaultdict(dict)
    counts = Counter(
        earlier.filter(season=plan.season, starts_on__lt=plan.first_week, user__in=users)
        .exclude(plan=plan)
        .order_by()
    )
    for (user_id, slot_id), times in counts.items():
        history[user_id][slot_id] = times
    joins = dict(plan.joins.values_list("user_id", "since"))
    participants = [
        rules.Participant(
            user.pk,
            tuple((a.starts_on, a.ends_on) for a in user.absences.all()),
            joins.get(user.pk),
        )
        for user in users
    ]
    return PlanData(plan, plan_periods(plan), slots, users, participants, dict(history))


def grid_from_seats(data: PlanData, seats: list[RotationSeat]) -> rules.Plan:
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for seat in seats:
        if seat.user_id is not None:
            grid[(data.period_index(seat.period_start), seat.slot_id)].append(seat.user_id)
    return rules.Plan(
        tuple(data.periods),
        tuple(data.slot_ids),
        {key: tuple(sorted(members)) for key, members in grid.items()},
    )


def propose(data: PlanData, kept: dict[int, dict[int, tuple[int, ...]]]) -> rules.Plan:
    """The planner's proposal; members who left the cooperative get no new seat."""
    planner = rules.plan_roles if data.plan.is_roles else rules.plan_committees
    slot_arg = "roles" if data.plan.is_roles else "committees"
    staying = [p for p, user in zip(data.participants, data.users, strict=True) if user.is_active]
    return planner(
        periods=data.periods,
        members=staying,
        kept=kept,
        history=data.history,
        **{slot_arg: data.slot_ids},
    )


def seats_for(data: PlanData, plan: rules.Plan, indexes: list[int]) -> list[RotationSeat]:
    """New seat rows for the given periods of ``plan``. A role nobody could take keeps an
    empty seat; a committee only has seats for its members."""
    rows = []
    for index in indexes:
        period = data.periods[index]
        for slot in data.slots:
            members = plan.holders(index, slot.pk)
            common = {
                "plan": data.plan,
                "period_start": period.start,
                "period_end": period.end,
                ("role" if data.plan.is_roles else "committee"): slot,
            }
            if data.plan.is_roles:
                rows.append(RotationSeat(user_id=members[0] if members else None, **common))
            else:
                rows.extend(RotationSeat(user_id=member, **common) for member in members)
    return rows


# --- The board the pages show ---------------------------------------------------------------


@dataclass
class Cell:
    period_index: int
    slot: Role | Committee
    seats: list[RotationSeat]
    frozen: bool
    warnings: list[str] = field(default_factory=list)


@dataclass
class Row:
    index: int
    period: rules.Period
    cells: list[Cell]
    frozen: bool
    unplaced: list[User]  # committees: participants present but on no committee


@dataclass
class Board:
    plan: RotationPlan
    slots: list[Role] | list[Committee]
    rows: list[Row]
    users: list[User]
    choices: list[User]  # who can be given a seat: participants still in the cooperative
    fairness: rules.Fairness
    per_member: list[tuple[User, int, int]]  # member, seats, different slots
    per_slot: list[tuple[Role | Committee, dict[str, int]]]
    warnings: int
    breaches: rules.Breaches
    newcomers: list[User]  # enrolled in the season, not taking part: who may be taken in
    open_starts: list[dt.date]  # the periods not begun, from which they may be
    changes: list[Change]  # since publication, in the periods not begun


@dataclass
class Change:
    start: dt.date
    slot: Role | Committee
    user: User
    gained: bool


def _changes(
    plan: RotationPlan, seats: list[RotationSeat], slots: list, today: dt.date
) -> list[Change]:
    """Who was given or lost which seat since the plan was published, in the periods that
    publishing again would replace."""
    if not plan.is_published or not plan.changed_since_publication:
        return []
    model = RoleAssignment if plan.is_roles else CommitteeMembership
    slot_field = "role_id" if plan.is_roles else "committee_id"
    published = list(model.objects.filter(plan=plan, starts_on__gt=today).select_related("user"))
    users = {row.user_id: row.user for row in published}
    users.update({seat.user_id: seat.user for seat in seats if seat.user_id is not None})
    by_slot = {slot.pk: slot for slot in slots}
    found = rules.changes(
        ((row.starts_on, getattr(row, slot_field), row.user_id) for row in published),
        (
            (seat.period_start, seat.slot_id, seat.user_id)
            for seat in seats
            if seat.user_id is not None and seat.period_start > today
        ),
    )
    return [Change(c.start, by_slot[c.slot], users[c.member], c.gained) for c in found]


def build_board(plan: RotationPlan, today: dt.date) -> Board:
    data = load_plan_data(plan)
    seats = list(plan.seats.select_related("user__profile").order_by("user__first_name", "pk"))
    grid = grid_from_seats(data, seats)
    by_id = {user.pk: user for user in data.users}
    # Seats may hold members who no longer take part (a manual choice): show their names too.
    for seat in seats:
        if seat.user_id is not None and seat.user_id not in by_id:
            by_id[seat.user_id] = seat.user
    warnings = rules.seat_warnings(grid, data.participants)
    seats_by_cell: dict[tuple[int, int], list[RotationSeat]] = defaultdict(list)
    for seat in seats:
        seats_by_cell[(data.period_index(seat.period_start), seat.slot_id)].append(seat)
    rows = []
    warning_count = 0
    for index, period in enumerate(data.periods):
        frozen = plan.is_frozen(period.start, today)
        cells = []
        placed = set()
        for slot in data.slots:
            texts = [
                _warning_text(code, by_id.get(member))
                for code, member in warnings.get((index, slot.pk), [])
                # A committee may stay empty when there are fewer members than committees.
                if plan.is_roles or code != "empty"
            ]
            warning_count += len(texts)
            cell_seats = seats_by_cell[(index, slot.pk)]
            placed.update(seat.user_id for seat in cell_seats)
            cells.append(Cell(index, slot, cell_seats, frozen, texts))
        unplaced = []
        if not plan.is_roles:
            unplaced = [
                user
                for user, participant in zip(data.users, data.participants, strict=True)
                if user.pk not in placed and not participant.is_away(period)
            ]
        rows.append(Row(index, period, cells, frozen, unplaced))
    figures = rules.fairness(grid, [user.pk for user in data.users])
    return Board(
        plan=plan,
        slots=data.slots,
        rows=rows,
        users=data.users,
        choices=[user for user in data.users if user.is_active],
        fairness=figures,
        per_member=[
            (user, figures.per_member[user.pk], figures.distinct[user.pk]) for user in data.users
        ],
        per_slot=[(slot, figures.per_slot[slot.pk]) for slot in data.slots],
        warnings=warning_count,
        breaches=rules.breaches(grid, data.participants, data.history),
        newcomers=list(
            User.objects.enrolled_in(plan.season)
            .filter(is_active=True)
            .exclude(pk__in=[user.pk for user in data.users])
            .order_by("first_name", "last_name")
        ),
        open_starts=[p.start for p in data.periods if p.start > today],
        changes=_changes(plan, seats, data.slots, today),
    )


def _warning_text(code: str, user: User | None) -> str:
    name = str(user) if user else ""
    if code == "empty":
        return _("Nobody")
    if code == "away":
        return _("%(name)s is away") % {"name": name}
    if code == "double":
        return _("%(name)s holds two roles this week") % {"name": name}
    return _("%(name)s does not take part") % {"name": name}


# --- The published rotation, for everyone ---------------------------------------------------------


class Holder:
    """A member as a published rotation shows them: a name, and the profile facts the "not
    cleared" badge reads (as ``user.member_profile``; the badge is for the leaders and the
    member themself). Read as plain rows: a season's committees list every member for every
    period."""

    __slots__ = ("member_profile", "name", "order", "pk")

    def __init__(self, pk: int, name: str, order: tuple, facts: tuple | None):
        self.pk, self.name, self.order = pk, name, order
        self.member_profile = ClearanceFacts(*facts) if facts is not None else None

    def __str__(self) -> str:
        return self.name


class Slot:
    """A role or a committee as a published rotation's column shows it: its name in the
    page's language (and its place in the list)."""

    __slots__ = ("name", "order", "pk")

    def __init__(self, pk: int, name: str, order: int):
        self.pk, self.name, self.order = pk, name, order

    def __str__(self) -> str:
        return self.name


@dataclass
class PublishedRow:
    period: rules.Period
    cells: list[list[Holder]]  # per slot, the members holding it


@dataclass
class PublishedGrid:
    plan: RotationPlan
    slots: list[Slot]
    rows: list[PublishedRow]
    earlier: int = 0  # periods over before the day the grid starts from, left out


# Who held what in a published plan: the slot, the plan, the period, the holder's name...
_HOLDER = (
    "plan_id",
    "starts_on",
    "user_id",
    "user__first_name",
    "user__last_name",
    "user__username",
)
# ... and what their badge reads: the profile's id, then its clearance facts.
_PRIVATE = ("profile__id", *(f"profile__{fact}" for fact in CLEARANCE_FACTS))
HELD_COLUMNS = (*_HOLDER, *(f"user__{column}" for column in _PRIVATE))


def _held_rows(model, slot: str, plans, everyone: bool, since: dt.date | None):
    """The rows of ``model``'s assignments in ``plans`` (``HELD_COLUMNS`` after the slot's
    id), those starting on ``since`` or later when it is given. The profile's facts of every
    holder when ``everyone`` (a leader looks); otherwise those of ``VIEWER`` only, the others'
    left empty: why a member is not cleared is for the leaders and the member themself, and
    a member's page does not read the others' age."""
    rows = model.objects.filter(plan__in=plans).order_by()
    if since is not None:
        rows = rows.filter(starts_on__gte=since)
    if everyone:
        return rows.values_list(slot, *HELD_COLUMNS)
    own = {
        f"own_{index}": Case(When(user_id=VIEWER, then=F(f"user__{column}")), default=None)
        for index, column in enumerate(_PRIVATE)
    }
    # The annotations come last in the SELECT, in this order, as in ``HELD_COLUMNS``.
    return rows.annotate(**own).values_list(slot, *_HOLDER, *own)


def _published_plans(season_pk: int):
    return RotationPlan.objects.published().filter(season_id=season_pk)


@functools.lru_cache(maxsize=32)
def _plans_sql(season_pk: int, language: str, _vendor: str) -> tuple[CompiledQuery, CompiledQuery]:
    """The published plans of ``season_pk`` and their roles and committees (named in
    ``language``), compiled once (building them cost the ORM more than a page of grids)."""
    plans = _published_plans(season_pk)
    # A plan rotates its roles or its committees, as its kind says.
    roles = RotationPlan.roles.through.objects.filter(
        rotationplan__in=plans.filter(kind=RotationPlan.Kind.ROLES)
    ).values_list(
        "rotationplan_id", "role_id", "role__order", *read_columns(Role, "name", language, "role__")
    )
    committees = RotationPlan.committees.through.objects.filter(
        rotationplan__in=plans.exclude(kind=RotationPlan.Kind.ROLES)
    ).values_list(
        "rotationplan_id",
        "committee_id",
        "committee__order",
        *read_columns(Committee, "name", language, "committee__"),
    )
    plan_columns = ("pk", "kind", "first_week", "weeks", "weeks_per_period")
    return (
        CompiledQuery.of_columns(plans.order_by().values_list(*plan_columns)),
        CompiledQuery.of_columns(roles.order_by().union(committees.order_by(), all=True)),
    )


@functools.lru_cache(maxsize=32)
def _held_sql(
    season_pk: int, _vendor: str, everyone: bool, since: dt.date | None
) -> tuple[CompiledQuery, tuple[int, ...]]:
    """The assignments the published plans of ``season_pk`` created (from ``since`` on when
    given), compiled once per audience and day, and where the viewer's id goes in its
    parameters (``VIEWER``: none when ``everyone``)."""
    plans = _published_plans(season_pk)
    held = _held_rows(RoleAssignment, "role_id", plans, everyone, since).union(
        _held_rows(CommitteeMembership, "committee_id", plans, everyone, since), all=True
    )
    held_sql = CompiledQuery.of_columns(held)
    return held_sql, places_of(held_sql.params, VIEWER)


def periods_left_out(plan: RotationPlan, from_day: dt.date) -> int:
    """How many periods of ``plan``'s grid ``published_grids`` leaves out ``from_day``."""
    return _shown_periods(plan, from_day)[1]


def _shown_periods(plan: RotationPlan, from_day: dt.date | None) -> tuple[list[rules.Period], int]:
    """The periods of ``plan``'s grid, from the one running on ``from_day`` (or the next one)
    when it is given, and how many earlier ones are left out. A plan that is over shows all
    its periods: its history is all there is to show."""
    periods = plan_periods(plan)
    if from_day is None:
        return periods, 0
    shown = [period for period in periods if period.end >= from_day] or periods
    return shown, len(periods) - len(shown)


def published_grids(season, viewer=None, *, from_day: dt.date | None = None) -> list[PublishedGrid]:
    """The published plans of ``season`` as grids, read from the assignments they created
    (later unpublished changes to a plan do not show): three queries, compiled once (the
    assignments' once per first day shown). With ``from_day``, a grid starts at the period
    running that day, the earlier ones left out (and not read). The holders' clearance
    facts (the "not cleared" badge) are read for everyone when no ``viewer`` is given or a
    leader looks, for the viewer alone otherwise."""
    everyone = viewer is None or viewer.is_leader
    plan_rows, slot_rows = _plans_sql(season.pk, get_language(), connection.vendor)
    plans = sorted(
        (
            RotationPlan(pk=pk, kind=kind, first_week=first, weeks=weeks, weeks_per_period=per)
            for pk, kind, first, weeks, per in plan_rows.rows()
        ),
        key=lambda plan: (not plan.is_roles, plan.first_week, plan.pk),  # roles first
    )
    if not plans:
        return []
    shown = {plan.pk: _shown_periods(plan, from_day) for plan in plans}
    # The assignments of the periods shown: from the earliest first period a grid shows, when
    # a grid leaves periods out (the SQL is then compiled for that day).
    since = None
    if any(earlier for _periods, earlier in shown.values()):
        since = min(periods[0].start for periods, _earlier in shown.values() if periods)
    held_sql, places = _held_sql(season.pk, connection.vendor, everyone, since)
    params = list(held_sql.params)
    for place in places:
        params[place] = viewer.pk
    slots: dict[int, list[Slot]] = defaultdict(list)
    for plan_id, slot_id, order, *names in slot_rows.rows():
        slots[plan_id].append(Slot(slot_id, first_text(names), order))
    holders: dict[int, Holder] = {}
    held: dict[tuple[int, dt.date, int], list[Holder]] = defaultdict(list)
    for (
        slot_id,
        plan_id,
        starts_on,
        user_id,
        first,
        last,
        username,
        profile_id,
        *facts,
    ) in held_sql.rows(params):
        holder = holders.get(user_id)
        if holder is None:
            name = f"{first} {last}".strip() or username  # as ``User.__str__``
            facts = tuple(facts) if profile_id else None
            holder = holders[user_id] = Holder(user_id, name, (first, last, user_id), facts)
        held[(plan_id, starts_on, slot_id)].append(holder)
    for members in held.values():
        members.sort(key=lambda holder: holder.order)
    grids = []
    for plan in plans:
        columns = sorted(slots[plan.pk], key=lambda slot: (slot.order, slot.name))
        periods, earlier = shown[plan.pk]
        rows = [
            PublishedRow(period, [held.get((plan.pk, period.start, s.pk), []) for s in columns])
            for period in periods
        ]
        grids.append(PublishedGrid(plan, columns, rows, earlier))
    return grids
