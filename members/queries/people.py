"""What the members' pages other than the directory read: a member's page, the attestation,
the delegations grid, the rotations, the portfolio queue, the declared skills to confirm, a
person's data, the two-factor set-up. Every read that builds a page, in a fixed number of
queries."""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

import qrcode
import qrcode.image.svg
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cjs.db import QueryShape
from members.capability_registry import all_capabilities
from members.models import (
    Absence,
    Committee,
    CommitteeMembership,
    Enrolment,
    MemberSkill,
    PermissionGrant,
    PortfolioEntry,
    Role,
    RoleAssignment,
    RotationPlan,
    Season,
    Skill,
    Town,
    User,
    normalize_postal_code,
)
from members.personal_data import PersonalData, member_sources, section
from members.work_records import jobs_worked, skill_hours


def attestation_context(member: User, season: Season) -> dict:
    """What the attestation lists: the roles and committees held in the season so far (not
    those still to come), the confirmed portfolio entries, the skills held, and the leaders
    who sign it."""
    today = timezone.localdate()
    last_day = min(today, season.ends_on)

    def held(rows, slot: str) -> list[dict]:
        grouped: dict = {}
        for row in rows.filter(season=season, user=member, starts_on__lte=last_day):
            grouped.setdefault(getattr(row, slot), []).append(row)
        return [
            {slot: key, "weeks": sum(_weeks(r.starts_on, min(r.ends_on, last_day)) for r in rs)}
            for key, rs in grouped.items()
        ]

    return {
        "member": member,
        "attested_season": season,
        "jobs_worked": jobs_worked(member, season, last_day),
        "roles": held(RoleAssignment.objects.select_related("role"), "role"),
        "committees": held(CommitteeMembership.objects.select_related("committee"), "committee"),
        "entries": PortfolioEntry.objects.confirmed()
        .filter(season=season, user=member)
        .select_related("skill", "role", "committee")
        .order_by("happened_on"),
        "skills": attested_skills(member, season, last_day),
        "leaders": User.objects.filter(role=User.Role.LEADER, is_active=True).order_by(
            "last_name", "first_name"
        ),
        "today": today,
        "provisional": today < season.ends_on,
    }


@dataclass(frozen=True)
class AttestedSkill:
    skill: Skill
    level: str
    level_label: str
    hours: Decimal  # validated hours on the season's jobs that used it


def attested_skills(member: User, season: Season, last_day: dt.date) -> list[AttestedSkill]:
    """The skills an attestation may vouch for: confirmed by a youth leader or the HR
    committee, or earned by validated hours, never only declared; with the hours validated
    on the season's jobs that needed each. One query."""
    return [
        AttestedSkill(held.skill, held.level, held.get_level_display(), held.hours)
        for held in MemberSkill.objects.filter(user=member)
        .select_related("skill")
        .annotate(hours=skill_hours(season, last_day))
        if held.is_vouched_for and held.is_valid_on(last_day)
    ]


def _weeks(start: dt.date, end: dt.date) -> int:
    return max(1, round(((end - start).days + 1) / 7))


def member_for_leader(pk: int) -> User:
    """A member, with their profile and skills, or 404."""
    return get_object_or_404(
        User.objects.members().select_related("profile").prefetch_related("member_skills"), pk=pk
    )


def member_with_profile(pk: int) -> User:
    """A user with everything their own profile page shows."""
    return (
        User.objects.select_related("profile")
        .prefetch_related("member_skills__skill", "absences")
        .get(pk=pk)
    )


def member_detail_context(member: User, season: Season | None, today: dt.date) -> dict:
    """What a member's page shows a leader: profile, skills, dates away, this season's
    enrolment, roles and committees, and every portfolio entry."""
    return {
        "member": member,
        "profile": member.member_profile,
        "is_minor": member.is_minor_on(today),
        "today": today,
        "skills": member.member_skills.select_related("skill", "confirmed_by"),
        "absences": member.absences.all(),
        "enrolment": Enrolment.objects.filter(season=season, user=member).first()
        if season
        else None,
        "assignments": RoleAssignment.objects.filter(season=season, user=member).select_related(
            "role"
        )
        if season
        else [],
        "memberships": CommitteeMembership.objects.filter(
            season=season, user=member
        ).select_related("committee")
        if season
        else [],
        "entries": PortfolioEntry.objects.filter(user=member)
        .select_related("skill", "role", "committee", "confirmed_by", "season")
        .prefetch_related("activity"),
    }


