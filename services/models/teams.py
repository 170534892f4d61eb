"""Teams: claims, replacements, hours, calendar feeds."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from services.models.catalogue import CENT
from services.models.jobs import Job, JobStatus

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
    lock in ``services.actions``); a member has at most one live claim per job (database).
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

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

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

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

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

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

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
