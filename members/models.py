"""The people of the cooperative and the frame their work belongs to.

- ``User``: one account per person, a *leader* (adult youth leader) or a *member* (youth).
- ``Cooperative``: the single editable record of the cooperative this site runs.
- ``Town``: the territory served (towns and postal codes).
- ``Season``: one summer; every request, job, role, meeting and sum of money belongs to one.
- ``Enrolment``: who takes part in which season (returning members are enrolled again).
- ``Committee``, ``Role`` and their dated ``CommitteeMembership`` / ``RoleAssignment``.
- ``PermissionGrant``: a leader's capability delegated to a committee or a role.
- ``MemberProfile`` (``user.profile``), ``MemberSkill`` and ``Absence``: who a member is, what
  they can do and when they are away; they answer "may this member work on that day?".
- ``RotationPlan`` and its ``RotationSeat`` rows: the rotation of roles or committees, which
  publishing turns into ``RoleAssignment`` / ``CommitteeMembership`` rows.
- ``PortfolioEntry``: the skills portfolio (boîte à compétences) of each member.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.capability_registry import capability_label


def eighteen_years_before(day: dt.date) -> dt.date:
    """Whoever was born on that day or before is an adult on ``day``."""
    try:
        return day.replace(year=day.year - 18)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 18, day=28)


class UserQuerySet(models.QuerySet):
    def members(self) -> UserQuerySet:
        return self.filter(role=User.Role.MEMBER)

    def minors_on(self, day: dt.date) -> UserQuerySet:
        """Under 18 on ``day``, or with no date of birth recorded (see ``is_minor_on``)."""
        return self.filter(
            Q(profile__date_of_birth__isnull=True)
            | Q(profile__date_of_birth__gt=eighteen_years_before(day))
        )

    def adults_on(self, day: dt.date) -> UserQuerySet:
        return self.filter(profile__date_of_birth__lte=eighteen_years_before(day))

    def not_cleared_on(self, day: dt.date) -> UserQuerySet:
        """Members who may not work on ``day`` for want of a date of birth or of the parental
        authorization (the database twin of ``MemberProfile.is_cleared_on``)."""
        return self.minors_on(day).filter(
            Q(profile__date_of_birth__isnull=True)
            | Q(profile__parental_authorization_received_on__isnull=True)
            | Q(profile__parental_authorization_received_on__gt=day)
            | Q(profile__parental_authorization_received_on__lt=day - AUTHORIZATION_LASTS)
        )

    def enrolled_in(self, season: Season) -> UserQuerySet:
        """Members taking part in ``season`` (enrolled, not left, account active)."""
        return self.filter(
            pk__in=Enrolment.objects.filter(season=season).active().values("user_id")
        )

    def with_work_facts(self) -> UserQuerySet:
        """Load, in a fixed number of queries, everything the work rules read: the profile,
        the skills held, the dates away and the enrolment in the current season. The users
        then answer ``can_work_on``, ``work_refusal_on``, ``is_available``, ``holds_skill``,
        ``age_on``, ``is_minor_on`` and ``is_cleared_on`` without another query."""
        return self.select_related("profile").prefetch_related(
            Prefetch("member_skills", queryset=MemberSkill.objects.select_related("skill")),
            "absences",
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.filter(season__status=Season.Status.CURRENT),
                to_attr="current_enrolments",
            ),
        )


class CJSUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # ``createsuperuser`` makes the first leader of a new installation.
        extra_fields.setdefault("role", User.Role.LEADER)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    class Role(models.TextChoices):
        LEADER = "leader", _("youth leader")
        MEMBER = "member", _("member")

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Asks for a new password at the next login (first login)."),
    )

    objects = CJSUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    # The work facts of a member, answered by their profile (see ``MemberProfile``). A user
    # without a profile (a leader) has no age on record and never takes jobs.

    @property
    def member_profile(self) -> MemberProfile | None:
        try:
            return self.profile
        except MemberProfile.DoesNotExist:
            return None

    def age_on(self, day: dt.date) -> int | None:
        profile = self.member_profile
        return profile.age_on(day) if profile else None

    def is_minor_on(self, day: dt.date) -> bool:
        profile = self.member_profile
        return profile.is_minor_on(day) if profile else False

    def is_cleared_on(self, day: dt.date) -> bool:
        profile = self.member_profile
        return profile.is_cleared_on(day) if profile else True

    def can_work_on(self, day: dt.date) -> bool:
        return self.work_refusal_on(day) is None

    def work_refusal_on(self, day: dt.date) -> str | None:
        profile = self.member_profile
        if profile is None:
            return gettext("Only members take jobs.")
        return profile.work_refusal_on(day)

    def is_available(self, day: dt.date, start: dt.time, end: dt.time) -> bool:
        profile = self.member_profile
        return profile.is_available(day, start, end) if profile else False

    def holds_skill(self, skill: Skill | int, on: dt.date) -> bool:
        profile = self.member_profile
        return profile.holds_skill(skill, on) if profile else False

    @property
    def is_leader(self) -> bool:
        """Leaders (and superusers) run the site; they hold every capability."""
        return self.is_active and (self.role == self.Role.LEADER or self.is_superuser)

    @property
    def is_member(self) -> bool:
        return self.is_active and self.role == self.Role.MEMBER

    def reads_private_facts_of(self, member_id: int | None) -> bool:
        """What tells about a member's age, guardian's authorization or working-time limits
        is for the leaders and the member themselves, never for other members, delegates
        included."""
        return self.is_leader or (member_id is not None and self.pk == member_id)


# Working-time limits for minors, per country (see shared/DOMAIN.md). The cooperative starts
# from a preset and may adjust every value.
MINOR_LIMIT_PRESETS: dict[str, dict[str, object]] = {
    "FR": {
        "currency": "EUR",
        "minor_max_hours_per_day": Decimal("8"),
        "minor_max_hours_per_week": Decimal("35"),
        "minor_min_daily_rest_hours": 12,
        "minor_min_consecutive_rest_days": 2,
        "minor_night_start": dt.time(22, 0),
        "minor_night_end": dt.time(6, 0),
        "minor_no_public_holidays": True,
        "minor_break_after_minutes": 270,
        "minor_break_minutes": 30,
    },
    "QC": {
        "currency": "CAD",
        "minor_max_hours_per_day": Decimal("8"),
        "minor_max_hours_per_week": Decimal("40"),
        "minor_min_daily_rest_hours": 8,
        "minor_min_consecutive_rest_days": 1,
        "minor_night_start": dt.time(23, 0),
        "minor_night_end": dt.time(6, 0),
        "minor_no_public_holidays": False,
        "minor_break_after_minutes": 300,
        "minor_break_minutes": 30,
    },
}


class Cooperative(models.Model):
    """The one cooperative this site runs (a single row, id 1)."""

    class Country(models.TextChoices):
        FRANCE = "FR", _("France")
        QUEBEC = "QC", _("Quebec")

    class Currency(models.TextChoices):
        EUR = "EUR", _("Euro (€)")
        CAD = "CAD", _("Canadian dollar ($)")

    name = models.CharField(_("name"), max_length=120)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    public_description = models.TextField(
        _("public presentation"),
        blank=True,
        help_text=_("Shown to residents on the home page. Blank lines separate paragraphs."),
    )
    country = models.CharField(
        _("country preset"), max_length=2, choices=Country.choices, default=Country.FRANCE
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    default_hourly_rate = models.DecimalField(
        _("default hourly rate"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("12.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Per member and per hour, used when a service has no rate of its own."),
    )

    minor_max_hours_per_day = models.DecimalField(
        _("minors: maximum hours a day"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
    )
    minor_max_hours_per_week = models.DecimalField(
        _("minors: maximum hours a week"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("35"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("168"))],
    )
    minor_min_daily_rest_hours = models.PositiveSmallIntegerField(
        _("minors: consecutive hours of rest between working days"),
        default=12,
        validators=[MaxValueValidator(24)],
    )
    minor_min_consecutive_rest_days = models.PositiveSmallIntegerField(
        _("minors: consecutive rest days a week"), default=2, validators=[MaxValueValidator(7)]
    )
    minor_night_start = models.TimeField(_("minors: no work from"), default=dt.time(22, 0))
    minor_night_end = models.TimeField(_("minors: no work until"), default=dt.time(6, 0))
    minor_no_public_holidays = models.BooleanField(
        _("minors: no work on public holidays"), default=True
    )
    minor_break_after_minutes = models.PositiveSmallIntegerField(
        _("minors: a break is due after (minutes of work)"), default=270
    )
    minor_break_minutes = models.PositiveSmallIntegerField(
        _("minors: length of the break (minutes)"), default=30
    )

    # The fair head start: a new job is first shown only to the members with the fewest
    # hours so far, for this many hours, then to everyone (see ``services.fairness``).
    head_start_enabled = models.BooleanField(
        _("fair head start for new jobs"),
        default=True,
        help_text=_(
            "A new job is first shown only to the members who have worked the fewest hours "
            "so far, then to everyone."
        ),
    )
    head_start_hours = models.PositiveSmallIntegerField(
        _("length of the head start (hours)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
    )

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperative")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="cooperative_singleton")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> Cooperative:
        cooperative, _created = cls.objects.get_or_create(
            pk=1, defaults={"name": "Coopérative Jeunesse de Services"}
        )
        return cooperative

    def apply_country_preset(self) -> None:
        """Reset the currency and the minors' limits to the preset of ``self.country``."""
        for field, value in MINOR_LIMIT_PRESETS[self.country].items():
            setattr(self, field, value)

    @property
    def babel_locale_suffix(self) -> str:
        return "CA" if self.country == self.Country.QUEBEC else "FR"


