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
from fractions import Fraction

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


# --- The share-out ------------------------------------------------------------------------
# The season's result split by the rule adopted in a motion (``governance.ShareOutRule``):
# a reserve, then a bonus per member who earned it, then the rest in an equal part and a part
# pro rata of the validated hours. Every part is rounded to the cent by the largest remainder,
# so the parts add up exactly to the amount shared, and every step is said in words.


class Departed:
    """What the rule does with a member who left (the values of
    ``governance.DepartedMembers``)."""

    PRO_RATA = "pro_rata"  # pro rata of the hours worked before leaving only
    FULL = "full"  # like the others
    EXCLUDED = "excluded"  # left out


@dataclass(frozen=True)
class ShareOutTerms:
    """The rule's parameters, as adopted (percentages from 0 to 100)."""

    reserve_percent: Decimal
    equal_percent: Decimal
    pro_rata_percent: Decimal
    bonus: Decimal = ZERO
    bonus_min_hours: Decimal = ZERO
    departed_members: str = Departed.PRO_RATA


@dataclass(frozen=True)
class Sharer:
    """A member taking part: ``key`` identifies them, ``hours`` are their validated hours."""

    key: int
    name: str
    hours: Decimal
    departed: bool = False


@dataclass(frozen=True)
class SharePart:
    key: int
    name: str
    hours: Decimal
    departed: bool
    equal: Decimal
    pro_rata: Decimal
    bonus: Decimal

    @property
    def total(self) -> Decimal:
        return self.equal + self.pro_rata + self.bonus


@dataclass(frozen=True)
class Step:
    """One step of the computation: ``code`` names the sentence, ``values`` its figures
    (strings, so that a frozen share-out stores them as they were)."""

    code: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ShareOutPlan:
    income: Decimal
    expenses: Decimal
    result: Decimal
    reserve: Decimal
    distributable: Decimal
    parts: list[SharePart] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    refusal: Step | None = None  # why nothing can be shared by this rule

    @property
    def is_possible(self) -> bool:
        return self.refusal is None

    @property
    def shared(self) -> Decimal:
        return sum((part.total for part in self.parts), ZERO)


def _cents(amount: Decimal) -> int:
    return int(to_cent(amount) * 100)


