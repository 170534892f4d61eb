"""The frozen share-out of a season: the figures and the steps computed from the ledger by
the rule the assembly adopted (``governance.ShareOutRule``), one line per member.

Frozen means frozen: ``save()`` only inserts and ``delete()`` refuses, and the admin shows it
read only. The rule's terms are copied on it, so the payout sheet reads alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cjs.errors import DomainError
from finance.models.invoices import MONEY
from governance.models import DepartedMembers, Motion
from members.models import Season

PERCENT = {"max_digits": 5, "decimal_places": 2}


class FrozenShareOutError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            gettext("A frozen share-out cannot be changed or deleted."), code="share_out_frozen"
        )


class Frozen(models.Model):
    """Rows written once, when the share-out is frozen."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise FrozenShareOutError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenShareOutError


class ShareOut(Frozen):
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="share_outs", verbose_name=_("season")
    )
    motion = models.ForeignKey(
        Motion, on_delete=models.PROTECT, related_name="+", verbose_name=_("adopted motion")
    )
    income = models.DecimalField(_("income"), **MONEY)
    expenses = models.DecimalField(_("expenses"), **MONEY)
    result = models.DecimalField(_("result"), **MONEY)
    reserve = models.DecimalField(_("reserve"), **MONEY)
    distributable = models.DecimalField(_("amount shared"), **MONEY)
    reserve_percent = models.DecimalField(_("reserve (%)"), **PERCENT)
    equal_percent = models.DecimalField(_("equal part (%)"), **PERCENT)
    pro_rata_percent = models.DecimalField(_("pro rata of hours (%)"), **PERCENT)
    bonus = models.DecimalField(_("bonus per member"), **MONEY)
    bonus_min_hours = models.DecimalField(
        _("validated hours needed for the bonus"), max_digits=6, decimal_places=2
    )
    departed_members = models.CharField(
        _("members who left during the season are"),
        max_length=10,
        choices=DepartedMembers.choices,
    )
    # [{"code": ..., "values": {...}}]: the steps as computed (``finance.rules.Step``).
    steps = models.JSONField(_("steps"), default=list)
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now, editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )

    class Meta:
        verbose_name = _("share-out")
        verbose_name_plural = _("share-outs")
        ordering = ["-season__year"]
        constraints = [
            models.UniqueConstraint(fields=["season"], name="share_out_one_per_season"),
            # Sums of decimals are not checked here: SQLite adds them as floats.
            models.CheckConstraint(
                condition=Q(reserve__gte=0) & Q(distributable__gte=0),
                name="share_out_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Share-out of %(season)s") % {"season": self.season}


class ShareOutLine(Frozen):
    share_out = models.ForeignKey(
        ShareOut, on_delete=models.CASCADE, related_name="lines", verbose_name=_("share-out")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="share_out_lines",
        verbose_name=_("member"),
    )
    name = models.CharField(_("name"), max_length=150)
    hours = models.DecimalField(_("validated hours"), max_digits=7, decimal_places=2)
    departed = models.BooleanField(_("left during the season"), default=False)
    equal = models.DecimalField(_("equal part"), **MONEY)
    pro_rata = models.DecimalField(_("pro rata part"), **MONEY)
    bonus = models.DecimalField(_("bonus"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)

    class Meta:
        verbose_name = _("share-out line")
        verbose_name_plural = _("share-out lines")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["share_out", "member"], name="share_out_line_one_per_member"
            ),
            models.CheckConstraint(
                condition=Q(equal__gte=0) & Q(pro_rata__gte=0) & Q(bonus__gte=0),
                name="share_out_line_parts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.total}"
