"""Pure decisions about money: line amounts, totals, balances, numbers and legal mentions.

No database here: data in, result out (tested with hypothesis). Every amount is a
``Decimal`` rounded to the cent half up, the way a cashier rounds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
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
