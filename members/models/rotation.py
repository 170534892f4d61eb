"""The rotation of roles or committees: a ``RotationPlan`` and its ``RotationSeat`` rows,
which publishing turns into ``RoleAssignment`` / ``CommitteeMembership`` rows."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models.committees import Committee, Role
from members.models.cooperative import Season
from members.models.people import User


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


class RotationJoin(models.Model):
    """A member taken into a rotation after it began: they take part from ``since`` (a
    Monday of the plan), so re-planning never seats them earlier and starts them level with
    the others (``members.rules.Participant.joins``)."""

    plan = models.ForeignKey(RotationPlan, on_delete=models.CASCADE, related_name="joins")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    since = models.DateField(_("from"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member taken in")
        verbose_name_plural = _("members taken in")
        ordering = ["since", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="join_once_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.since:%d/%m}"
