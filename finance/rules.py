"""Pure decisions about money: line amounts, totals, balances, numbers, legal mentions, the
kind of a receipt from its first bytes, and the ledger built from aggregated rows.

No database here: data in, result out (tested with hypothesis). Every amount is a
``Decimal`` rounded to the cent half up, the way a cashier rounds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

INVOICE_PREFIX = ""
CREDIT_NOTE_PREFIX = "AV-"


def to_cent(amount: Decimal) -> Decimal:
    """``to_cent(Decimal("2.345"))`` is ``Decimal("2.35")``."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """One line of an invoice, rounded to the cent on its own: the total is the sum of what
    the reader sees on each line, never a recomputation that could differ by a cent."""
    return to_cent(Decimal(quantity) * Decimal(unit_price))


def total(amounts: Iterable[Decimal]) -> Decimal:
    return to_cent(sum((Decimal(a) for a in amounts), ZERO))


def balance(*, invoiced: Decimal, paid: Decimal, credited: Decimal) -> Decimal:
    """What the resident still owes (negative: the cooperative owes them back)."""
    return to_cent(Decimal(invoiced) - Decimal(paid) - Decimal(credited))


def creditable(*, invoiced: Decimal, credited: Decimal) -> Decimal:
    """The most a new credit note may take off an invoice: never more than was invoiced."""
    return max(to_cent(Decimal(invoiced) - Decimal(credited)), ZERO)


def payment_fits(*, amount: Decimal, balance_due: Decimal) -> bool:
    """A payment is positive and never more than the balance due (no overpayment)."""
    return ZERO < Decimal(amount) <= Decimal(balance_due)


def document_number(year: int, sequence: int, prefix: str = INVOICE_PREFIX) -> str:
    """``document_number(2026, 1)`` is ``"2026-0001"``; credit notes: ``"AV-2026-0001"``."""
    return f"{prefix}{year}-{sequence:04d}"


def due_date(issued_on: dt.date, terms_days: int) -> dt.date:
    return issued_on + dt.timedelta(days=terms_days)


def is_overdue(*, due_on: dt.date | None, balance_due: Decimal, today: dt.date) -> bool:
    return due_on is not None and due_on < today and Decimal(balance_due) > 0


# --- Legal mentions per country preset (like the minors' limits in members.models) ----------
# They are legal texts in the language of the law (French in France and in Quebec): stored in
# the finance settings, prefilled from here, editable, and copied onto each issued invoice.


@dataclass(frozen=True)
class LegalPreset:
    registration_label: str
    payment_terms_days: int
    mentions: str


LEGAL_PRESETS: dict[str, LegalPreset] = {
    "FR": LegalPreset(
        registration_label="SIRET",
        payment_terms_days=30,
        mentions=(
            "TVA non applicable, art. 293 B du CGI.\n"
            "Pas d'escompte pour paiement anticipé.\n"
            "En cas de retard de paiement, des pénalités sont exigibles au taux de trois fois "
            "le taux d'intérêt légal, ainsi qu'une indemnité forfaitaire pour frais de "
            "recouvrement de 40 € (art. L441-10 et D441-5 du Code de commerce)."
        ),
    ),
    "QC": LegalPreset(
        registration_label="NEQ",
        payment_terms_days=30,
        mentions=(
            "Petit fournisseur : la coopérative n'est pas inscrite aux fichiers de la TPS et "
            "de la TVQ ; aucune taxe (TPS/TVQ) n'est facturée.\n"
            "Montants en dollars canadiens (CAD)."
        ),
    ),
}


def legal_preset(country: str) -> LegalPreset:
    return LEGAL_PRESETS.get(country, LEGAL_PRESETS["FR"])


# --- Receipts -----------------------------------------------------------------------------
# The kind of a receipt is read from its first bytes, never from its name nor from the
# content type the browser sent: both are whatever the uploader wants them to be.

RECEIPT_MAX_BYTES = 5 * 1024 * 1024
RECEIPT_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
)
RECEIPT_HEAD_BYTES = max(len(signature) for signature, _kind in RECEIPT_SIGNATURES)
RECEIPT_CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}


def receipt_kind(head: bytes) -> str | None:
    """``"pdf"``, ``"png"`` or ``"jpeg"`` from the file's first bytes; ``None`` otherwise."""
    for signature, kind in RECEIPT_SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


# --- The ledger ---------------------------------------------------------------------------
INVOICES = "invoices"  # the income category of the payments received on invoices


@dataclass(frozen=True)
class LedgerWeek:
    monday: dt.date
    income: Decimal
    expenses: Decimal
    cumulated: Decimal  # the result from the start of the season to the end of this week

    @property
    def result(self) -> Decimal:
        return self.income - self.expenses


@dataclass(frozen=True)
class Ledger:
    weeks: list[LedgerWeek] = field(default_factory=list)
    income_by_category: dict[str, Decimal] = field(default_factory=dict)
    expenses_by_category: dict[str, Decimal] = field(default_factory=dict)

    @property
    def income(self) -> Decimal:
        return total(self.income_by_category.values())

    @property
    def expenses(self) -> Decimal:
        return total(self.expenses_by_category.values())

    @property
    def result(self) -> Decimal:
        return self.income - self.expenses


Row = tuple[dt.date, str, Decimal]  # (monday of the week, category, total of the group)


def ledger(
    *,
    income: Iterable[Row],
    expenses: Iterable[Row],
    income_categories: Sequence[str],
    expense_categories: Sequence[str],
) -> Ledger:
    """The ledger from rows already summed by week and category (every category is listed,
    in the order given, even at zero; only the weeks with a movement are)."""
    by_income = dict.fromkeys(income_categories, ZERO)
    by_expense = dict.fromkeys(expense_categories, ZERO)
    weekly: dict[dt.date, list[Decimal]] = {}
    for rows, by_category, column in ((income, by_income, 0), (expenses, by_expense, 1)):
        for monday, category, amount in rows:
            by_category[category] = to_cent(by_category.get(category, ZERO) + Decimal(amount))
            week = weekly.setdefault(monday, [ZERO, ZERO])
            week[column] = to_cent(week[column] + Decimal(amount))
    weeks, cumulated = [], ZERO
    for monday in sorted(weekly):
        week_income, week_expenses = weekly[monday]
        cumulated = to_cent(cumulated + week_income - week_expenses)
        weeks.append(LedgerWeek(monday, week_income, week_expenses, cumulated))
    return Ledger(weeks, by_income, by_expense)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def running_balances(amounts: Iterable[Decimal]) -> list[Decimal]:
    """The balance after each signed amount, in the order given."""
    balances, balance = [], ZERO
    for amount in amounts:
        balance = to_cent(balance + Decimal(amount))
        balances.append(balance)
    return balances