def portfolio_entries_to_confirm(season: Season | None) -> QuerySet[PortfolioEntry]:
    return (
        PortfolioEntry.objects.to_confirm()
        .filter(season=season, user__is_active=True)
        .select_related("user__profile", "skill", "role", "committee")
        .prefetch_related("activity")
        .order_by("happened_on", "pk")
    )


def portfolio_entry_card(pk: int) -> PortfolioEntry:
    """An entry with everything its card in the confirmation queue shows."""
    return (
        PortfolioEntry.objects.select_related(
            "user__profile", "skill", "role", "committee", "confirmed_by"
        )
        .prefetch_related("activity")
        .get(pk=pk)
    )


def own_portfolio_entries(user: User) -> QuerySet[PortfolioEntry]:
    return (
        PortfolioEntry.objects.filter(user=user)
        .select_related("season", "skill", "role", "committee", "confirmed_by")
        .prefetch_related("activity")
        .order_by("-season__year", "-happened_on", "-pk")
    )


def seasons_with_member_counts() -> QuerySet[Season]:
    return Season.objects.annotate(
        members=Count("enrolments", filter=Q(enrolments__left_on__isnull=True), distinct=True)
    )


def rotation_plans(season: Season | None) -> QuerySet[RotationPlan]:
    return (
        RotationPlan.objects.filter(season=season)
        .select_related("published_by")
        .annotate(participant_count=Count("participants", distinct=True))
        .prefetch_related("roles", "committees")
    )


def grant_rows() -> list[dict]:
    """The delegations grid: one row per capability, one ticked or empty cell per committee
    and per role. A cell's value is ``"<capability>:<committee|role>:<id>"``."""
    committees = list(Committee.objects.all())
    roles = list(Role.objects.select_related("committee"))
    granted = {
        f"{g.capability}:{'committee' if g.committee_id else 'role'}:{g.committee_id or g.role_id}"
        for g in PermissionGrant.objects.all()
    }

    def cells(code: str, kind: str, holders: list) -> list[dict]:
        return [
            {
                "value": f"{code}:{kind}:{holder.pk}",
                "holder": holder,
                "checked": f"{code}:{kind}:{holder.pk}" in granted,
            }
            for holder in holders
        ]

    return [
        {
            "capability": capability,
            "committees": cells(capability.code, "committee", committees),
            "roles": cells(capability.code, "role", roles),
        }
        for capability in all_capabilities()
    ]


def skills_to_confirm() -> dict:
    """The skills active members hold: those only declared (to confirm), and those confirmed or
    earned, with who confirmed them. One query."""
    rows = list(
        MemberSkill.objects.filter(user__is_active=True, user__role=User.Role.MEMBER)
        .select_related("user", "skill", "confirmed_by")
        .order_by("user__first_name", "user__last_name", "user_id", "skill__order", "skill__name")
    )
    return {
        "declared": [held for held in rows if not held.is_vouched_for],
        "vouched": [held for held in rows if held.is_vouched_for],
    }


# --- A person's data (RGPD: right of access) ------------------------------------------------


