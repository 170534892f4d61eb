"""The share-out rule a motion puts to the vote, as data: the reserve, the equal part, the
pro rata of validated hours, the bonus and what happens to a member who left mid-season.

The finance app computes the share-out from it (``finance.rules.share_out``); nobody types
the figures again. The rule follows its motion: editable while the motion is to be voted,
frozen once voted (``VotedRecordError``), like the motion itself.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from governance.models.motions import Motion
from governance.models.records import VotedRecordError

PERCENT = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
}


class DepartedMembers(models.TextChoices):
    """What the rule says of a member who left during the season (its label is the rule's
    text, read by the voters and repeated on the share-out)."""

    PRO_RATA = (
        "pro_rata",
        _("paid pro rata of the hours worked before leaving, without the equal part or the bonus"),
    )
    FULL = "full", _("paid like the others: equal part, pro rata of hours and bonus")
    EXCLUDED = "excluded", _("left out of the share-out")


class ShareOutRule(models.Model):
    # The terms the voters decide (the form's fields, copied on the frozen share-out).
    TERMS = (
        "reserve_percent",
        "equal_percent",
        "pro_rata_percent",
        "bonus",
        "bonus_min_hours",
        "departed_members",
    )

    motion = models.OneToOneField(
        Motion, on_delete=models.CASCADE, related_name="share_out_rule", verbose_name=_("motion")
    )
    reserve_percent = models.DecimalField(
        _("reserve kept for next season (%)"), default=Decimal("10"), **PERCENT
    )
    equal_percent = models.DecimalField(
        _("equal part (percent of the amount shared)"), default=Decimal("0"), **PERCENT
    )
    pro_rata_percent = models.DecimalField(
        _("pro rata of validated hours (percent of the amount shared)"),
        default=Decimal("100"),
        **PERCENT,
    )
    bonus = models.DecimalField(
        _("fixed bonus per member"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    bonus_min_hours = models.DecimalField(
        _("validated hours needed for the bonus"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    departed_members = models.CharField(
        _("members who left during the season are"),
        max_length=10,
        choices=DepartedMembers.choices,
        default=DepartedMembers.PRO_RATA,
    )

    class Meta:
        verbose_name = _("share-out rule")
        verbose_name_plural = _("share-out rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(equal_percent__gte=0)
                & Q(pro_rata_percent__gte=0)
                & Q(reserve_percent__gte=0)
                & Q(reserve_percent__lte=100),
                name="share_out_rule_percents_in_range",
            ),
            models.CheckConstraint(
                condition=Q(bonus__gte=0) & Q(bonus_min_hours__gte=0),
                name="share_out_rule_bonus_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.motion)

    def save(self, *args, **kwargs) -> None:
        self._refuse_once_voted()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_once_voted()
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        # Checked here and by ``share_out_rule_save``, not by a constraint: SQLite would
        # compare the decimals as floats.
        if self.equal_percent + self.pro_rata_percent != 100:
            raise ValidationError(
                gettext("The equal part and the pro rata part must add up to 100 %.")
            )

    def _refuse_once_voted(self) -> None:
        # The motion as the database holds it: a rule voted with its motion stays as voted.
        status = Motion.objects.filter(pk=self.motion_id).values_list("status", flat=True).first()
        if status is not None and status != Motion.Status.DRAFT:
            raise VotedRecordError(
                gettext(
                    "The share-out rule was put to the vote with its motion: it cannot change."
                ),
                code="share_out_rule_voted",
            )
