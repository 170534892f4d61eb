"""What happened to a request (the leaders' log and the resident's timeline) and the
resident's rating once the work is done.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.models.jobs import Job
from services.models.requests import RequestStatus, ServiceRequest


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


# Events whose line already names the status they lead to.
STATUS_SAID_BY = {
    EventKind.QUOTED: RequestStatus.QUOTED,
    EventKind.DECLINED: RequestStatus.DECLINED,
    EventKind.CANCELLED: RequestStatus.CANCELLED,
}


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
    def shows_status_badge(self) -> bool:
        """The new status is worth a badge unless the line already says it ("Quote sent:
        48,00 €." needs no "quote sent" badge after it)."""
        return self.status_changed and STATUS_SAID_BY.get(self.kind) != self.status_after

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
