"""The finance models: the settings singleton, invoices and their lines, the gap-free
counters, credit notes, payments and reminders, the expenses and the self-financing income,
the frozen share-outs."""

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
from finance.models.ledger import (
    Expense,
    ExpenseCategory,
    IncomeCategory,
    OtherIncome,
    ReceiptType,
)
from finance.models.settings import FinanceSettings
from finance.models.shareout import FrozenShareOutError, ShareOut, ShareOutLine

__all__ = [
    "CreditNote",
    "DocumentCounter",
    "Expense",
    "ExpenseCategory",
    "FinanceSettings",
    "FrozenShareOutError",
    "IncomeCategory",
    "Invoice",
    "InvoiceLine",
    "InvoiceQuerySet",
    "InvoiceRequest",
    "InvoiceStatus",
    "IssuedInvoiceError",
    "LineKind",
    "OtherIncome",
    "Payment",
    "PaymentMethod",
    "ReceiptType",
    "Reminder",
    "ShareOut",
    "ShareOutLine",
]
