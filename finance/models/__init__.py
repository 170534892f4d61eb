"""The finance models: the settings singleton, invoices and their lines, the gap-free
counters, credit notes, payments and reminders."""

from finance.models.invoices import (
    CreditNote,
    DocumentCounter,
    Invoice,
    InvoiceLine,
    InvoiceQuerySet,
    InvoiceRequest,
    InvoiceStatus,
    IssuedInvoiceError,
    LineKind,
    Payment,
    PaymentMethod,
    Reminder,
)
from finance.models.settings import FinanceSettings

__all__ = [
    "CreditNote",
    "DocumentCounter",
    "FinanceSettings",
    "Invoice",
    "InvoiceLine",
    "InvoiceQuerySet",
    "InvoiceRequest",
    "InvoiceStatus",
    "IssuedInvoiceError",
    "LineKind",
    "Payment",
    "PaymentMethod",
    "Reminder",
]
