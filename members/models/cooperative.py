"""The frame the work belongs to: the ``Cooperative`` (one editable row), the ``Town`` list
of the territory served, the ``Season`` (one summer; everything belongs to one) and the
``Enrolment`` of a member in a season."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cjs.db import CompiledQuery

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

# The law's side of each limit: a cooperative may make a limit stricter than its country's
# preset, never looser. "max": the value may only go down; "min": only up.
NOON = dt.time(12, 0)
LEGAL_FLOOR_SIDES: dict[str, str] = {
    "minor_max_hours_per_day": "max",
    "minor_max_hours_per_week": "max",
    "minor_min_daily_rest_hours": "min",
    "minor_min_consecutive_rest_days": "min",
    # The night starts in the evening (no later than the law's hour) and ends in the morning
    # (no earlier than the law's hour).
    "minor_night_start": "max",
    "minor_night_end": "min",
    "minor_break_after_minutes": "max",
    "minor_break_minutes": "min",
}


def legal_floor_breaches(country: str, values: dict[str, object]) -> dict[str, object]:
    """The fields of ``values`` looser than the law of ``country`` (its preset), each with
    the legal value it may not pass."""
    preset = MINOR_LIMIT_PRESETS.get(country)
    if preset is None:
        return {}
    breaches: dict[str, object] = {}
    for field, side in LEGAL_FLOOR_SIDES.items():
        value, legal = values.get(field), preset[field]
        if value is None:
            continue
        if (side == "max" and value > legal) or (side == "min" and value < legal):
            breaches[field] = legal
    if values.get("minor_night_start") is not None and values["minor_night_start"] < NOON:
        breaches["minor_night_start"] = preset["minor_night_start"]
    if values.get("minor_night_end") is not None and values["minor_night_end"] > NOON:
        breaches["minor_night_end"] = preset["minor_night_end"]
    if preset["minor_no_public_holidays"] and values.get("minor_no_public_holidays") is False:
        breaches["minor_no_public_holidays"] = True
    return breaches


def _within_law(country: str) -> Q:
    preset = MINOR_LIMIT_PRESETS[country]
    condition = Q(
        country=country,
        minor_night_start__gte=NOON,
        minor_night_end__lte=NOON,
    )
    for field, side in LEGAL_FLOOR_SIDES.items():
        condition &= Q(**{f"{field}__{'lte' if side == 'max' else 'gte'}": preset[field]})
    if preset["minor_no_public_holidays"]:
        condition &= Q(minor_no_public_holidays=True)
    return condition


def within_the_law() -> Q:
    """The check constraint: the minors' limits are the country's preset or stricter."""
    condition = Q()
    for country in MINOR_LIMIT_PRESETS:
        condition |= _within_law(country)
    return condition


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

    # The audit trail (django-simple-history, see README "Libraries"). The French and English
    # columns of the home page texts (``members/translation.py``) come after the history table
    # is made: it keeps ``tagline`` and ``public_description`` as the saver read them.
    history = HistoricalRecords(
        excluded_fields=[
            "tagline_fr",
            "tagline_en",
            "public_description_fr",
            "public_description_en",
        ]
    )

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperative")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="cooperative_singleton"),
            models.CheckConstraint(
                condition=within_the_law(),
                name="cooperative_minor_limits_within_the_law",
                violation_error_message=_(
                    "The minors' working-time limits may be made stricter than the law of "
                    "the country, never looser."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Each minors' limit looser than the law of the country is refused on its field,
        saying the legal value (the database refuses it too)."""
        super().clean()
        values = {field: getattr(self, field) for field in LEGAL_FLOOR_SIDES}
        values["minor_no_public_holidays"] = self.minor_no_public_holidays
        breaches = legal_floor_breaches(self.country, values)
        if breaches:
            raise ValidationError(
                {
                    field: ValidationError(
                        _("The law of %(country)s allows no looser value than %(legal)s."),
                        params={
                            "country": self.get_country_display(),
                            "legal": _legal_text(legal),
                        },
                        code="legal_floor",
                    )
                    for field, legal in breaches.items()
                }
            )

    @classmethod
    def load(cls) -> Cooperative:
        """The one row, created on first use. Every request reads it: its query is compiled
        once per process (``CompiledQuery``), the row read afresh each time."""
        for cooperative in cooperative_query(connection.vendor).instances():
            return cooperative
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


@functools.lru_cache(maxsize=4)
def cooperative_query(vendor: str) -> CompiledQuery:
    """The one row's query, compiled once per process (``Cooperative.load``, and the
    request's cooperative and season read together: ``members.middleware``)."""
    return CompiledQuery.of(Cooperative.objects.filter(pk=1))


def _legal_text(value: object) -> str:
    if value is True:
        return str(_("yes"))
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


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
        return self.with_codes(code, code[:3])

    def with_codes(self, code: str, area: str) -> TownQuerySet:
        """Towns whose postal code is ``code`` or ``area`` (both normalized)."""
        return self.filter(Q(postal_code=code) | Q(postal_code=area))


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
    # Set by ``manage.py seed_demo`` only: the demo's season follows today's date, so outside
    # June-September the pages say it is a summer moved to today rather than pass it off as one.
    is_demo = models.BooleanField(_("demo season"), default=False, editable=False)

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

    def clean(self) -> None:
        # A summer never crosses a calendar year: the season of ``year`` lies in ``year``.
        # (A model check, not a constraint: the test factories' season follows today.)
        for field in ("starts_on", "ends_on"):
            day = getattr(self, field)
            if day is not None and self.year is not None and day.year != self.year:
                message = _("The season %(year)s must lie within the year %(year)s.")
                raise ValidationError({field: ValidationError(message, params={"year": self.year})})

    @property
    def is_shifted_demo(self) -> bool:
        """A demo season moved to today's date that is not a summer (June to September)."""
        return self.is_demo and not (
            6 <= self.starts_on.month <= 9 and 6 <= self.ends_on.month <= 9
        )

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


def active_enrolment(to: str = "") -> Q:
    """An enrolment still running (not left) of a user still active, reached from another
    model through ``to`` (``"enrolments__"`` from a season), as ``not_cleared_flag`` does."""
    return Q(**{f"{to}left_on__isnull": True, f"{to}user__is_active": True})


class EnrolmentQuerySet(models.QuerySet):
    def active(self) -> EnrolmentQuerySet:
        return self.filter(active_enrolment())


class Enrolment(models.Model):
    """A member taking part in a season."""

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("season")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("member"),
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["season", "user"]
        constraints = [
            models.UniqueConstraint(fields=["season", "user"], name="enrolment_unique_per_season")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.season}"