def normalize_postal_code(raw: str) -> str:
    """Upper-case without spaces: ``"h2x 1y4"`` -> ``"H2X1Y4"``, ``" 26000"`` -> ``"26000"``."""
    return "".join(raw.split()).upper()


class TownQuerySet(models.QuerySet):
    def serving(self, postal_code: str) -> TownQuerySet:
        """Towns whose postal code matches: exactly (France) or by the first three characters,
        the forward sortation area, when the territory lists one (Quebec, ``H2X``)."""
        code = normalize_postal_code(postal_code)
        if not code:
            return self.none()
        return self.filter(Q(postal_code=code) | Q(postal_code=code[:3]))


class Town(models.Model):
    """A town of the territory served."""

    name = models.CharField(_("town"), max_length=100)
    postal_code = models.CharField(
        _("postal code"),
        max_length=10,
        help_text=_("Five digits in France; in Quebec a full code or its first three characters."),
    )

    objects = TownQuerySet.as_manager()

    class Meta:
        verbose_name = _("town served")
        verbose_name_plural = _("towns served")
        ordering = ["name", "postal_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["postal_code", "name"],
                name="town_unique_code_name",
                violation_error_message=_("This town is already listed with this postal code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.postal_code})"

    def save(self, *args, **kwargs) -> None:
        self.postal_code = normalize_postal_code(self.postal_code)
        super().save(*args, **kwargs)


class Skill(models.Model):
    """Something a member knows how to do (gardening, babysitting, ...), a list leaders manage.
    Services require skills; members hold them."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    requires_certificate = models.BooleanField(
        _("needs a certificate"),
        default=False,
        help_text=_("A member holds this skill only with a certificate (babysitting: PSC1, BAFA)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class SeasonQuerySet(models.QuerySet):
    def current(self) -> Season | None:
        return self.filter(status=Season.Status.CURRENT).first()


class Season(models.Model):
    """One summer of the cooperative. Exactly one season is current; the others are archives."""

    class Status(models.TextChoices):
        CURRENT = "current", _("current")
        ARCHIVED = "archived", _("archived")

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CURRENT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SeasonQuerySet.as_manager()

    class Meta:
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="current"),
                name="season_single_current",
                violation_error_message=_(
                    "Another season is already current: archive it before making this one current."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="season_ends_after_start",
                violation_error_message=_("The last day of the season must come after the first."),
            ),
        ]

    def __str__(self) -> str:
        return _("Summer %(year)s") % {"year": self.year}

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED

    def week_starts(self) -> list[dt.date]:
        """The Mondays of the weeks the season touches, first to last."""
        monday = self.starts_on - dt.timedelta(days=self.starts_on.weekday())
        weeks = []
        while monday <= self.ends_on:
            weeks.append(monday)
            monday += dt.timedelta(weeks=1)
        return weeks

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class EnrolmentQuerySet(models.QuerySet):
    def active(self) -> EnrolmentQuerySet:
        return self.filter(left_on__isnull=True, user__is_active=True)


class Enrolment(models.Model):
    """A member taking part in a season."""

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("season")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("member")
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["season", "user"]
        constraints = [
            models.UniqueConstraint(fields=["season", "user"], name="enrolment_unique_per_season")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.season}"


def _duty_lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class Committee(models.Model):
    """A committee of the cooperative. The board (``is_board``) gathers every member."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    duties = models.TextField(_("duties"), blank=True, help_text=_("One duty per line."))
    is_board = models.BooleanField(
        _("board of all members"),
        default=False,
        help_text=_("Every member of the season belongs to it without being assigned."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def duty_list(self) -> list[str]:
        return _duty_lines(self.duties)


class Role(models.Model):
    """A responsibility held by one member at a time (an officer, a weekly role)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("committee"),
    )
    description = models.TextField(_("description"), blank=True)
    duties = models.TextField(_("duties"), blank=True, help_text=_("One duty per line."))
    is_officer = models.BooleanField(
        _("officer"), default=False, help_text=_("Elected by the board (présidence, ...).")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def duty_list(self) -> list[str]:
        return _duty_lines(self.duties)


class DatedQuerySet(models.QuerySet):
    def on(self, day: dt.date) -> DatedQuerySet:
        """Rows running on ``day`` (both ends included)."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class CommitteeMembership(models.Model):
    """A member sits on a committee from ``starts_on`` to ``ends_on`` (included)."""

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="committee_memberships"
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("committee")
    )
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="committee_memberships",
        verbose_name=_("member"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    plan = models.ForeignKey(
        "RotationPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_memberships",
        verbose_name=_("rotation"),
        help_text=_("The published rotation this membership comes from, if any."),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        ordering = ["starts_on", "committee"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="membership_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["committee", "user", "starts_on"], name="membership_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.committee} ({self.starts_on:%d/%m} – {self.ends_on:%d/%m})"


class RoleAssignment(models.Model):
    """A member holds a role from ``starts_on`` to ``ends_on`` (included)."""

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("role")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("member")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    plan = models.ForeignKey(
        "RotationPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("rotation"),
        help_text=_("The published rotation this assignment comes from, if any."),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["starts_on", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="assignment_ends_after_start"
            ),
            models.UniqueConstraint(fields=["role", "starts_on"], name="assignment_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.role} ({self.starts_on:%d/%m} – {self.ends_on:%d/%m})"


class PermissionGrant(models.Model):
    """A capability (see ``members.permissions``) delegated to a committee or to a role.

    The capability code has no ``choices`` here: each app registers its capabilities in code,
    and the forms validate against that registry.
    """

    capability = models.CharField(_("capability"), max_length=40)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("committee"),
    )
    role = models.ForeignKey(
        Role,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("role"),
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegated permission")
        verbose_name_plural = _("delegated permissions")
        ordering = ["capability"]
        constraints = [
            models.CheckConstraint(
                condition=Q(committee__isnull=False, role__isnull=True)
                | Q(committee__isnull=True, role__isnull=False),
                name="grant_one_holder",
            ),
            models.UniqueConstraint(
                fields=["capability", "committee"],
                condition=Q(committee__isnull=False),
                name="grant_unique_committee",
            ),
            models.UniqueConstraint(
                fields=["capability", "role"],
                condition=Q(role__isnull=False),
                name="grant_unique_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{capability_label(self.capability)} → {self.committee or self.role}"


# --- Member profiles --------------------------------------------------------------------------

# A guardian signs the parental authorization for one summer: last summer's does not clear a
# minor this summer (it lasts a year from the day it was received, whatever the season dates).
AUTHORIZATION_LASTS = dt.timedelta(days=365)

WEEKDAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]
HALF_DAY_NAMES = [_("morning"), _("afternoon")]
AFTERNOON_STARTS = dt.time(13, 0)
EVERY_HALF_DAY = (1 << 14) - 1


def half_day_bit(weekday: int, afternoon: bool) -> int:
    """Weekly availability is 14 bits: bit ``2 * weekday`` the morning (before 13:00), the
    next one the afternoon."""
    return 1 << (2 * weekday + int(afternoon))


class MemberProfile(models.Model):
    """What the cooperative knows about a member (one per member; leaders have none).

    Date of birth, guardian and emergency contact are personal data of minors: only leaders
    read them. The methods answer the work rules; use ``User.objects.with_work_facts()`` to
    ask them of many members without a query each.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="profile", verbose_name=_("member")
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    guardian_name = models.CharField(_("legal guardian"), max_length=120, blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=30, blank=True)
    guardian_email = models.EmailField(_("guardian's email"), blank=True)
    parental_authorization_received_on = models.DateField(
        _("parental authorization received on"),
        null=True,
        blank=True,
        help_text=_("The date the signed authorization of the legal guardian was received."),
    )
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=120, blank=True)
    emergency_contact_phone = models.CharField(
        _("emergency contact's phone"), max_length=30, blank=True
    )
    availability = models.PositiveSmallIntegerField(
        _("weekly availability"),
        default=EVERY_HALF_DAY,
        help_text=_("The half-days of the week the member can work."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(availability__lte=EVERY_HALF_DAY), name="profile_availability_bits"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    def age_on(self, day: dt.date) -> int | None:
        birth = self.date_of_birth
        if birth is None:
            return None
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

    def is_minor_on(self, day: dt.date) -> bool:
        """Under 18 on ``day``. An unknown date of birth counts as a minor: the rules that
        protect minors apply until a leader records it."""
        age = self.age_on(day)
        return age is None or age < 18

    def is_cleared_on(self, day: dt.date) -> bool:
        """An adult, or a minor whose parental authorization was received by ``day``, less
        than a year before (``AUTHORIZATION_LASTS``)."""
        return self.clearance_problem_on(day) is None

    def clearance_problem_on(self, day: dt.date) -> str | None:
        if self.date_of_birth is None:
            return gettext("Date of birth unknown: a youth leader must record it.")
        if not self.is_minor_on(day):
            return None
        received = self.parental_authorization_received_on
        if received is None or received > day:
            return gettext("Minor without the parental authorization.")
        if received < day - AUTHORIZATION_LASTS:
            return gettext(
                "Minor whose parental authorization (received on %(date)s) is more than a year "
                "old: a new one is needed each summer."
            ) % {"date": date_format(received, "SHORT_DATE_FORMAT")}
        return None

    def is_away_on(self, day: dt.date) -> bool:
        return any(a.starts_on <= day <= a.ends_on for a in self.user.absences.all())

    def is_enrolled_on(self, day: dt.date) -> bool:
        """Enrolled in the current season and not left by ``day``."""
        user = self.user
        enrolments = getattr(user, "current_enrolments", None)
        if enrolments is None:
            enrolments = Enrolment.objects.filter(user=user, season__status=Season.Status.CURRENT)
        return any(e.left_on is None or e.left_on > day for e in enrolments)

    def work_refusal_on(self, day: dt.date) -> str | None:
        """Why the member may not work on ``day``, or ``None`` when they may."""
        if not self.user.is_active:
            return gettext("This member's account is deactivated.")
        if not self.is_enrolled_on(day):
            return gettext("This member is not enrolled in the current season.")
        problem = self.clearance_problem_on(day)
        if problem:
            return problem
        if self.is_away_on(day):
            return gettext("This member is away that day.")
        return None

    def can_work_on(self, day: dt.date) -> bool:
        return self.work_refusal_on(day) is None

    def is_available_at(self, weekday: int, afternoon: bool) -> bool:
        return bool(self.availability & half_day_bit(weekday, afternoon))

    def is_available(self, day: dt.date, start: dt.time, end: dt.time) -> bool:
        """Free from ``start`` to ``end`` on ``day``: the half-days it touches are in the
        weekly availability, and the member is not away."""
        if self.is_away_on(day):
            return False
        weekday = day.weekday()
        if start < AFTERNOON_STARTS and not self.is_available_at(weekday, afternoon=False):
            return False
        return not (end > AFTERNOON_STARTS and not self.is_available_at(weekday, afternoon=True))

    def availability_rows(self) -> list[tuple[str, list[bool]]]:
        """``[(day name, [free in the morning, free in the afternoon]), ...]``."""
        return [
            (
                WEEKDAY_NAMES[day],
                [self.is_available_at(day, False), self.is_available_at(day, True)],
            )
            for day in range(7)
        ]

    def holds_skill(self, skill: Skill | int, on: dt.date) -> bool:
        """The member holds ``skill`` on ``on`` (with a valid certificate when it needs one)."""
        skill_id = skill if isinstance(skill, int) else skill.pk
        return any(
            held.skill_id == skill_id and held.is_valid_on(on)
            for held in self.user.member_skills.all()
        )


class MemberSkill(models.Model):
    """A skill a member holds. A skill that needs a certificate counts only while the
    certificate (checked by a leader) is valid."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="member_skills", verbose_name=_("member")
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="holders", verbose_name=_("skill")
    )
    certificate_until = models.DateField(
        _("certificate valid until"),
        null=True,
        blank=True,
        help_text=_("Only for the skills that need a certificate; recorded by a youth leader."),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("skill held")
        verbose_name_plural = _("skills held")
        ordering = ["skill__order", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="member_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.skill}"

    def is_valid_on(self, day: dt.date) -> bool:
        if not self.skill.requires_certificate:
            return True
        return self.certificate_until is not None and self.certificate_until >= day


class Absence(models.Model):
    """Dates a member is away (holidays, exams), both ends included."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="absences", verbose_name=_("member")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("date away")
        verbose_name_plural = _("dates away")
        ordering = ["starts_on", "ends_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="absence_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.starts_on:%d/%m} – {self.ends_on:%d/%m})"


# --- Rotation -----------------------------------------------------------------------------------


class RotationPlanQuerySet(models.QuerySet):
    def published(self) -> RotationPlanQuerySet:
        return self.filter(published_at__isnull=False)


class RotationPlan(models.Model):
    """A rotation of roles (one member per role and week) or of committees (every member on
    one committee per period of one or more weeks), proposed by the planner, adjusted by the
    leaders, then published as assignments."""

    class Kind(models.TextChoices):
        ROLES = "roles", _("roles")
        COMMITTEES = "committees", _("committees")

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="rotation_plans", verbose_name=_("season")
    )
    kind = models.CharField(_("rotate"), max_length=12, choices=Kind.choices)
    first_week = models.DateField(_("first week"), help_text=_("The Monday of the first week."))
    weeks = models.PositiveSmallIntegerField(
        _("number of weeks"), validators=[MinValueValidator(1)]
    )
    weeks_per_period = models.PositiveSmallIntegerField(
        _("weeks per period"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How long members stay on a committee before moving on."),
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="+", verbose_name=_("roles"))
    committees = models.ManyToManyField(
        Committee, blank=True, related_name="+", verbose_name=_("committees")
    )
    participants = models.ManyToManyField(
        User, related_name="rotation_plans", verbose_name=_("members taking part")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_since_publication = models.BooleanField(default=False)

    objects = RotationPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        ordering = ["first_week", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weeks__gte=1), name="plan_at_least_one_week"),
            models.CheckConstraint(
                condition=Q(weeks_per_period__gte=1), name="plan_period_at_least_one_week"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Rotation of the %(kind)s from %(start)s to %(end)s") % {
            "kind": self.get_kind_display(),
            "start": self.first_week.strftime("%d/%m"),
            "end": self.last_day.strftime("%d/%m"),
        }

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_roles(self) -> bool:
        return self.kind == self.Kind.ROLES

    @property
    def last_day(self) -> dt.date:
        return self.first_week + dt.timedelta(weeks=self.weeks, days=-1)

    def mondays(self) -> list[dt.date]:
        return [self.first_week + dt.timedelta(weeks=i) for i in range(self.weeks)]

    def is_frozen(self, period_start: dt.date, today: dt.date) -> bool:
        """Once published, a period that has begun stays as published: it is history."""
        return self.is_published and period_start <= today


class RotationSeat(models.Model):
    """One seat of a plan: a role for a period (roles), or one member's place on a committee
    for a period (committees). ``user`` is empty when nobody could take it."""

    plan = models.ForeignKey(RotationPlan, on_delete=models.CASCADE, related_name="seats")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    role = models.ForeignKey(Role, on_delete=models.CASCADE, null=True, blank=True)
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, null=True, blank=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("rotation seat")
        verbose_name_plural = _("rotation seats")
        ordering = ["period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__isnull=False, committee__isnull=True)
                | Q(role__isnull=True, committee__isnull=False),
                name="seat_role_or_committee",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="seat_ends_after_start"
            ),
            # One holder per role and period; one committee per member and period.
            models.UniqueConstraint(
                fields=["plan", "period_start", "role"],
                condition=Q(role__isnull=False),
                name="seat_one_per_role_and_period",
            ),
            models.UniqueConstraint(
                fields=["plan", "period_start", "user"],
                condition=Q(committee__isnull=False),
                name="seat_one_committee_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role or self.committee} {self.period_start:%d/%m}: {self.user or '–'}"

    @property
    def slot(self) -> Role | Committee:
        return self.role or self.committee  # type: ignore[return-value]

    @property
    def slot_id(self) -> int:
        return self.role_id or self.committee_id  # type: ignore[return-value]


# --- Skills portfolio ---------------------------------------------------------------------------


class PortfolioEntryQuerySet(models.QuerySet):
    def confirmed(self) -> PortfolioEntryQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def to_confirm(self) -> PortfolioEntryQuerySet:
        return self.filter(confirmed_at__isnull=True)


class PortfolioEntry(models.Model):
    """An entry of a member's skills portfolio (boîte à compétences): something learned or
    practised, with a short reflection, confirmed by a youth leader."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="portfolio_entries", verbose_name=_("member")
    )
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="portfolio_entries", verbose_name=_("season")
    )
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("what I learned or practised"), max_length=140)
    reflection = models.TextField(
        _("reflection"),
        max_length=2000,
        help_text=_("A few lines: what you did, what went well, what you would do differently."),
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("skill")
    )
    role = models.ForeignKey(
        Role, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("role")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("committee")
    )
    # A job, a meeting...: an object of another app, offered by the sources registered in
    # ``members.portfolio``.
    activity_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    activity_id = models.PositiveBigIntegerField(null=True, blank=True)
    activity = GenericForeignKey("activity_type", "activity_id")
    confirmed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PortfolioEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("portfolio entry")
        verbose_name_plural = _("portfolio entries")
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["activity_type", "activity_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity_type__isnull=True, activity_id__isnull=True)
                | Q(activity_type__isnull=False, activity_id__isnull=False),
                name="portfolio_activity_complete",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


@receiver(post_save, sender=User)
def _give_members_a_profile(sender, instance: User, created: bool, raw: bool, **kwargs) -> None:
    """Every member has a profile, whoever created the account (a form, the back office)."""
    if raw or instance.role != User.Role.MEMBER:
        return
    update_fields = kwargs.get("update_fields")
    if created or update_fields is None or "role" in update_fields:
        MemberProfile.objects.get_or_create(user=instance)
