"""The people of the cooperative and the frame their work belongs to.

- ``User``: one account per person, a *leader* (adult youth leader) or a *member* (youth).
- ``Cooperative``: the single editable record of the cooperative this site runs.
- ``Town``: the territory served (towns and postal codes).
- ``Season``: one summer; every request, job, role, meeting and sum of money belongs to one.
- ``Enrolment``: who takes part in which season (returning members are enrolled again).
- ``Committee``, ``Role`` and their dated ``CommitteeMembership`` / ``RoleAssignment``.
- ``PermissionGrant``: a leader's capability delegated to a committee or a role.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_leader(self) -> bool:
        """Leaders (and superusers) run the site; they hold every capability."""
        return self.is_active and (self.role == self.Role.LEADER or self.is_superuser)

    @property
    def is_member(self) -> bool:
        return self.is_active and self.role == self.Role.MEMBER


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
            models.UniqueConstraint(fields=["postal_code", "name"], name="town_unique_code_name")
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
                fields=["status"], condition=Q(status="current"), name="season_single_current"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="season_ends_after_start"
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
        from members.permissions import capability_label

        return f"{capability_label(self.capability)} → {self.committee or self.role}"
