"""A job: one piece of work on a date, done by a team of members."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Season, Skill
from services.models.catalogue import CENT, Service, SkillNeed


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
    Change ``status`` only through ``services.actions.job_transition``.
    """

    Status = JobStatus

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("season")
    )
    request = models.ForeignKey(
        # By name: a request imports its jobs' rules (``work_has_started``).
        "services.ServiceRequest",
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("request"),
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
        Skill, blank=True, through="JobSkill", related_name="jobs", verbose_name=_("skills needed")
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
            # The board, the approval queue and the hours to validate: a season's jobs of a
            # status (open; open, staffed or done) from or up to a date.
            models.Index(fields=["season", "status", "date"], name="job_season_status_date"),
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

    def is_over(self, now: dt.datetime | None = None) -> bool:
        """The job's time has passed (whatever its status: mark it done, log the hours)."""
        return self.ends <= (now or timezone.now())

    @property
    def awaits_closing(self) -> bool:
        """Its time has passed but nobody marked it done or cancelled it yet."""
        return self.season.is_current and self.is_active and self.is_over()

    @property
    def takes_team_changes(self) -> bool:
        """Whether the team can still change (the season is current, the job neither done,
        cancelled nor over): the team page offers its buttons only then, as the actions
        refuse them otherwise (``services.actions.team.ensure_open_for_team``)."""
        return self.season.is_current and self.is_active and not self.is_over()


class JobSkill(SkillNeed):
    """A skill a job needs and the level it needs it at, copied from its service
    (``ServiceSkill``) when the job is planned: the rules read it (``services.rules``)."""

    job = models.ForeignKey(
        Job, on_delete=models.CASCADE, related_name="skill_needs", verbose_name=_("job")
    )

    class Meta(SkillNeed.Meta):
        db_table = "services_job_skills"
        constraints = [models.UniqueConstraint(fields=["job", "skill"], name="job_skill_unique")]


def work_has_started(jobs: Iterable[Job], now: dt.datetime | None = None) -> bool:
    """Has the work of these jobs started (a job done, or one still to do whose start passed)?"""
    now = now or timezone.now()
    return any(
        job.status == JobStatus.DONE or (job.is_active and job.has_started(now)) for job in jobs
    )
