"""What the finance pages read: invoice lists with their balance, one invoice's page, the
finished requests still to invoice, the overdue invoices, the resident's invoices, and the
season's ledger (summed in SQL: a constant number of queries whatever the season holds)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import TruncWeek
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from cjs.db import CompiledQuery
from finance import rules
from finance.models import (
    Expense,
    ExpenseCategory,
    IncomeCategory,
    Invoice,
    InvoiceRequest,
    InvoiceStatus,
    OtherIncome,
    Payment,
)
from members.models import Season
from members.personal_data import Section, section
from services.models import RequestStatus, ServiceRequest


def _with_overdue(queryset, today: dt.date):
    return queryset.annotate(
        overdue=Case(
            When(
                Q(status=InvoiceStatus.ISSUED, due_on__lt=today, balance_due__gt=0),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def invoice_list(*, status: str = "", today: dt.date) -> list[Invoice]:
    """Drafts first, then issued invoices newest first, each with its balance (one query)."""
    invoices = Invoice.objects.with_balance()
    if status == "overdue":
        invoices = invoices.overdue(today)
    elif status:
        invoices = invoices.filter(status=status)
    return list(
        # "draft" sorts before "issued": the drafts waiting for work come first.
        _with_overdue(invoices, today).order_by(
            "status", "-year", "-sequence", "-created_at", "-pk"
        )
    )


def overdue_invoices(*, today: dt.date) -> list[Invoice]:
    """Issued invoices past their due date with money still owed, oldest due first, with the
    date of their last reminder."""
    invoices = Invoice.objects.overdue(today).prefetch_related("reminders")
    return list(invoices.order_by("due_on", "sequence"))


def invoice_for_staff(pk: int) -> Invoice:
    return get_object_or_404(Invoice.objects.with_balance().select_related("season"), pk=pk)


@dataclass
class InvoicePage:
    invoice: Invoice
    lines: list
    requests: list
    payments: list
    credit_notes: list
    reminders: list

    @property
    def is_payable(self) -> bool:
        """Payments go on issued invoices with money still owed."""
        return self.invoice.is_issued and self.invoice.balance_due > 0


def invoice_page(invoice: Invoice) -> InvoicePage:
    """Everything an invoice's page shows (five queries)."""
    return InvoicePage(
        invoice=invoice,
        lines=list(invoice.lines.all()),
        requests=[
            billed.request
            for billed in invoice.billed.select_related("request__service").order_by("pk")
        ],
        payments=list(invoice.payments.select_related("recorded_by")),
        credit_notes=list(invoice.credit_notes.all()),
        reminders=list(invoice.reminders.all()),
    )


def invoice_for_resident(*, token: str, number: str) -> Invoice:
    """The issued invoice ``number`` when it bills the request of tracking ``token``; 404
    for anything else (a draft, another resident's invoice, an unknown token)."""
    billed = InvoiceRequest.objects.filter(invoice=OuterRef("pk"), request__token=token)
    invoice = (
        Invoice.objects.with_balance()
        .filter(Exists(billed), status=InvoiceStatus.ISSUED, number=number)
        .first()
    )
    if invoice is None:
        raise Http404
    return invoice


def invoices_for_tracking(service_request: ServiceRequest) -> list[Invoice]:
    """The issued invoices of a request, with ``total``, ``paid``, ``credited`` and
    ``balance_due`` (one query), for the resident's tracking page."""
    billed = InvoiceRequest.objects.filter(invoice=OuterRef("pk"), request=service_request)
    return list(
        Invoice.objects.with_balance()
        .filter(Exists(billed), status=InvoiceStatus.ISSUED)
        .order_by("year", "sequence")
    )


@dataclass
class ResidentRequests:
    """Finished requests of one resident not invoiced yet: one invoice may group them."""

    name: str
    email: str
    requests: list = field(default_factory=list)


def invoiceable_requests() -> list[ResidentRequests]:
    """Finished requests no invoice bills yet, grouped by resident (by email), in one query."""
    billed = InvoiceRequest.objects.filter(request=OuterRef("pk"))
    requests = (
        ServiceRequest.objects.filter(status=RequestStatus.DONE)
        .exclude(Exists(billed))
        .select_related("service")
        .order_by("last_name", "first_name", "created_at")
    )
    groups: dict[str, ResidentRequests] = {}
    for service_request in requests:
        key = service_request.email.strip().lower()
        group = groups.setdefault(
            key, ResidentRequests(name=service_request.full_name, email=service_request.email)
        )
        group.requests.append(service_request)
    return list(groups.values())


def tracking_panel(request: HttpRequest, service_request: ServiceRequest) -> str:
    """The resident's invoices and what is left to pay, on their tracking page (registered
    with ``services.tracking``). Only a finished request is invoiced: no query otherwise."""
    if service_request.status != RequestStatus.DONE:
        return ""
    invoices = invoices_for_tracking(service_request)
    if not invoices:
        return ""
    context = {"invoices": invoices, "token": service_request.token}
    return render_to_string("finance/_tracking_invoices.html", context, request=request)


# --- The ledger ---------------------------------------------------------------------------


