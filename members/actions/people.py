"""The members: adding them (one by one or by import), their profile, dates away and skills,
their credentials and first login, their departure and return."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from cjs.mail import send_after_commit
from members.actions.seasons import refuse_archived
from members.first_login import FIRST_LOGIN_LINK_DAYS
from members.models import (
    EVERY_HALF_DAY,
    Absence,
    CommitteeMembership,
    Enrolment,
    MemberProfile,
    MemberSkill,
    RoleAssignment,
    RotationPlan,
    RotationSeat,
    Season,
    Skill,
    User,
)
from members.signals import member_leaving, member_left

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
    refuse_archived(season)
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
            user.temporary_password_set_at = timezone.now()
            user.save(
                update_fields=["password", "must_change_password", "temporary_password_set_at"]
            )
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
        user.temporary_password_set_at = None
        user.save(update_fields=["password", "must_change_password", "temporary_password_set_at"])


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
    refuse_archived(season)
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
