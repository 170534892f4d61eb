"""Business operations of the members app. Each validates, locks, writes atomically, and raises
``DomainError`` with a readable message when a rule refuses."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from cjs.mail import send_after_commit
from members import planning
from members.first_login import FIRST_LOGIN_LINK_DAYS
from members.models import (
    EVERY_HALF_DAY,
    Absence,
    Committee,
    CommitteeMembership,
    Cooperative,
    Enrolment,
    MemberProfile,
    MemberSkill,
    PermissionGrant,
    PortfolioEntry,
    Role,
    RoleAssignment,
    RotationPlan,
    RotationSeat,
    Season,
    Skill,
    Town,
    User,
)
from members.permissions import is_registered
from members.signals import member_leaving, member_left, season_started


def _ensure_season_follows(previous: Season, *, year: int, starts_on: dt.date) -> None:
    """A new season comes after the current one: a later year, starting after its last day."""
    if year <= previous.year or starts_on <= previous.ends_on:
        raise DomainError(
            _("A new season comes after %(season)s: in %(year)s or later, starting after %(end)s.")
            % {
                "season": previous,
                "year": previous.year + 1,
                "end": date_format(previous.ends_on, "j F Y"),
            }
        )


def season_start(
    *,
    year: int,
    starts_on: dt.date,
    ends_on: dt.date,
    returning: Iterable[User],
    by: User,
) -> Season:
    """Open a new season: the current one becomes a read-only archive, the returning members
    are enrolled in the new one and the others' accounts are deactivated (their history stays).
    The cooperative's settings, committees, roles and delegations carry over as they are."""
    if ends_on <= starts_on:
        raise DomainError(_("The last day must come after the first day."))
    returning = list(returning)
    try:
        with transaction.atomic():
            if Season.objects.filter(year=year).exists():
                raise DomainError(_("There is already a season %(year)s.") % {"year": year})
            previous = (
                Season.objects.select_for_update().filter(status=Season.Status.CURRENT).first()
            )
            if previous is not None:
                _ensure_season_follows(previous, year=year, starts_on=starts_on)
                previous_members = set(
                    Enrolment.objects.filter(season=previous)
                    .active()
                    .values_list("user_id", flat=True)
                )
                strangers = [u for u in returning if u.pk not in previous_members]
                if strangers:
                    raise DomainError(_("Only members of the previous season can be carried over."))
                previous.status = Season.Status.ARCHIVED
                previous.save(update_fields=["status"])
                leaving = previous_members - {u.pk for u in returning}
                User.objects.filter(pk__in=leaving, role=User.Role.MEMBER).update(is_active=False)
            season = Season.objects.create(
                year=year, starts_on=starts_on, ends_on=ends_on, status=Season.Status.CURRENT
            )
            Enrolment.objects.bulk_create(
                Enrolment(season=season, user=user, joined_on=starts_on) for user in returning
            )
            season_started.send(sender=Season, season=season, previous=previous)
    except IntegrityError:
        # Two leaders starting a season at the same moment: the database kept one.
        raise DomainError(
            _("Another season was started at the same time. Reload the page and check.")
        ) from None
    return season


def cooperative_update(
    *, cooperative: Cooperative, fields: dict, towns_formset, apply_preset: bool
) -> Cooperative:
    """Save the cooperative's settings and its territory together, or nothing."""
    with transaction.atomic():
        cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
        for name, value in fields.items():
            setattr(cooperative, name, value)
        if apply_preset:
            cooperative.apply_country_preset()
        cooperative.full_clean()
        cooperative.save()
        towns_formset.save()
        if not Town.objects.exists():
            raise DomainError(_("The territory needs at least one town."))
    return cooperative


def grants_replace(*, wanted: set[tuple[str, str, int]], by: User) -> tuple[int, int]:
    """Make the delegations exactly ``wanted``: a set of (capability, "committee"|"role", id).
    Returns how many grants were added and removed."""
    for code, kind, _pk in wanted:
        if not is_registered(code) or kind not in {"committee", "role"}:
            raise DomainError(_("Unknown permission: %(code)s.") % {"code": code})
    with transaction.atomic():
        committees = set(Committee.objects.values_list("pk", flat=True))
        roles = set(Role.objects.values_list("pk", flat=True))
        for _code, kind, pk in wanted:
            if pk not in (committees if kind == "committee" else roles):
                raise DomainError(_("That committee or role no longer exists."))
        existing = {
            (
                grant.capability,
                "committee" if grant.committee_id else "role",
                grant.committee_id or grant.role_id,
            ): grant.pk
            for grant in PermissionGrant.objects.select_for_update()
        }
        to_remove = [pk for key, pk in existing.items() if key not in wanted]
        to_add = [key for key in wanted if key not in existing]
        PermissionGrant.objects.filter(pk__in=to_remove).delete()
        PermissionGrant.objects.bulk_create(
            PermissionGrant(
                capability=code,
                committee_id=pk if kind == "committee" else None,
                role_id=pk if kind == "role" else None,
                granted_by=by,
            )
            for code, kind, pk in to_add
        )
    return len(to_add), len(to_remove)