def _euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def _apportion(
    pot: int, weights: list[Fraction], ties: list[tuple]
) -> tuple[list[int], list[bool]]:
    """``pot`` cents split in proportion to ``weights`` (not all zero): each gets the floor of
    their exact share, and the cents left over go one each to the largest remainders (ties
    broken by ``ties``, smallest first). Returns the cents and who received an extra cent."""
    whole = sum(weights)
    exact = [Fraction(pot) * weight / whole for weight in weights]
    floors = [share.numerator // share.denominator for share in exact]
    left = pot - sum(floors)
    ranking = sorted(range(len(weights)), key=lambda i: (floors[i] - exact[i], *ties[i]))
    extra = [False] * len(weights)
    for index in ranking[:left]:
        floors[index] += 1
        extra[index] = True
    return floors, extra


def _text(amount: Decimal | int) -> str:
    return str(amount)


def _plain(number: Decimal) -> str:
    """``Decimal("10.00")`` as ``"10"``, ``Decimal("12.50")`` as ``"12.5"`` (no exponent)."""
    return f"{Decimal(number).normalize():f}"


def share_out(
    *, income: Decimal, expenses: Decimal, sharers: Sequence[Sharer], terms: ShareOutTerms
) -> ShareOutPlan:
    """The share-out of the season's result (``income`` − ``expenses``) among ``sharers``
    by ``terms``. The parts are never negative and add up exactly to the amount shared; two
    members with the same hours (and the same situation) differ by at most one cent, and more
    hours never give a smaller pro rata part."""
    income, expenses = to_cent(income), to_cent(expenses)
    result = income - expenses
    steps = [
        Step(
            "result",
            {"income": _text(income), "expenses": _text(expenses), "result": _text(result)},
        )
    ]

    def refused(code: str, reserve=ZERO, shared=ZERO, **values) -> ShareOutPlan:
        return ShareOutPlan(
            income, expenses, result, reserve, shared, [], steps, Step(code, values)
        )

    if result <= 0:
        return refused("nothing_to_share", result=_text(result))
    if not sharers:
        return refused("no_members")
    reserve = to_cent(result * Decimal(terms.reserve_percent) / 100)
    distributable = result - reserve
    steps.append(
        Step(
            "reserve",
            {
                "result": _text(result),
                "percent": _plain(Decimal(terms.reserve_percent)),
                "reserve": _text(reserve),
                "distributable": _text(distributable),
            },
        )
    )

    def takes(sharer: Sharer, part: str) -> bool:
        if not sharer.departed or terms.departed_members == Departed.FULL:
            return True
        return terms.departed_members == Departed.PRO_RATA and part == "pro_rata"

    bonus = to_cent(terms.bonus)
    with_bonus = [
        s for s in sharers if bonus > 0 and takes(s, "bonus") and s.hours >= terms.bonus_min_hours
    ]
    bonuses = bonus * len(with_bonus)
    if bonuses > distributable:
        return refused(
            "bonuses_exceed",
            reserve,
            distributable,
            bonuses=_text(bonuses),
            distributable=_text(distributable),
        )
    rest = distributable - bonuses
    if with_bonus:
        steps.append(
            Step(
                "bonus",
                {
                    "bonus": _text(bonus),
                    "count": _text(len(with_bonus)),
                    "hours": _plain(Decimal(terms.bonus_min_hours)),
                    "bonuses": _text(bonuses),
                    "rest": _text(rest),
                },
            )
        )
    equal_pot = (
        rest if terms.pro_rata_percent == 0 else to_cent(rest * Decimal(terms.equal_percent) / 100)
    )
    pro_rata_pot = rest - equal_pot
    equal_ones = [i for i, s in enumerate(sharers) if takes(s, "equal")]
    pro_rata_ones = [i for i, s in enumerate(sharers) if takes(s, "pro_rata")]
    hours = sum((Decimal(sharers[i].hours) for i in pro_rata_ones), Decimal(0))
    if equal_pot > 0 and not equal_ones:
        return refused("no_equal_members", reserve, distributable)
    if pro_rata_pot > 0 and hours <= 0:
        return refused("no_hours", reserve, distributable)

    equal = [0] * len(sharers)
    got_extra = [False] * len(sharers)
    if equal_pot > 0:
        cents, extra = _apportion(
            _cents(equal_pot), [Fraction(1)] * len(equal_ones), [(i,) for i in equal_ones]
        )
        for i, share, more in zip(equal_ones, cents, extra, strict=True):
            equal[i], got_extra[i] = share, more
        each = _cents(equal_pot) // len(equal_ones)
        steps.append(
            Step(
                "equal",
                {
                    "percent": _plain(Decimal(terms.equal_percent)),
                    "rest": _text(rest),
                    "pot": _text(equal_pot),
                    "count": _text(len(equal_ones)),
                    "each": _text(_euros(each)),
                    "cents": _text(_cents(equal_pot) - each * len(equal_ones)),
                },
            )
        )
    pro_rata = [0] * len(sharers)
    if pro_rata_pot > 0:
        # Equal remainders: the cent goes first to more hours, then to whoever did not get
        # an extra cent of the equal part (so equal hours never differ by two cents).
        cents, _extra = _apportion(
            _cents(pro_rata_pot),
            [Fraction(Decimal(sharers[i].hours)) for i in pro_rata_ones],
            [(-sharers[i].hours, got_extra[i], i) for i in pro_rata_ones],
        )
        for i, share in zip(pro_rata_ones, cents, strict=True):
            pro_rata[i] = share
        steps.append(
            Step(
                "pro_rata",
                {
                    "percent": _plain(Decimal(terms.pro_rata_percent)),
                    "rest": _text(rest),
                    "pot": _text(pro_rata_pot),
                    "hours": _plain(hours),
                    "per_hour": _text(to_cent(pro_rata_pot / hours)),
                },
            )
        )
    departed = sum(1 for s in sharers if s.departed)
    if departed:
        steps.append(Step("departed", {"count": _text(departed), "rule": terms.departed_members}))
    given = {s.key for s in with_bonus}
    parts = [
        SharePart(
            key=s.key,
            name=s.name,
            hours=Decimal(s.hours),
            departed=s.departed,
            equal=_euros(equal[i]),
            pro_rata=_euros(pro_rata[i]),
            bonus=bonus if s.key in given else ZERO,
        )
        for i, s in enumerate(sharers)
    ]
    shared = sum((part.total for part in parts), ZERO)
    steps.append(Step("check", {"shared": _text(shared), "count": _text(len(parts))}))
    return ShareOutPlan(income, expenses, result, reserve, distributable, parts, steps)
