"""The rotation planner: creating a plan, adjusting its seats, re-planning and publishing it
as role assignments or committee memberships."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from cjs.mail import send_after_commit
from members import planning
from members.actions.seasons import refuse_archived
from members.models import (
    Committee,
    CommitteeMembership,
    Role,
    RoleAssignment,
    RotationJoin,
    RotationPlan,
    RotationSeat,
    Season,
    TimeBoundMembership,
    User,
)


def rotation_plan_create(
    *,
    season: Season,
    kind: str,
    first_week: dt.date,
    weeks: int,
    weeks_per_period: int,
    slots: Iterable[Role] | Iterable[Committee],
    participants: Iterable[User],
    by: User,
) -> RotationPlan:
    """Create a plan and fill it with the planner's proposal."""
    refuse_archived(season)
    slots = list(slots)
    participants = list(participants)
    if first_week.weekday() != 0 or first_week not in season.week_starts():
        raise DomainError(_("The rotation must start on a Monday of the season."))
    last_monday = first_week + dt.timedelta(weeks=weeks - 1)
    if weeks < 1 or last_monday not in season.week_starts():
        raise DomainError(_("The rotation must end within the season."))
    if not slots:
        raise DomainError(_("Choose at least one role or committee to rotate."))
    if not participants:
        raise DomainError(_("Choose the members taking part."))
    enrolled = set(User.objects.enrolled_in(season).values_list("pk", flat=True))
    if any(user.pk not in enrolled for user in participants):
        raise DomainError(_("Only members enrolled in the season can take part."))
    is_roles = kind == RotationPlan.Kind.ROLES
    if not is_roles and any(committee.is_board for committee in slots):
        raise DomainError(_("Every member sits on the board: it does not rotate."))
    last_day = last_monday + dt.timedelta(days=6)
    published = RotationPlan.objects.published().filter(season=season, kind=kind)
    published = published.filter(**{("roles__in" if is_roles else "committees__in"): slots})
    for other in published.distinct():
        if other.first_week <= last_day and first_week <= other.last_day:
            raise DomainError(
                _(
                    "A published rotation already covers these weeks (%(plan)s): to add members "
                    "who joined since, take them in from its page; or choose other weeks."
                )
                % {"plan": other}
            )
    with transaction.atomic():
        plan = RotationPlan.objects.create(
            season=season,
            kind=kind,
            first_week=first_week,
            weeks=weeks,
            weeks_per_period=1 if is_roles else max(1, weeks_per_period),
            created_by=by,
        )
        (plan.roles if is_roles else plan.committees).set(slots)
        plan.participants.set(participants)
        data = planning.load_plan_data(plan)
        proposal = planning.propose(data, kept={})
        RotationSeat.objects.bulk_create(
            planning.seats_for(data, proposal, list(range(len(data.periods))))
        )
    return plan


def _locked_plan(plan: RotationPlan) -> RotationPlan:
    plan = RotationPlan.objects.select_for_update().select_related("season").get(pk=plan.pk)
    refuse_archived(plan.season)
    return plan


def rotation_replan(*, plan: RotationPlan, today: dt.date) -> RotationPlan:
    """Propose again every period that has not begun since publication (all of them for a
    draft): manual changes there are replaced, published past weeks are kept."""
    with transaction.atomic():
        plan = _locked_plan(plan)
        _propose_from(plan, today=today)
    return plan


def _propose_from(plan: RotationPlan, *, today: dt.date, since: dt.date | None = None) -> None:
    """Propose again the periods not begun (and, with ``since``, starting from that day on);
    the others are kept and count as history. ``plan`` is locked by the caller."""
    data = planning.load_plan_data(plan)
    seats = list(plan.seats.all())
    frozen = {
        p.start
        for p in data.periods
        if plan.is_frozen(p.start, today) or (since is not None and p.start < since)
    }
    kept_grid = planning.grid_from_seats(data, [s for s in seats if s.period_start in frozen])
    kept = {i: kept_grid.period(i) for i, p in enumerate(data.periods) if p.start in frozen}
    proposal = planning.propose(data, kept=kept)
    plan.seats.exclude(period_start__in=frozen).delete()
    open_periods = [i for i, p in enumerate(data.periods) if p.start not in frozen]
    RotationSeat.objects.bulk_create(planning.seats_for(data, proposal, open_periods))
    _mark_changed(plan)


def rotation_take_in(
    *, plan: RotationPlan, members: Iterable[User], since: dt.date, today: dt.date
) -> int:
    """Take members who joined the cooperative late (a CSV import mid-season) into a
    rotation from the period starting on ``since``: the periods before it and those begun
    stay as they are, the rest is proposed again with them, the newcomers starting level with
    the others (``members.rules.Participant.joins``). Returns the seats the newcomers got;
    the changes wait for publication like any other."""
    members = list(members)
    if not members:
        raise DomainError(_("Choose the members to take in."))
    with transaction.atomic():
        plan = _locked_plan(plan)
        starts = [p.start for p in planning.plan_periods(plan)]
        if since not in starts:
            raise DomainError(_("Choose a week where a period of the rotation starts."))
        if since <= today:
            raise DomainError(_("Choose a week that has not begun."))
        enrolled = User.objects.enrolled_in(plan.season).filter(is_active=True)
        enrolled = set(enrolled.values_list("pk", flat=True))
        if any(user.pk not in enrolled for user in members):
            raise DomainError(_("Only members enrolled in the season can take part."))
        if plan.participants.filter(pk__in=[user.pk for user in members]).exists():
            raise DomainError(_("Some of these members already take part in this rotation."))
        plan.participants.add(*members)
        RotationJoin.objects.bulk_create(
            RotationJoin(plan=plan, user=user, since=since) for user in members
        )
        _propose_from(plan, today=today, since=since)
        return plan.seats.filter(user__in=members).count()


