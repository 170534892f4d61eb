"""The committees and roles of the cooperative, and who sits on or holds them when: the
dated ``CommitteeMembership`` and ``RoleAssignment`` rows, both ``TimeBoundMembership``."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models.cooperative import Season
from members.models.people import User


class Responsibility(models.Model):
    """What the cooperative entrusts to its members, a committee or a role: a name, a short
    name, a description, its duties (one a line) and its place in the lists."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    duties = models.TextField(_("duties"), blank=True, help_text=_("One duty per line."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def duty_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.duties.splitlines() if line.strip(" -•\t")]


class Committee(Responsibility):
    """A committee of the cooperative. The board (``is_board``) gathers every member."""

    is_board = models.BooleanField(
        _("board of all members"),
        default=False,
        help_text=_("Every member of the season belongs to it without being assigned."),
    )

    class Meta(Responsibility.Meta):
        verbose_name = _("committee")
        verbose_name_plural = _("committees")


class Role(Responsibility):
    """A responsibility held by one member at a time (an officer, a weekly role)."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("committee"),
    )
    is_officer = models.BooleanField(
        _("officer"), default=False, help_text=_("Elected by the board (présidence, ...).")
    )

    class Meta(Responsibility.Meta):
        verbose_name = _("role")
        verbose_name_plural = _("roles")


class DatedQuerySet(models.QuerySet):
    """The queries every time-bound row answers (``TimeBoundMembership``)."""

    def on(self, day: dt.date) -> DatedQuerySet:
        """Rows running on ``day`` (both ends included)."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def overlapping(self, start: dt.date, end: dt.date) -> DatedQuerySet:
        """Rows running at least one day from ``start`` to ``end`` (both included)."""
        return self.filter(starts_on__lte=end, ends_on__gte=start)


def time_bound_constraints(prefix: str, *, unique_with: list[str]) -> list[models.BaseConstraint]:
    """The constraints of a ``TimeBoundMembership``, named ``<prefix>_ends_after_start`` and
    ``<prefix>_unique_start`` (names the migrations already hold): it ends on or after its
    first day, and starts only once per ``unique_with`` fields."""
    return [
        models.CheckConstraint(
            condition=Q(ends_on__gte=F("starts_on")), name=f"{prefix}_ends_after_start"
        ),
        models.UniqueConstraint(fields=[*unique_with, "starts_on"], name=f"{prefix}_unique_start"),
    ]


class TimeBoundMembership(models.Model):
    """A member holding a place (a committee seat, a role) from ``starts_on`` to ``ends_on``
    (both included), in a season, possibly from a published rotation (``plan``).

    Concrete models declare ``season``, ``user`` and ``plan`` (their related names differ),
    the foreign key named by ``slot_field``, and ``time_bound_constraints()`` in their Meta.
    """

    slot_field: str = ""

    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.user} – {self.slot} ({self.starts_on:%d/%m} – {self.ends_on:%d/%m})"

    @property
    def slot(self) -> Committee | Role:
        return getattr(self, self.slot_field)

    def is_running_on(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class CommitteeMembership(TimeBoundMembership):
    """A member sits on a committee from ``starts_on`` to ``ends_on`` (included)."""

    slot_field = "committee"

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
    plan = models.ForeignKey(
        "RotationPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_memberships",
        verbose_name=_("rotation"),
        help_text=_("The published rotation this membership comes from, if any."),
    )

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        ordering = ["starts_on", "committee"]
        constraints = time_bound_constraints("membership", unique_with=["committee", "user"])


class RoleAssignment(TimeBoundMembership):
    """A member holds a role from ``starts_on`` to ``ends_on`` (included)."""

    slot_field = "role"

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("role")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("member")
    )
    plan = models.ForeignKey(
        "RotationPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("rotation"),
        help_text=_("The published rotation this assignment comes from, if any."),
    )

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["starts_on", "role"]
        constraints = time_bound_constraints("assignment", unique_with=["role"])