def _refuse_archived(season: Season) -> None:
    if season.is_archived:
        raise DomainError(
            _("%(season)s is archived: it can no longer change.") % {"season": season}
        )


# --- Members ------------------------------------------------------------------------------------

PROFILE_FIELDS = (
    "date_of_birth",
    "phone",
    "guardian_name",
    "guardian_phone",
    "guardian_email",
    "parental_authorization_received_on",
    "emergency_contact_name",
    "emergency_contact_phone",
    "availability",
)


@dataclass
class MemberDetails:
    """Everything a leader records about a member (one form, or one row of an import)."""

    first_name: str
    last_name: str
    username: str = ""  # made from the names when empty
    email: str = ""
    phone: str = ""
    date_of_birth: dt.date | None = None
    guardian_name: str = ""
    guardian_phone: str = ""
    guardian_email: str = ""
    parental_authorization_received_on: dt.date | None = None
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    availability: int = EVERY_HALF_DAY
    skills: dict[int, dt.date | None] = field(default_factory=dict)  # skill id -> certificate


def username_for(first_name: str, last_name: str, taken: set[str]) -> str:
    """``"Léa", "Martin"`` -> ``"lea.martin"`` (then ``lea.martin2``...), avoiding ``taken``
    (lower case)."""
    base = ".".join(filter(None, [slugify(first_name), slugify(last_name)]))[:140] or "membre"
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _write_skills(user: User, skills: dict[int, dt.date | None]) -> None:
    MemberSkill.objects.filter(user=user).exclude(skill_id__in=skills).delete()
    certified = set(
        Skill.objects.filter(pk__in=skills, requires_certificate=True).values_list("pk", flat=True)
    )
    existing = {held.skill_id: held for held in MemberSkill.objects.filter(user=user)}
    for skill_id, until in skills.items():
        until = until if skill_id in certified else None
        held = existing.get(skill_id)
        if held is None:
            MemberSkill.objects.create(user=user, skill_id=skill_id, certificate_until=until)
        elif held.certificate_until != until:
            held.certificate_until = until
            held.save(update_fields=["certificate_until"])


def _write_member(user: User, details: MemberDetails) -> None:
    user.first_name = details.first_name
    user.last_name = details.last_name
    user.email = details.email
    user.save()
    profile, _created = MemberProfile.objects.get_or_create(user=user)
    for name in PROFILE_FIELDS:
        setattr(profile, name, getattr(details, name))
    profile.save()
    _write_skills(user, details.skills)


def member_create(*, details: MemberDetails, season: Season, by: User) -> User:
    """Add a member to the season. They have no password yet: a leader hands them a
    first-login link or a credentials sheet, and they choose their own at first login."""
    return members_import(rows=[details], season=season, by=by)[0]


def members_import(*, rows: list[MemberDetails], season: Season, by: User) -> list[User]:
    """Add every member of ``rows``, or none (one transaction)."""
    _refuse_archived(season)
    today = timezone.localdate()
    try:
        with transaction.atomic():
            taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
            created = []
            for details in rows:
                username = details.username or username_for(
                    details.first_name, details.last_name, taken
                )
                if username.lower() in taken:
                    raise DomainError(
                        _("The username %(username)s is already taken.") % {"username": username}
                    )
                taken.add(username.lower())
                user = User(username=username, role=User.Role.MEMBER, must_change_password=True)
                user.set_unusable_password()
                _write_member(user, details)
                Enrolment.objects.create(
                    season=season, user=user, joined_on=max(today, season.starts_on)
                )
                created.append(user)
    except IntegrityError:
        raise DomainError(
            _("Someone added the same member at the same time. Reload the page and check.")
        ) from None
    return created


def member_update(*, user: User, details: MemberDetails, by: User) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if details.username and details.username != user.username:
            if User.objects.filter(username__iexact=details.username).exclude(pk=user.pk).exists():
                raise DomainError(
                    _("The username %(username)s is already taken.")
                    % {"username": details.username}
                )
            user.username = details.username
        _write_member(user, details)
    return user


