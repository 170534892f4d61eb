"""What residents ask for and the work it becomes.

- ``Service``: the catalogue (names and descriptions in French and English, price, skills).
- ``ServiceRequest``: a resident's request, followed through a private tracking link.
- ``Quote``: the price proposed for a request; at most one waits for the resident's answer.
- ``Job``: one piece of work on a date, done by a team of members (the Jobs issue staffs it).
- ``RequestEvent``: who did what and when, the leaders' log and the resident's timeline.
- ``Satisfaction``: the resident's rating once the work is done.

Status changes of requests and jobs go through ``services.workflow`` only.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Season, Skill, Town
from services.territory import fold_town_name

CENT = Decimal("0.01")


def _localized(french: str, english: str) -> str:
    """The English text on the English site when there is one, the French text otherwise."""
    if english and (translation.get_language() or "fr").startswith("en"):
        return english
    return french


def new_tracking_token() -> str:
    """An unguessable token for the resident's tracking link (144 random bits)."""
    return secrets.token_urlsafe(18)


class Pricing(models.TextChoices):
    HOURLY = "hourly", _("per hour and per member")
    FIXED = "fixed", _("fixed price")


class ServiceQuerySet(models.QuerySet):
    def active(self) -> ServiceQuerySet:
        return self.filter(is_active=True)