def _mark_changed(plan: RotationPlan) -> None:
    if plan.is_published and not plan.changed_since_publication:
        plan.changed_since_publication = True
        plan.save(update_fields=["changed_since_publication"])


def _editable_seat(seat: RotationSeat, today: dt.date) -> tuple[RotationPlan, RotationSeat]:
    plan = _locked_plan(seat.plan)
    seat = RotationSeat.objects.select_for_update().get(pk=seat.pk, plan=plan)
    if plan.is_frozen(seat.period_start, today):
        raise DomainError(_("This period has begun: it stays as published."))
    return plan, seat


def rotation_seat_set(*, seat: RotationSeat, user: User | None, today: dt.date) -> RotationSeat:
    """Roles: give the seat to ``user`` (or leave it empty). If they already hold another role
    that week, the two members swap."""
    with transaction.atomic():
        plan, seat = _editable_seat(seat, today)
        if not plan.is_roles:
            raise DomainError(_("On a committee rotation, move members between committees."))
        if user is not None and not plan.participants.filter(pk=user.pk, is_active=True).exists():
            raise DomainError(_("This member does not take part in this rotation."))
        if user is not None:
            other = (
                plan.seats.select_for_update()
                .filter(period_start=seat.period_start, user=user)
                .exclude(pk=seat.pk)
                .first()
            )
            if other is not None:
                other.user_id = seat.user_id
                other.save(update_fields=["user"])
        seat.user = user
        seat.save(update_fields=["user"])
        _mark_changed(plan)
    return seat


def rotation_seat_move(*, seat: RotationSeat, committee: Committee, today: dt.date) -> None:
    """Committees: move the seat's member to another committee of the plan for that period."""
    with transaction.atomic():
        plan, seat = _editable_seat(seat, today)
        if plan.is_roles or not plan.committees.filter(pk=committee.pk).exists():
            raise DomainError(_("This committee is not part of this rotation."))
        seat.committee = committee
        seat.save(update_fields=["committee"])
        _mark_changed(plan)


def rotation_seat_place(
    *, plan: RotationPlan, period_start: dt.date, user: User, committee: Committee, today: dt.date
) -> RotationSeat:
    """Committees: seat a participant nobody placed for that period (back from holidays)."""
    with transaction.atomic():
        plan = _locked_plan(plan)
        if plan.is_roles or not plan.committees.filter(pk=committee.pk).exists():
            raise DomainError(_("This committee is not part of this rotation."))
        if plan.is_frozen(period_start, today):
            raise DomainError(_("This period has begun: it stays as published."))
        period = next((p for p in planning.plan_periods(plan) if p.start == period_start), None)
        if period is None or not plan.participants.filter(pk=user.pk, is_active=True).exists():
            raise DomainError(_("This member does not take part in this rotation."))
        if plan.seats.filter(period_start=period_start, user=user).exists():
            raise DomainError(_("This member already sits on a committee for that period."))
        seat = RotationSeat.objects.create(
            plan=plan,
            period_start=period.start,
            period_end=period.end,
            committee=committee,
            user=user,
        )
        _mark_changed(plan)
    return seat


def rotation_seats_swap(*, first: RotationSeat, second: RotationSeat, today: dt.date) -> None:
    """Exchange the members of two seats of the same plan."""
    if first.pk == second.pk:
        raise DomainError(_("Choose two different seats to swap."))
    with transaction.atomic():
        plan, first = _editable_seat(first, today)
        second = RotationSeat.objects.select_for_update().get(pk=second.pk)
        if second.plan_id != plan.pk:
            raise DomainError(_("Both seats must belong to the same rotation."))
        if plan.is_frozen(second.period_start, today):
            raise DomainError(_("This period has begun: it stays as published."))
        if first.user_id == second.user_id:
            return
        if not plan.is_roles and first.period_start != second.period_start:
            raise DomainError(_("On a committee rotation, swap members of the same period."))
        # Three steps, so that no intermediate state breaks "one committee per member".
        first_user, second_user = first.user_id, second.user_id
        first.user_id = None
        first.save(update_fields=["user"])
        second.user_id = first_user
        second.save(update_fields=["user"])
        first.user_id = second_user
        first.save(update_fields=["user"])
        if not plan.is_roles and first.user_id is None:
            first.delete()
        _mark_changed(plan)


