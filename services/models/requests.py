"""A resident's request, followed through a private tracking link, and its quotes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Season, Town
from services.models.catalogue import CENT, Pricing, Service, new_tracking_token
from services.models.jobs import Job, work_has_started
from services.territory import fold_town_name


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


CLOSED_STATUSES = (RequestStatus.DONE, RequestStatus.CANCELLED, RequestStatus.DECLINED)

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

    def with_declined_quote(self) -> ServiceRequestQuerySet:
        """Annotate ``quote_declined``: the request is back to "new" because the resident
        declined the quote (the latest quote is declined), so it waits for a new proposal or
        for the resident to cancel."""
        latest = Quote.objects.filter(request=models.OuterRef("pk")).order_by("-created_at", "-pk")
        return self.annotate(
            latest_quote_status=models.Subquery(latest.values("status")[:1]),
            quote_declined=models.Case(
                models.When(
                    status=RequestStatus.NEW,
                    latest_quote_status=QuoteStatus.DECLINED,
                    then=models.Value(True),
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            ),
        )

    def counted_by_status(self) -> models.QuerySet:
        """``(status, n)`` rows, one a status found. ``COUNT(*)`` and not of a column:
        PostgreSQL counts a season's requests from its (season, status) index alone
        (``request_season_status``), without reading the rows."""
        return (
            self.order_by()
            .values("status")
            .annotate(n=models.Count("*"))
            .values_list("status", "n")
        )

    def status_counts(self) -> dict[str, int]:
        """``{status: count}`` for every status (zeros included), in one query."""
        return dict.fromkeys(RequestStatus.values, 0) | dict(self.counted_by_status())


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
    # Set when the resident's identity was forgotten (erasure at their request, retention).
    anonymised_at = models.DateTimeField(
        _("resident's data erased at"), null=True, blank=True, editable=False
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
        return self.status in CLOSED_STATUSES

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
