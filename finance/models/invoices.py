"""Invoices, their lines and the requests they bill, the gap-free counters, credit notes,
payments and payment reminders.

An issued invoice never changes: ``save()`` and ``delete()`` refuse here, the admin shows it
read only, and database triggers (migration 0002) refuse an UPDATE or a DELETE of the row
and of its lines whoever sends it. A mistake is corrected by a credit note.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cjs.errors import DomainError
from members.models import Season
from services.models import ServiceRequest

MONEY = {"max_digits": 10, "decimal_places": 2}
ZERO = Decimal("0.00")


class IssuedInvoiceError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _("An issued invoice cannot be changed or deleted: issue a credit note instead."),
            code="issued",
        )


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("invoice status", "draft")
    ISSUED = "issued", pgettext_lazy("invoice status", "issued")


def _sum_of(model, field: str = "amount") -> Coalesce:
    per_invoice = (
        model.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(
        Subquery(per_invoice, output_field=DecimalField(**MONEY)),
        Value(ZERO),
        output_field=DecimalField(**MONEY),
    )


class InvoiceQuerySet(models.QuerySet):
    def with_balance(self) -> InvoiceQuerySet:
        """Each invoice with ``paid``, ``credited`` and ``balance_due`` (two subqueries, no
        join that would multiply rows)."""
        return self.annotate(paid=_sum_of(Payment), credited=_sum_of(CreditNote)).annotate(
            balance_due=ExpressionWrapper(
                F("total") - F("paid") - F("credited"), output_field=DecimalField(**MONEY)
            )
        )

    def issued(self) -> InvoiceQuerySet:
        return self.filter(status=InvoiceStatus.ISSUED)

    def overdue(self, today) -> InvoiceQuerySet:
        return self.issued().with_balance().filter(due_on__lt=today, balance_due__gt=0)


class Invoice(models.Model):
    """What a resident owes for one or more finished requests. A draft has no number; issuing
    gives it the next number of the year and copies the seller's identity and mentions."""

    Status = InvoiceStatus

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("season")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=20, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")

    customer_name = models.CharField(_("customer"), max_length=170)
    customer_address = models.TextField(_("customer's address"))
    customer_email = models.EmailField(_("customer's email"), blank=True)
    customer_language = models.CharField(_("customer's language"), max_length=8, default="fr")

    # Copied from FinanceSettings when issued: what the invoice said stays what it says.
    seller_name = models.CharField(_("seller"), max_length=160, blank=True)
    seller_address = models.TextField(_("seller's address"), blank=True)
    seller_registration = models.CharField(_("seller's registration"), max_length=70, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    mentions = models.TextField(_("legal mentions"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )

    objects = InvoiceQuerySet.as_manager()

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-year", "-sequence", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="invoice_number_unique"),
            models.CheckConstraint(
                condition=Q(status="draft", sequence__isnull=True, year__isnull=True, number="")
                | (
                    Q(
                        status="issued",
                        sequence__gte=1,
                        year__isnull=False,
                        issued_on__isnull=False,
                        due_on__isnull=False,
                    )
                    & ~Q(number="")
                ),
                name="invoice_number_only_when_issued",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="invoice_total_not_negative"),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        if self._issued_in_db():
            raise IssuedInvoiceError
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def get_absolute_url(self) -> str:
        return reverse("finance:invoice_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self._issued_in_db() or self.is_issued:
            raise IssuedInvoiceError
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    def _issued_in_db(self) -> bool:
        return getattr(self, "_stored_status", None) == InvoiceStatus.ISSUED

    @property
    def refund_due(self) -> Decimal:
        """What the cooperative owes the customer back, when a credit note came after the
        invoice was paid (read on ``Invoice.objects.with_balance()``)."""
        return max(-self.balance_due, Decimal("0.00"))

    @property
    def is_issued(self) -> bool:
        return self.status == InvoiceStatus.ISSUED

    @property
    def is_draft(self) -> bool:
        return self.status == InvoiceStatus.DRAFT

    @property
    def label(self) -> str:
        if self.number:
            return str(_("Invoice %(number)s") % {"number": self.number})
        return str(_("Draft invoice #%(pk)s") % {"pk": self.pk})


class InvoiceRequest(models.Model):
    """A finished request billed by an invoice: a request is billed once."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="billed", verbose_name=_("invoice")
    )
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="+", verbose_name=_("request")
    )

    class Meta:
        verbose_name = _("invoiced request")
        verbose_name_plural = _("invoiced requests")
        constraints = [
            models.UniqueConstraint(fields=["request"], name="invoice_request_billed_once")
        ]

    def __str__(self) -> str:
        return f"{self.invoice} – {self.request}"


class LineKind(models.TextChoices):
    FIXED = "fixed", pgettext_lazy("invoice line", "fixed price")
    WORK = "work", pgettext_lazy("invoice line", "hours of work")
    MATERIAL = "material", pgettext_lazy("invoice line", "materials")


class InvoiceLine(models.Model):
    """One line: quantity × unit price, rounded to the cent on its own."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name=_("invoice")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LineKind.choices)
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request"),
    )
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="invoice_line_quantity"),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="invoice_line_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def save(self, *args, **kwargs) -> None:
        if self._invoice_issued():
            raise IssuedInvoiceError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._invoice_issued():
            raise IssuedInvoiceError
        return super().delete(*args, **kwargs)

    @property
    def is_material(self) -> bool:
        return self.kind == LineKind.MATERIAL

    def _invoice_issued(self) -> bool:
        return Invoice.objects.filter(pk=self.invoice_id, status=InvoiceStatus.ISSUED).exists()


class DocumentCounter(models.Model):
    """The last number given, per kind of document and year. Issuing locks this row
    (``select_for_update``) so that two issues at once take two consecutive numbers."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        CREDIT_NOTE = "credit", _("credit note")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("numbering counter")
        verbose_name_plural = _("numbering counters")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="document_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class Recorded(models.Model):
    """Who recorded a movement of money, and when (payments, expenses, other income)."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        abstract = True


class CreditNote(models.Model):
    """A correction of an issued invoice (all or part of it), numbered in its own gap-free
    sequence. It takes ``amount`` off what the resident owes; it never changes once made."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="credit_notes", verbose_name=_("invoice")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=24)
    issued_on = models.DateField(_("issued on"))
    amount = models.DecimalField(_("amount"), **MONEY)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["year", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="credit_note_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_note_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise IssuedInvoiceError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IssuedInvoiceError


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("cash")
    CHEQUE = "cheque", _("cheque")
    TRANSFER = "transfer", _("bank transfer")
    CARD = "card", _("card")


class Payment(Recorded):
    """Money received for an issued invoice (possibly a part of it)."""

    Method = PaymentMethod

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="payments", verbose_name=_("invoice")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    paid_on = models.DateField(_("paid on"), default=timezone.localdate)
    reference = models.CharField(
        _("reference"), max_length=80, blank=True, help_text=_("Cheque number, transfer label...")
    )

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.invoice} – {self.amount}"


class Reminder(models.Model):
    """A payment reminder emailed to the resident (the invoice itself cannot change)."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("invoice")
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        verbose_name = _("payment reminder")
        verbose_name_plural = _("payment reminders")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.invoice} – {self.sent_at:%Y-%m-%d}"