def rotation_plan_delete(*, plan: RotationPlan) -> None:
    with transaction.atomic():
        plan = _locked_plan(plan)
        if plan.is_published:
            raise DomainError(_("A published rotation is history: it cannot be deleted."))
        plan.delete()


def rotation_publish(*, plan: RotationPlan, today: dt.date, by: User, notify: bool = True) -> int:
    """Turn the plan's seats into role assignments or committee memberships (one per period,
    Monday to Sunday) and email each member whose roles changed. Once published, periods that
    have begun are kept as they were. Returns the number of rows written."""
    with transaction.atomic():
        plan = _locked_plan(plan)
        data = planning.load_plan_data(plan)
        is_roles = plan.is_roles
        model = RoleAssignment if is_roles else CommitteeMembership
        slot_field = "role" if is_roles else "committee"
        # Serialise publications touching the same roles or committees.
        slot_model = Role if is_roles else Committee
        list(slot_model.objects.select_for_update().filter(pk__in=data.slot_ids).values("pk"))
        seats = [
            seat
            for seat in plan.seats.select_related("user")
            if seat.user_id is not None and not plan.is_frozen(seat.period_start, today)
        ]
        if plan.is_published and not seats and not plan.changed_since_publication:
            raise DomainError(_("Nothing to publish: every period has begun."))
        # What members are told about: their coming periods (the week under way too on the first
        # publication; after that it is kept as it was).
        window = Q(starts_on__gt=today) if plan.is_published else Q(ends_on__gte=today)
        replaced = model.objects.filter(plan=plan)
        if plan.is_published:
            replaced = replaced.filter(starts_on__gt=today)
        before = _periods_by_user(replaced.filter(window), slot_field)
        replaced.delete()
        _refuse_overlaps(plan, seats, model, slot_field)
        rows = [
            model(
                season=plan.season,
                user_id=seat.user_id,
                starts_on=seat.period_start,
                ends_on=seat.period_end,
                plan=plan,
                **{f"{slot_field}_id": seat.slot_id},
            )
            for seat in seats
        ]
        try:
            with transaction.atomic():
                model.objects.bulk_create(rows)
        except IntegrityError:
            raise DomainError(
                _("Another rotation was published at the same time. Reload the page and check.")
            ) from None
        plan.published_at = timezone.now()
        plan.published_by = by
        plan.changed_since_publication = False
        plan.save(update_fields=["published_at", "published_by", "changed_since_publication"])
        if notify:
            after = _periods_by_user(model.objects.filter(plan=plan).filter(window), slot_field)
            _notify_members(plan, before, after, today)
    return len(rows)


def _periods_by_user(rows: QuerySet, slot_field: str) -> dict[int, set]:
    found: dict[int, set] = defaultdict(set)
    for user_id, slot_id, starts_on in rows.values_list("user_id", f"{slot_field}_id", "starts_on"):
        found[user_id].add((slot_id, starts_on))
    return found


def _refuse_overlaps(
    plan: RotationPlan,
    seats: list[RotationSeat],
    model: type[TimeBoundMembership],
    slot_field: str,
) -> None:
    """Another assignment (an election, another rotation) already covering a seat's role, or
    a member already on another committee then, would give two holders: refuse, naming it."""
    if not seats:
        return
    start = min(seat.period_start for seat in seats)
    end = max(seat.period_end for seat in seats)
    others = model.objects.overlapping(start, end).exclude(plan=plan)
    if plan.is_roles:
        others = others.filter(role__in={seat.role_id for seat in seats})
    else:
        # A member may sit on a committee that does not rotate; not on two rotating ones.
        others = others.filter(
            user__in={seat.user_id for seat in seats}, committee__in=plan.committees.all()
        )
    others = list(others.select_related("user", slot_field))
    for seat in seats:
        for other in others:
            same = other.role_id == seat.role_id if plan.is_roles else other.user_id == seat.user_id
            if same and other.starts_on <= seat.period_end and seat.period_start <= other.ends_on:
                raise DomainError(
                    _(
                        "%(member)s already holds %(slot)s from %(start)s to %(end)s outside "
                        "this rotation. Shorten that assignment or leave it out of the rotation."
                    )
                    % {
                        "member": other.user,
                        "slot": getattr(other, slot_field),
                        "start": other.starts_on.strftime("%d/%m"),
                        "end": other.ends_on.strftime("%d/%m"),
                    }
                )


def _notify_members(plan: RotationPlan, before: dict, after: dict, today: dt.date) -> None:
    changed = [u for u in set(before) | set(after) if before.get(u) != after.get(u)]
    if not changed:
        return
    model = RoleAssignment if plan.is_roles else CommitteeMembership
    slot_field = "role" if plan.is_roles else "committee"
    upcoming: dict[int, list] = defaultdict(list)
    for row in (
        model.objects.filter(plan=plan, ends_on__gte=today, user_id__in=changed)
        .select_related(slot_field)
        .order_by("starts_on")
    ):
        upcoming[row.user_id].append(row)
    for user in User.objects.filter(pk__in=changed, is_active=True).exclude(email=""):
        send_after_commit(
            template="members/rotation_published",
            to=[user.email],
            context={"member": user, "plan": plan, "assignments": upcoming.get(user.pk, [])},
        )