def ledger_season(pk: int | None) -> Season:
    """The season asked for, or the current one (404 when there is none)."""
    if pk is not None:
        return get_object_or_404(Season, pk=pk)
    season = Season.objects.current()
    if season is None:
        raise Http404("No current season.")
    return season


def _weekly(queryset, date_field: str, kind: str, category: str | None):
    """(kind, monday, category, total) per week and category, summed by the database."""
    return (
        queryset.order_by()
        .annotate(
            kind=Value(kind),
            week=TruncWeek(date_field),
            group=F(category) if category else Value(rules.INVOICES),
        )
        .values("kind", "week", "group")
        .annotate(total=Sum("amount"))
    )


@functools.lru_cache(maxsize=16)
def _ledger_query(season_pk: int, vendor: str) -> CompiledQuery:
    """The ledger's sums in one query compiled once per season (its SQL depends on nothing
    else: building its three sums cost the ORM ~4,500 Python calls a page): the payments by
    week, the self-financing income and the expenses by week and category, read afresh."""
    season = Season(pk=season_pk)
    return CompiledQuery.of_columns(
        _weekly(payments_of(season), "paid_on", "income", None).union(
            _weekly(OtherIncome.objects.filter(season=season), "received_on", "income", "category"),
            _weekly(Expense.objects.filter(season=season), "spent_on", "expense", "category"),
            all=True,
        )
    )


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def payments_of(season: Season):
    """Money received on the season's invoices, counted at its payment date."""
    return Payment.objects.filter(invoice__season=season)


def ledger(season: Season) -> rules.Ledger:
    """The season's figures (one aggregate query): income — the payments received on
    invoices and the self-financing income — and expenses, by week and by category."""
    return ledger_of(ledger_rows(season))


def ledger_rows(season: Season) -> list[tuple]:
    """The ledger's sums as the query reads them: (kind, week, category, total)."""
    return _ledger_query(season.pk, connection.vendor).rows()


def ledger_of(rows: Iterable[tuple]) -> rules.Ledger:
    """The ledger from ``ledger_rows``."""
    income, expenses = [], []
    for kind, week, category, total in rows:
        (income if kind == "income" else expenses).append((_as_date(week), category, total))
    return rules.ledger(
        income=income,
        expenses=expenses,
        income_categories=[rules.INVOICES, *IncomeCategory.values],
        expense_categories=ExpenseCategory.values,
    )


def income_category_label(code: str) -> str:
    if code == rules.INVOICES:
        return str(_("invoices paid"))
    return str(IncomeCategory(code).label)


@dataclass
class LedgerPage:
    season: Season
    figures: rules.Ledger
    income_rows: list[tuple[str, Decimal]]
    expense_rows: list[tuple[str, Decimal]]
    expenses: list[Expense]
    other_income: list[OtherIncome]
    seasons: list[Season] = field(default_factory=list)


def ledger_page(season: Season) -> LedgerPage:
    figures = ledger(season)
    return LedgerPage(
        season=season,
        figures=figures,
        income_rows=[
            (income_category_label(code), amount)
            for code, amount in figures.income_by_category.items()
        ],
        expense_rows=[
            (str(ExpenseCategory(code).label), amount)
            for code, amount in figures.expenses_by_category.items()
        ],
        expenses=list(Expense.objects.filter(season=season).select_related("recorded_by")),
        other_income=list(OtherIncome.objects.filter(season=season)),
        seasons=list(Season.objects.order_by("-year")),
    )


@dataclass(frozen=True)
class Movement:
    """One line of the accountant's export: income is positive, an expense negative."""

    on: dt.date
    kind: str
    category: str
    label: str
    amount: Decimal


def movements(season: Season) -> list[Movement]:
    """Every movement of the season in date order (three queries)."""
    income, expense = str(_("income")), str(_("expense"))
    invoices = income_category_label(rules.INVOICES)
    found = [
        Movement(p.paid_on, income, invoices, p.invoice.label, p.amount)
        for p in payments_of(season).select_related("invoice").order_by("paid_on", "pk")
    ]
    found += [
        Movement(i.received_on, income, str(i.get_category_display()), i.label, i.amount)
        for i in OtherIncome.objects.filter(season=season).order_by("received_on", "pk")
    ]
    found += [
        Movement(e.spent_on, expense, str(e.get_category_display()), e.label, -e.amount)
        for e in Expense.objects.filter(season=season).order_by("spent_on", "pk")
    ]
    return sorted(found, key=lambda movement: movement.on)


def expense_with_receipt(pk: int) -> Expense:
    return get_object_or_404(Expense.objects.exclude(receipt=""), pk=pk)


# --- A resident's data (RGPD: right of access) ---------------------------------------------


def resident_invoices(requests: list) -> list[Section]:
    """The invoices of the resident's ``requests`` (one query). Issued ones are kept 10 years
    as issued, name and address included (French law), whatever an erasure does."""
    invoices = Invoice.objects.filter(billed__request__in=requests).distinct().order_by("pk")
    columns = [
        ("number", _("number")),
        ("status", _("status")),
        ("issued_on", _("issued on")),
        ("total", _("total")),
        ("customer_name", _("customer")),
        ("customer_address", _("customer's address")),
        ("customer_email", _("customer's email")),
    ]
    return [section("invoices", _("Invoices"), columns, invoices)]