def profile_update_own(
    *, user: User, email: str, phone: str, availability: int, skills: set[int]
) -> None:
    """What members change themselves: contact details, skills and availability. Certificates
    stay as a leader recorded them."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.email = email
        user.save(update_fields=["email"])
        profile, _created = MemberProfile.objects.get_or_create(user=user)
        profile.phone = phone
        profile.availability = availability
        profile.save(update_fields=["phone", "availability", "updated_at"])
        kept = dict(
            MemberSkill.objects.filter(user=user, skill_id__in=skills).values_list(
                "skill_id", "certificate_until"
            )
        )
        _write_skills(user, {skill_id: kept.get(skill_id) for skill_id in skills})


def absence_add(*, user: User, starts_on: dt.date, ends_on: dt.date, reason: str = "") -> Absence:
    if ends_on < starts_on:
        raise DomainError(_("The last day must come after the first day."))
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        if Absence.objects.filter(
            user=user, starts_on__lte=ends_on, ends_on__gte=starts_on
        ).exists():
            raise DomainError(_("These dates overlap dates away already recorded."))
        return Absence.objects.create(
            user=user, starts_on=starts_on, ends_on=ends_on, reason=reason
        )


def absence_delete(*, absence: Absence) -> None:
    absence.delete()


def credentials_issue(*, users: Iterable[User], by: User) -> list[tuple[User, str]]:
    """Give each member a new temporary password, to print; they must change it at first
    login. Earlier first-login links stop working."""
    issued = []
    with transaction.atomic():
        for user in User.objects.select_for_update().filter(
            pk__in=[u.pk for u in users], role=User.Role.MEMBER, is_active=True
        ):
            password = temporary_password()
            user.set_password(password)
            user.must_change_password = True
            user.save(update_fields=["password", "must_change_password"])
            issued.append((user, password))
    return sorted(issued, key=lambda pair: (pair[0].last_name, pair[0].first_name))


# No 0/o nor 1/l/i: the password is read from paper.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105


def temporary_password() -> str:
    """Nine random characters in three groups (about 44 bits), easy to type on a phone."""
    chars = [secrets.choice(_PASSWORD_ALPHABET) for _ in range(9)]
    return "-".join("".join(chars[i : i + 3]) for i in range(0, 9, 3))


def first_login_link_send(*, user: User, url: str) -> None:
    if not user.email:
        raise DomainError(_("This member has no email address."))
    send_after_commit(
        template="members/first_login",
        to=[user.email],
        context={"member": user, "url": url, "days": FIRST_LOGIN_LINK_DAYS},
    )


def first_login_complete(*, user: User, password: str) -> None:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])


def member_deactivate(*, user: User, on: dt.date, by: User) -> int:
    """The member leaves the cooperative on ``on``: the account is closed, their history
    stays, their roles and committees after that day are freed. Returns how many seats of the
    rotation were freed (to re-plan)."""
    if not user.is_member:
        raise DomainError(_("Only an active member can be deactivated."))
    with transaction.atomic():
        member_leaving.send(sender=User, user=user, on=on, by=by)
        user = User.objects.select_for_update().get(pk=user.pk)
        user.is_active = False
        user.save(update_fields=["is_active"])
        member_left.send(sender=User, user=user, on=on)
        Enrolment.objects.filter(
            user=user, season__status=Season.Status.CURRENT, left_on__isnull=True
        ).update(left_on=on)
        for model in (RoleAssignment, CommitteeMembership):
            rows = model.objects.filter(user=user, season__status=Season.Status.CURRENT)
            rows.filter(starts_on__gt=on).delete()
            rows.filter(starts_on__lte=on, ends_on__gt=on).update(ends_on=on)
        seats = RotationSeat.objects.filter(
            user=user, period_start__gt=on, plan__season__status=Season.Status.CURRENT
        )
        freed = seats.count()
        plans = set(seats.values_list("plan_id", flat=True))
        seats.filter(role__isnull=False).update(user=None)
        seats.filter(committee__isnull=False).delete()
        RotationPlan.objects.filter(pk__in=plans, published_at__isnull=False).update(
            changed_since_publication=True
        )
    return freed


def member_reactivate(*, user: User, season: Season, by: User) -> None:
    _refuse_archived(season)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.role != User.Role.MEMBER or user.is_active:
            raise DomainError(_("Only a deactivated member can be reactivated."))
        user.is_active = True
        user.save(update_fields=["is_active"])
        enrolment, created = Enrolment.objects.get_or_create(
            season=season,
            user=user,
            defaults={"joined_on": max(timezone.localdate(), season.starts_on)},
        )
        if not created and enrolment.left_on:
            enrolment.left_on = None
            enrolment.save(update_fields=["left_on"])


# --- Rotation -----------------------------------------------------------------------------------


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
    _refuse_archived(season)
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
                    "A published rotation already covers these weeks (%(plan)s): re-plan it "
                    "instead, or choose other weeks."
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
    _refuse_archived(plan.season)
    return plan


def rotation_replan(*, plan: RotationPlan, today: dt.date) -> RotationPlan:
    """Propose again every period that has not begun since publication (all of them for a
    draft): manual changes there are replaced, published past weeks are kept."""
    with transaction.atomic():
        plan = _locked_plan(plan)
        data = planning.load_plan_data(plan)
        seats = list(plan.seats.all())
        frozen = {p.start for p in data.periods if plan.is_frozen(p.start, today)}
        kept_grid = planning.grid_from_seats(data, [s for s in seats if s.period_start in frozen])
        kept = {i: kept_grid.period(i) for i, p in enumerate(data.periods) if p.start in frozen}
        proposal = planning.propose(data, kept=kept)
        plan.seats.exclude(period_start__in=frozen).delete()
        open_periods = [i for i, p in enumerate(data.periods) if p.start not in frozen]
        RotationSeat.objects.bulk_create(planning.seats_for(data, proposal, open_periods))
        _mark_changed(plan)
    return plan


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


def _periods_by_user(rows, slot_field: str) -> dict[int, set]:
    found: dict[int, set] = defaultdict(set)
    for user_id, slot_id, starts_on in rows.values_list("user_id", f"{slot_field}_id", "starts_on"):
        found[user_id].add((slot_id, starts_on))
    return found


def _refuse_overlaps(plan: RotationPlan, seats: list[RotationSeat], model, slot_field: str):
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


# --- Skills portfolio ---------------------------------------------------------------------------


@dataclass
class PortfolioDetails:
    happened_on: dt.date
    title: str
    reflection: str
    skill: Skill | None = None
    role: Role | None = None
    committee: Committee | None = None
    activity: object | None = None  # a job, a meeting... (see members.portfolio)


def portfolio_entry_save(
    *, user: User, season: Season, details: PortfolioDetails, entry: PortfolioEntry | None = None
) -> PortfolioEntry:
    """A member adds or changes an entry of their portfolio; a confirmed entry is final."""
    _refuse_archived(season)
    if not season.contains(details.happened_on):
        raise DomainError(_("The date must fall within the season."))
    with transaction.atomic():
        if entry is None:
            entry = PortfolioEntry(user=user, season=season)
        else:
            entry = PortfolioEntry.objects.select_for_update().get(pk=entry.pk, user=user)
            if entry.is_confirmed:
                raise DomainError(_("A confirmed entry can no longer be changed."))
        entry.happened_on = details.happened_on
        entry.title = details.title
        entry.reflection = details.reflection
        entry.skill = details.skill
        entry.role = details.role
        entry.committee = details.committee
        activity = details.activity
        entry.activity_type = ContentType.objects.get_for_model(activity) if activity else None
        entry.activity_id = activity.pk if activity else None  # type: ignore[attr-defined]
        entry.save()
    return entry


def portfolio_entry_delete(*, entry: PortfolioEntry, user: User) -> None:
    with transaction.atomic():
        entry = PortfolioEntry.objects.select_for_update().get(pk=entry.pk, user=user)
        if entry.is_confirmed:
            raise DomainError(_("A confirmed entry can no longer be changed."))
        entry.delete()


def portfolio_entry_confirm(*, entry: PortfolioEntry, by: User) -> PortfolioEntry:
    with transaction.atomic():
        entry = PortfolioEntry.objects.select_for_update().select_related("season").get(pk=entry.pk)
        _refuse_archived(entry.season)
        if not entry.is_confirmed:
            entry.confirmed_by = by
            entry.confirmed_at = timezone.now()
            entry.save(update_fields=["confirmed_by", "confirmed_at"])
    return entry


def portfolio_entry_unconfirm(*, entry: PortfolioEntry, by: User) -> PortfolioEntry:
    """A leader withdraws a confirmation (confirmed by mistake); the member can edit again."""
    with transaction.atomic():
        entry = PortfolioEntry.objects.select_for_update().select_related("season").get(pk=entry.pk)
        _refuse_archived(entry.season)
        entry.confirmed_by = None
        entry.confirmed_at = None
        entry.save(update_fields=["confirmed_by", "confirmed_at"])
    return entry
