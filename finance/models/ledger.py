"""What the ledger adds to the invoices: the expenses (with their receipt) and the
self-financing income (car wash, bake sale...). Both belong to a season."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from finance.models.invoices import MONEY, Recorded
from members.models import Season


class ExpenseCategory(models.TextChoices):
    MATERIALS = "materials", pgettext_lazy("expense", "materials")
    MARKETING = "marketing", pgettext_lazy("expense", "marketing")
    TRANSPORT = "transport", pgettext_lazy("expense", "transport")
    OTHER = "other", pgettext_lazy("expense", "other")


class IncomeCategory(models.TextChoices):
    CAR_WASH = "car_wash", _("car wash")
    BAKE_SALE = "bake_sale", _("bake sale")
    GARAGE_SALE = "garage_sale", _("garage sale")
    DONATION = "donation", _("donation")
    OTHER = "other", pgettext_lazy("income", "other")


class ReceiptType(models.TextChoices):
    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"


def receipt_path(instance: Expense, filename: str) -> str:
    """``receipts/<year>/<random>.<type>``: the name typed by the member is never kept (it
    could guess another receipt's name or carry a misleading extension)."""
    return f"receipts/{instance.spent_on.year}/{uuid.uuid4().hex}.{instance.receipt_type}"


class Expense(Recorded):
    Category = ExpenseCategory

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="expenses", verbose_name=_("season")
    )
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    category = models.CharField(_("category"), max_length=12, choices=ExpenseCategory.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    receipt = models.FileField(_("receipt"), upload_to=receipt_path, blank=True, max_length=120)
    receipt_type = models.CharField(
        _("receipt type"), max_length=4, choices=ReceiptType.choices, blank=True
    )

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-spent_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
            models.CheckConstraint(
                condition=Q(receipt="", receipt_type="") | (~Q(receipt="") & ~Q(receipt_type="")),
                name="expense_receipt_has_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} – {self.get_category_display()} – {self.amount}"

    @property
    def label(self) -> str:
        return self.note or str(self.get_category_display())


class OtherIncome(Recorded):
    """Money the members raised themselves (a car wash, a bake sale, a donation)."""

    Category = IncomeCategory

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="other_income", verbose_name=_("season")
    )
    received_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    category = models.CharField(_("category"), max_length=12, choices=IncomeCategory.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-financing income")
        verbose_name_plural = _("self-financing income")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="other_income_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.received_on} – {self.get_category_display()} – {self.amount}"

    @property
    def label(self) -> str:
        return self.note or str(self.get_category_display())