class Service(models.Model):
    """A service of the catalogue, as residents read it on the home page."""

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name_fr = models.CharField(_("name in French"), max_length=80, unique=True)
    name_en = models.CharField(_("name in English"), max_length=80, blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    pricing = models.CharField(
        _("pricing"), max_length=10, choices=Pricing.choices, default=Pricing.HOURLY
    )
    hourly_rate = models.DecimalField(
        _("hourly rate"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Per member and per hour. Leave empty to use the cooperative's default rate."),
    )
    fixed_price = models.DecimalField(
        _("fixed price"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The price of the whole service, for a fixed-price service."),
    )
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="services", verbose_name=_("skills required")
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(12), MaxValueValidator(25)],
        help_text=_("Members younger than this cannot take its jobs. Leave empty if any age."),
    )
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Only offered services are shown to residents.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["order", "name_fr"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pricing="hourly") | Q(fixed_price__isnull=False),
                name="service_fixed_price_set",
            ),
            models.CheckConstraint(
                condition=Q(hourly_rate__isnull=True) | Q(hourly_rate__gte=0),
                name="service_hourly_rate_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(fixed_price__isnull=True) | Q(fixed_price__gte=0),
                name="service_fixed_price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localized(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return _localized(self.description_fr, self.description_en)

    @property
    def is_fixed_price(self) -> bool:
        return self.pricing == Pricing.FIXED

    def rate(self, default_rate: Decimal) -> Decimal:
        """The hourly rate per member: the service's own, or the cooperative's default."""
        return self.hourly_rate if self.hourly_rate is not None else default_rate


class RequestStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("request status", "new")
    QUOTED = "quoted", pgettext_lazy("request status", "quote sent")
    ACCEPTED = "accepted", pgettext_lazy("request status", "accepted")
    SCHEDULED = "scheduled", pgettext_lazy("request status", "scheduled")
    DONE = "done", pgettext_lazy("request status", "done")
    CANCELLED = "cancelled", pgettext_lazy("request status", "cancelled")
    DECLINED = "declined", pgettext_lazy("request status", "declined")


class TimeOfDay(models.TextChoices):
    ANY = "any", _("any time")
    MORNING = "morning", _("morning")
    AFTERNOON = "afternoon", _("afternoon")
    EVENING = "evening", _("early evening")


CANCELLABLE_STATUSES = (
    RequestStatus.NEW,
    RequestStatus.QUOTED,
    RequestStatus.ACCEPTED,
    RequestStatus.SCHEDULED,
)


# What the inbox search looks in.
_SEARCHED_FIELDS = ("first_name", "last_name", "town_name", "postal_code")


def search_words(text: str) -> list[str]:
    """``"Hélène St-Étienne"`` -> ``["helene", "saint", "etienne"]``: what the inbox search
    compares, so that a leader typing on a phone without accents finds ``Hélène``."""
    return fold_town_name(text).split()


class ServiceRequestQuerySet(models.QuerySet):
    def search(self, text: str) -> ServiceRequestQuerySet:
        """Requests whose resident's name, town or postal code contains each word of ``text``,
        accents and case aside."""
        for word in search_words(text):
            self = self.filter(search_text__contains=word)
        return self

    def with_lapsed_quote(self, today: dt.date | None = None) -> ServiceRequestQuerySet:
        """Annotate ``quote_lapsed``: the request waits on a quote whose validity has run out
        (the resident can no longer accept it: quote again, or close the request)."""
        lapsed = Quote.objects.filter(
            request=models.OuterRef("pk"),
            status=QuoteStatus.PENDING,
            valid_until__lt=today or timezone.localdate(),
        )
        return self.annotate(
            quote_lapsed=models.Case(
                models.When(status=RequestStatus.QUOTED, then=models.Exists(lapsed)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def status_counts(self) -> dict[str, int]:
        """``{status: count}`` for every status (zeros included), in one query."""
        counts = dict.fromkeys(RequestStatus.values, 0)
        for row in self.order_by().values("status").annotate(n=models.Count("pk")):
            counts[row["status"]] = row["n"]
        return counts


class ServiceRequest(models.Model):
    """A resident's request for a service. The resident has no account: they follow it
    through ``token`` (the private tracking link), never through the id."""

    Status = RequestStatus

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="service_requests", verbose_name=_("season")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="requests", verbose_name=_("service")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    token = models.CharField(
        _("tracking token"), max_length=40, unique=True, default=new_tracking_token, editable=False
    )
    form_token = models.UUIDField(
        _("form token"),
        unique=True,
        editable=False,
        help_text=_("Identifies the form that sent it, so that a double submission counts once."),
    )

    description = models.TextField(_("what you need"))
    wished_from = models.DateField(_("from"))
    wished_until = models.DateField(_("until"), null=True, blank=True)
    time_of_day = models.CharField(
        _("time of day"), max_length=10, choices=TimeOfDay.choices, default=TimeOfDay.ANY
    )
    estimated_hours = models.DecimalField(
        _("estimated duration (hours)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("80"))],
    )

    address = models.CharField(_("address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    town_name = models.CharField(_("town"), max_length=100)
    town = models.ForeignKey(
        Town,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("town served"),
    )

    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    phone = models.CharField(_("phone"), max_length=30)
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    consented_at = models.DateTimeField(_("consent given at"))

    decline_reason = models.TextField(_("reason for declining"), blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    satisfaction_reminded_at = models.DateTimeField(
        _("satisfaction reminder sent at"), null=True, blank=True
    )
    # The resident's name, town and postal code, folded (``search_words``), for the search.
    search_text = models.CharField(max_length=400, blank=True, editable=False)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["season", "status"], name="request_season_status"),
            models.Index(fields=["season", "-created_at"], name="request_season_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(wished_until__isnull=True) | Q(wished_until__gte=F("wished_from")),
                name="request_wished_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="request_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.full_name} ({self.town_name})"

    def save(self, *args, **kwargs) -> None:
        parts = (getattr(self, name) for name in _SEARCHED_FIELDS)
        self.search_text = " ".join(search_words(" ".join(parts)))[:400]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(_SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("services:request_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_tracking_url(self) -> str:
        return reverse("services:track", args=[self.token])

    @property
    def is_closed(self) -> bool:
        return self.status in {
            RequestStatus.DONE,
            RequestStatus.CANCELLED,
            RequestStatus.DECLINED,
        }

    def is_cancellable(self, jobs: Iterable[Job]) -> bool:
        """May it still be cancelled, given its ``jobs``? Not once the work has started."""
        return (
            self.status in CANCELLABLE_STATUSES
            and not self.season.is_archived
            and not work_has_started(jobs)
        )


class QuoteStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("quote status", "waiting for the resident")
    ACCEPTED = "accepted", pgettext_lazy("quote status", "accepted")
    DECLINED = "declined", pgettext_lazy("quote status", "declined by the resident")
    REPLACED = "replaced", pgettext_lazy("quote status", "replaced by a new quote")
    WITHDRAWN = "withdrawn", pgettext_lazy("quote status", "withdrawn")


class Quote(models.Model):
    """The price proposed for a request: hours of work times a rate, or a fixed price."""

    Status = QuoteStatus

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("request")
    )
    pricing = models.CharField(
        _("pricing"), max_length=10, choices=Pricing.choices, default=Pricing.HOURLY
    )
    hours = models.DecimalField(
        _("hours of work"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("All members together: two members for three hours make six hours."),
    )
    hourly_rate = models.DecimalField(
        _("hourly rate"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(_("amount"), max_digits=9, decimal_places=2)
    note = models.TextField(_("note for the resident"), blank=True)
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=QuoteStatus.choices, default=QuoteStatus.PENDING
    )
    decline_reason = models.TextField(_("resident's reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quoted by"),
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="pending"),
                name="quote_one_pending_per_request",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="quote_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(pricing="fixed")
                | Q(hours__gt=0, hourly_rate__isnull=False, hourly_rate__gte=0),
                name="quote_hourly_has_hours_and_rate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} – {self.amount}"

    @staticmethod
    def hourly_amount(hours: Decimal, rate: Decimal) -> Decimal:
        return (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)

    def is_expired(self, today: dt.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.valid_until

    @property
    def is_lapsed(self) -> bool:
        """Still waiting for the resident, who can no longer accept it (the SQL twin:
        ``ServiceRequestQuerySet.with_lapsed_quote``)."""
        return self.status == QuoteStatus.PENDING and self.is_expired()


class JobStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("job status", "open")
    STAFFED = "staffed", pgettext_lazy("job status", "team complete")
    DONE = "done", pgettext_lazy("job status", "done")
    CANCELLED = "cancelled", pgettext_lazy("job status", "cancelled")


ACTIVE_JOB_STATUSES = (JobStatus.OPEN, JobStatus.STAFFED)


class JobQuerySet(models.QuerySet):
    def active(self) -> JobQuerySet:
        """Jobs still to do (open or staffed)."""
        return self.filter(status__in=ACTIVE_JOB_STATUSES)

    def upcoming(self, today: dt.date | None = None) -> JobQuerySet:
        """Active jobs from ``today`` on, soonest first."""
        today = today or timezone.localdate()
        return self.active().filter(date__gte=today).order_by("date", "starts_at", "pk")

    def overlapping(self, date: dt.date, starts_at: dt.time, ends_at: dt.time) -> JobQuerySet:
        """Jobs on ``date`` whose time range meets [starts_at, ends_at) (touching is fine)."""
        return self.filter(date=date, starts_at__lt=ends_at, ends_at__gt=starts_at)


class Job(models.Model):
    """One piece of work on a date for a request, done by ``seats`` members.

    The address is copied from the request (and may be edited), the hourly rate is copied at
    creation so that the pay shown to members does not move when the catalogue changes.
    Change ``status`` only through ``services.workflow.job_transition``.
    """

    Status = JobStatus

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("season")
    )
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("request")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("service")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("start"))
    ends_at = models.TimeField(_("end"))
    address = models.CharField(_("address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    town_name = models.CharField(_("town"), max_length=100)
    seats = models.PositiveSmallIntegerField(
        _("members needed"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="jobs", verbose_name=_("skills needed")
    )
    notes = models.TextField(
        _("notes for the team"),
        blank=True,
        help_text=_("Tools to bring, access code, what to watch out for..."),
    )
    hourly_rate = models.DecimalField(
        _("hourly rate"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Per member and per hour, copied from the quote or the catalogue."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.OPEN
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Goes up by one at every change of the job or of its status: the SEQUENCE of its
    # calendar events (RFC 5545), which must never go down.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    # When the date, the times or the seats last changed: a member not retained before that
    # may ask again.
    rescheduled_at = models.DateTimeField(_("rescheduled at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["date", "starts_at", "pk"]
        indexes = [
            models.Index(fields=["season", "date"], name="job_season_date"),
            models.Index(fields=["status", "date"], name="job_status_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="job_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="job_at_least_one_seat"),
            models.CheckConstraint(
                condition=Q(hourly_rate__gte=0), name="job_hourly_rate_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.date:%d/%m} {self.starts_at:%H:%M} ({self.town_name})"

    @property
    def starts(self) -> dt.datetime:
        """The start as an aware datetime in the site's time zone."""
        return timezone.make_aware(dt.datetime.combine(self.date, self.starts_at))

    @property
    def ends(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.ends_at))

    @property
    def duration_hours(self) -> Decimal:
        minutes = (self.ends - self.starts).total_seconds() / 60
        return (Decimal(int(minutes)) / 60).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES

    def has_started(self, now: dt.datetime | None = None) -> bool:
        return self.starts <= (now or timezone.now())


def work_has_started(jobs: Iterable[Job], now: dt.datetime | None = None) -> bool:
    """Has the work of these jobs started (a job done, or one still to do whose start passed)?"""
    now = now or timezone.now()
    return any(
        job.status == JobStatus.DONE or (job.is_active and job.has_started(now)) for job in jobs
    )


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("request received")
    NOTE = "note", _("note")
    QUOTED = "quoted", _("quote sent")
    QUOTE_ACCEPTED = "quote_accepted", _("quote accepted")
    QUOTE_DECLINED = "quote_declined", _("quote declined")
    DECLINED = "declined", _("request declined")
    CANCELLED = "cancelled", _("request cancelled")
    JOB_PLANNED = "job_planned", _("job planned")
    JOB_CHANGED = "job_changed", _("job changed")
    JOB_STAFFED = "job_staffed", _("team complete")
    JOB_REOPENED = "job_reopened", _("job open again")
    JOB_DONE = "job_done", _("job done")
    JOB_CANCELLED = "job_cancelled", _("job cancelled")
    RATED = "rated", _("satisfaction form received")


class RequestEvent(models.Model):
    """One line of a request's history: who did what, when.

    ``actor`` is the member or leader who acted; it is empty when the resident (``by_resident``)
    or the system acted. ``is_public`` events make the resident's timeline, which never names
    the members or leaders. ``data`` keeps the facts needed to describe the event later in any
    language (a job's date and times, a quote's amount).
    """

    Kind = EventKind

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    job = models.ForeignKey(
        Job,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("job"),
    )
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    by_resident = models.BooleanField(_("by the resident"), default=False)
    status_before = models.CharField(
        _("status before"), max_length=10, choices=RequestStatus.choices, blank=True
    )
    status_after = models.CharField(
        _("status after"), max_length=10, choices=RequestStatus.choices, blank=True
    )
    message = models.TextField(_("message"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    is_public = models.BooleanField(_("shown to the resident"), default=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"], name="event_request_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def status_changed(self) -> bool:
        return bool(self.status_after) and self.status_after != self.status_before

    @property
    def job_date(self) -> dt.date | None:
        value = self.data.get("date")
        return dt.date.fromisoformat(value) if value else None

    @property
    def job_starts_at(self) -> dt.time | None:
        value = self.data.get("starts_at")
        return dt.time.fromisoformat(value) if value else None

    @property
    def job_ends_at(self) -> dt.time | None:
        value = self.data.get("ends_at")
        return dt.time.fromisoformat(value) if value else None

    @property
    def amount(self) -> Decimal | None:
        value = self.data.get("amount")
        return Decimal(value) if value is not None else None


class Satisfaction(models.Model):
    """The resident's satisfaction form, once the work is done (one per request)."""

    SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]

    request = models.OneToOneField(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="satisfaction",
        verbose_name=_("request"),
    )
    punctuality = models.PositiveSmallIntegerField(_("punctuality"), validators=SCORE_VALIDATORS)
    quality = models.PositiveSmallIntegerField(
        _("quality of the work"), validators=SCORE_VALIDATORS
    )
    politeness = models.PositiveSmallIntegerField(_("politeness"), validators=SCORE_VALIDATORS)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("satisfaction form")
        verbose_name_plural = _("satisfaction forms")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(punctuality__gte=1, punctuality__lte=5)
                & Q(quality__gte=1, quality__lte=5)
                & Q(politeness__gte=1, politeness__lte=5),
                name="satisfaction_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} – {self.average}"

    @property
    def average(self) -> Decimal:
        total = Decimal(self.punctuality + self.quality + self.politeness)
        return (total / 3).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Teams: claims, replacements, hours, calendar ------------------------------------------


class ClaimStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("claim status", "waiting for approval")
    APPROVED = "approved", pgettext_lazy("claim status", "on the team")
    REJECTED = "rejected", pgettext_lazy("claim status", "not retained")
    WITHDRAWN = "withdrawn", pgettext_lazy("claim status", "withdrawn")
    REPLACED = "replaced", pgettext_lazy("claim status", "replaced")


# Claims that hold a seat of the job (or wait for one) and a slot in the member's time.
LIVE_CLAIM_STATUSES = (ClaimStatus.PENDING, ClaimStatus.APPROVED)
# Jobs whose claims count in a member's working time (cancelled jobs do not).
COUNTED_JOB_STATUSES = (JobStatus.OPEN, JobStatus.STAFFED, JobStatus.DONE)


# The claims that take a seat: members on the team (those who took someone's seat included)
# and claims waiting; an offer to replace someone takes no extra seat.
TAKES_A_SEAT = Q(status=ClaimStatus.APPROVED) | Q(
    status=ClaimStatus.PENDING, replacement__isnull=True
)

# A "no" that stands: an approver said no to the claim (or took the member off the team)
# since the job's date, times or seats last changed. The member may not ask again.
STANDING_REJECTION = Q(status=ClaimStatus.REJECTED, replacement__isnull=True) & (
    Q(job__rescheduled_at__isnull=True) | Q(decided_at__gt=F("job__rescheduled_at"))
)


class ClaimQuerySet(models.QuerySet):
    def live(self) -> ClaimQuerySet:
        return self.filter(status__in=LIVE_CLAIM_STATUSES)

    def standing_rejections(self) -> ClaimQuerySet:
        return self.filter(STANDING_REJECTION)

    def approved(self) -> ClaimQuerySet:
        return self.filter(status=ClaimStatus.APPROVED)

    def counted(self) -> ClaimQuerySet:
        """Live claims on jobs that are not cancelled: the member's working time."""
        return self.live().filter(job__status__in=COUNTED_JOB_STATUSES)


class Claim(models.Model):
    """A member on a job: asked for by the member (a claim waiting for approval) or assigned
    directly by an approver, then on the team (approved) until the work is done.

    Pending and approved claims of a job never exceed its seats (checked under the job's row
    lock in ``services.staffing``); a member has at most one live claim per job (database).
    """

    Status = ClaimStatus

    job = models.ForeignKey(
        Job, on_delete=models.PROTECT, related_name="claims", verbose_name=_("job")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="job_claims",
        verbose_name=_("member"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
        help_text=_("Set when an approver put the member on the team directly."),
    )
    replacement = models.ForeignKey(
        "Replacement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("replaces"),
        help_text=_("The replacement request this claim answers, if any."),
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("reason"), blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["member", "status"], name="claim_member_status"),
            models.Index(fields=["job", "status"], name="claim_job_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "member"],
                condition=Q(status__in=["pending", "approved"]),
                name="claim_one_live_per_member_and_job",
            ),
            models.UniqueConstraint(
                fields=["replacement"],
                condition=Q(status="pending"),
                name="claim_one_offer_per_replacement",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.job}"

    @property
    def is_pending(self) -> bool:
        return self.status == ClaimStatus.PENDING

    @property
    def takes_a_seat(self) -> bool:
        """The Python twin of ``TAKES_A_SEAT``."""
        return self.is_approved or (self.is_pending and self.replacement_id is None)

    @property
    def is_approved(self) -> bool:
        return self.status == ClaimStatus.APPROVED

    @property
    def is_rejected(self) -> bool:
        return self.status == ClaimStatus.REJECTED


class ReplacementStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("replacement status", "looking for someone")
    FILLED = "filled", pgettext_lazy("replacement status", "replaced")
    CANCELLED = "cancelled", pgettext_lazy("replacement status", "withdrawn")
    CLOSED = "closed", pgettext_lazy("replacement status", "closed")


class Replacement(models.Model):
    """ "I can't make it": a member on the team asks to be replaced. They stay on the team until
    a teammate's offer to take the seat is approved."""

    Status = ReplacementStatus

    claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="replacement_requests",
        verbose_name=_("place to take"),
    )
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReplacementStatus.choices,
        default=ReplacementStatus.OPEN,
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("replacement request")
        verbose_name_plural = _("replacement requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"], condition=Q(status="open"), name="replacement_one_open_per_claim"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == ReplacementStatus.OPEN


def hours_between(starts_at: dt.time, ends_at: dt.time, break_minutes: int = 0) -> Decimal:
    """Hours worked from ``starts_at`` to ``ends_at`` the same day, less the break."""
    minutes = (ends_at.hour * 60 + ends_at.minute) - (starts_at.hour * 60 + starts_at.minute)
    return (Decimal(max(minutes - break_minutes, 0)) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


class Timesheet(models.Model):
    """The hours one member worked on one job: logged by the member after the job, then
    validated (or corrected) by a leader or a delegate. Only validated hours count for pay,
    the attestation and the fairness figures."""

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, related_name="timesheet", verbose_name=_("member on job")
    )
    started_at = models.TimeField(_("started at"))
    ended_at = models.TimeField(_("ended at"))
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    # What the member logged, kept when a validator corrects it.
    logged_started_at = models.TimeField(_("logged start"), null=True, blank=True)
    logged_ended_at = models.TimeField(_("logged end"), null=True, blank=True)
    logged_break_minutes = models.PositiveSmallIntegerField(
        _("logged break (minutes)"), null=True, blank=True
    )
    logged_at = models.DateTimeField(_("logged at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    note = models.CharField(_("validator's note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("hours worked")
        verbose_name_plural = _("hours worked")
        ordering = ["claim__job__date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gt=F("started_at")), name="timesheet_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="timesheet_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.claim} – {self.hours} h"

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None

    @property
    def was_corrected(self) -> bool:
        return self.logged_at is not None and (
            (self.logged_started_at, self.logged_ended_at, self.logged_break_minutes)
            != (self.started_at, self.ended_at, self.break_minutes)
        )


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The private address of a member's calendar of jobs (iCalendar). Anyone with the
    address reads it, so it is unguessable and the member can change it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("member"),
    )
    token = models.CharField(
        _("token"), max_length=48, unique=True, default=new_calendar_token, editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