def member_personal_data(user: User) -> PersonalData:
    """Everything the cooperative holds about ``user``: what members keeps (profile, consent,
    skills, seasons, committees, roles, dates away, portfolio) and what the apps above
    registered (jobs and hours, votes, ...). A fixed number of queries."""
    user = User.objects.select_related("profile").get(pk=user.pk)
    profile = user.member_profile
    identity = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.get_role_display(),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
    }
    columns = [
        ("username", _("username")),
        ("first_name", _("first name")),
        ("last_name", _("last name")),
        ("email", _("email")),
        ("role", _("role")),
        ("date_joined", _("account created on")),
        ("last_login", _("last login")),
        ("is_active", _("account active")),
    ]
    if profile is not None:
        identity |= {name: getattr(profile, name) for name in PROFILE_EXPORT}
        columns += [(name, profile._meta.get_field(name).verbose_name) for name in PROFILE_EXPORT]
    sections = [
        section("profile", _("Profile and consent"), columns, [identity]),
        section(
            "skills",
            _("Skills"),
            [("skill__name", _("skill")), ("certificate_until", _("certificate valid until"))],
            MemberSkill.objects.filter(user=user).select_related("skill"),
        ),
        section(
            "seasons",
            _("Seasons"),
            [
                ("season__year", _("season")),
                ("joined_on", _("joined on")),
                ("left_on", _("left on")),
            ],
            Enrolment.objects.filter(user=user).select_related("season").order_by("joined_on"),
        ),
        section(
            "committees",
            _("Committees"),
            [("committee__name", _("committee")), ("starts_on", _("from")), ("ends_on", _("to"))],
            CommitteeMembership.objects.filter(user=user).select_related("committee"),
        ),
        section(
            "roles",
            _("Roles"),
            [("role__name", _("role")), ("starts_on", _("from")), ("ends_on", _("to"))],
            RoleAssignment.objects.filter(user=user).select_related("role"),
        ),
        section(
            "absences",
            _("Dates away"),
            [("starts_on", _("from")), ("ends_on", _("to")), ("reason", _("reason"))],
            Absence.objects.filter(user=user),
        ),
        section(
            "portfolio",
            _("Skills portfolio"),
            [
                ("happened_on", _("date")),
                ("title", _("what I learned or practised")),
                ("reflection", _("reflection")),
            ],
            PortfolioEntry.objects.filter(user=user),
        ),
    ]
    for source in member_sources():
        sections += source(user)
    notes = [
        _(
            "Secret ballots record that you voted, never your choice: no one can export it. "
            "Invoices are kept 10 years, as French law requires, even after an erasure."
        )
    ]
    return PersonalData(subject=str(user), sections=sections, notes=notes)


PROFILE_EXPORT = (
    "date_of_birth",
    "phone",
    "guardian_name",
    "guardian_phone",
    "guardian_email",
    "parental_authorization_received_on",
    "emergency_contact_name",
    "emergency_contact_phone",
    "adult_from",
    "private_facts_forgotten_on",
)


def qr_code_svg(text: str) -> SafeString:
    """``text`` as a QR code, an SVG of paths only (no style: the strict CSP allows it
    inline), drawn here: nothing leaves the site, not even the secret."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return mark_safe(image.to_string(encoding="unicode"))  # our own drawing


def two_factor_context(user: User) -> dict:
    """The Account security page: on (since when, backup codes left), or being set up (the
    secret as a QR code and as text), or off. Two queries at most."""
    if user.two_factor_enabled:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        left = StaticToken.objects.filter(device__user=user).count()
        return {"enabled": True, "device": device, "backup_codes_left": left}
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if pending is None:
        return {"enabled": False, "pending": None}
    secret = b32encode(pending.bin_key).decode()
    return {
        "enabled": False,
        "pending": pending,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr_svg": qr_code_svg(pending.config_url),
    }


_TOWNS = QueryShape(lambda: Town.objects.all())


def served_towns() -> list[Town]:
    """The towns the cooperative works in, as the residents' pages list them (its SQL
    compiled once: the home page and the request form read it on every view)."""
    return _TOWNS.instances()


class ServedTown(NamedTuple):
    """A town served as the request form lists it (``{% towns_served %}`` reads its name and
    postcode): a row, which the form's shared HTML is keyed on."""

    name: str
    postal_code: str


_TOWN_ROWS = QueryShape(lambda: Town.objects.values_list("name", "postal_code"))


def served_town_rows() -> tuple[ServedTown, ...]:
    """The towns of ``served_towns``, in its order, as rows: the blank request form reads them
    at each request to know whether the HTML it keeps still lists the right ones."""
    return tuple(map(ServedTown._make, _TOWN_ROWS.rows()))


_SERVING = QueryShape(lambda code, area: Town.objects.with_codes(code, area), str, str)


def towns_serving(postal_code: str) -> list[Town]:
    """``list(Town.objects.serving(postal_code))``, its SQL compiled once: every request
    form sent reads it."""
    code = normalize_postal_code(postal_code)
    return _SERVING.instances(code, code[:3]) if code else []
