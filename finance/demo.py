"""Demo data of the finance app: the invoicing settings, the delegations to the Finance
committee and the treasurer, and the invoices of the season's finished requests (some paid,
some partly, one overdue, one corrected by a credit note), and the ledger's expenses (without
receipt files) and a car wash; last summer's accounts and frozen share-out.

Written through the actions (the numbers and totals are the real ones), dated in the past,
without emailing the demo residents. Does nothing when invoices already exist; the ledger's
movements are seeded once too (when the season has none).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cjs.errors import DomainError
from finance import actions, queries_shareout
from finance.capabilities import ISSUE_INVOICES, KEEP_ACCOUNTS, RECORD_PAYMENTS
from finance.models import (
    Expense,
    ExpenseCategory,
    FinanceSettings,
    IncomeCategory,
    Invoice,
    OtherIncome,
    PaymentMethod,
    ShareOut,
)
from members.models import Committee, Enrolment, PermissionGrant, Role, Season, User
from services.models import RequestStatus, ServiceRequest

DEMO_TERMS_DAYS = 15
METHODS = [PaymentMethod.CHEQUE, PaymentMethod.CASH, PaymentMethod.TRANSFER, PaymentMethod.CARD]


def _grant() -> None:
    for code in (ISSUE_INVOICES, RECORD_PAYMENTS, KEEP_ACCOUNTS):
        committee = Committee.objects.filter(slug="finances").first()
        if committee is not None:
            PermissionGrant.objects.get_or_create(capability=code, committee=committee)
        role = Role.objects.filter(slug="tresorerie").first()
        if role is not None:
            PermissionGrant.objects.get_or_create(capability=code, role=role)


def _settings() -> None:
    settings = FinanceSettings.load()
    if settings.registration_number:
        return
    settings.legal_name = "Coopérative d'activité et d'emploi Val de Loue"
    settings.address = "4 place de la Mairie\n71140 Bourg-les-Saules"
    settings.registration_number = "123 456 789 00012"
    settings.payment_terms_days = DEMO_TERMS_DAYS
    settings.save()


def seed(*, scale: int = 1, stdout=None) -> None:
    _grant()
    _settings()
    season = Season.objects.current()
    leader = User.objects.filter(role=User.Role.LEADER).order_by("pk").first()
    if season is None or leader is None:
        return
    _archive_share_out(leader, stdout)
    _ledger(season, leader, stdout)
    if Invoice.objects.exists():
        return
    today = timezone.localdate()
    done = ServiceRequest.objects.filter(season=season, status=RequestStatus.DONE).order_by(
        "status_changed_at", "pk"
    )
    issued = []
    # The latest finished request stays to invoice, so that the page has something to show.
    for service_request in list(done)[:-1]:
        try:
            draft = actions.invoice_draft_create(requests=[service_request], by=leader)
        except DomainError:
            continue  # nothing to invoice (no accepted quote, no validated hours)
        if len(issued) % 5 == 1:
            actions.invoice_line_add(
                invoice=draft,
                description="Sacs de déchets verts",
                quantity=Decimal("3"),
                unit_price=Decimal("1.50"),
                by=leader,
            )
        on = min(timezone.localtime(service_request.status_changed_at).date(), today)
        issued.append(actions.invoice_issue(invoice=draft, by=leader, on=on, notify_resident=False))
    for index, invoice in enumerate(issued):
        _pay(invoice, index, leader, today)
    if len(issued) > 2:
        actions.credit_note_create(
            invoice=issued[2],
            amount=Decimal("5.00"),
            reason="Geste commercial : l'équipe est arrivée avec une heure de retard.",
            by=leader,
            on=today,
        )
    if stdout:
        stdout.write(f"  finance: {len(issued)} invoices issued, payments and a credit note")


def _pay(invoice: Invoice, index: int, by: User, today: dt.date) -> None:
    """Most are paid, every fourth partly, the oldest not at all (it is overdue)."""
    if index == 0 or index % 6 == 5:
        return
    amount = invoice.total if index % 4 else (invoice.total / 2).quantize(Decimal("0.01"))
    actions.payment_record(
        invoice=invoice,
        amount=amount,
        method=METHODS[index % len(METHODS)],
        paid_on=min(invoice.issued_on + dt.timedelta(days=3), today),
        by=by,
    )


# (days after the season's first day, amount, category, note)
DEMO_EXPENSES = [
    (1, "64.90", ExpenseCategory.MATERIALS, "Râteaux, gants et sacs de déchets verts"),
    (3, "38.00", ExpenseCategory.MARKETING, "Impression des flyers"),
    (9, "22.60", ExpenseCategory.TRANSPORT, "Essence pour la camionnette prêtée"),
    (16, "12.00", ExpenseCategory.OTHER, "Goûter de la réunion d'équipe"),
]


def _ledger(season: Season, leader: User, stdout) -> None:
    """A few expenses and a car wash, dated in the season's past, once."""
    if Expense.objects.filter(season=season).exists() or season.is_archived:
        return
    today = timezone.localdate()

    def day(offset: int) -> dt.date:
        return min(season.starts_on + dt.timedelta(days=offset), today)

    for offset, amount, category, note in DEMO_EXPENSES:
        actions.expense_record(
            season=season,
            spent_on=day(offset),
            amount=Decimal(amount),
            category=category,
            note=note,
            by=leader,
        )
    if not OtherIncome.objects.filter(season=season).exists():
        actions.other_income_record(
            season=season,
            received_on=day(6),
            amount=Decimal("185.50"),
            category=IncomeCategory.CAR_WASH,
            note="Lavage de voitures sur le parking de la salle des fêtes",
            by=leader,
        )
    if stdout:
        stdout.write(f"  finance: {len(DEMO_EXPENSES)} expenses and a car wash in the ledger")


# --- Last summer: its accounts and its frozen share-out -----------------------------------
# An archived season's accounts no longer change through the actions: its movements are
# written as the archive keeps them, then the share-out is frozen by the adopted rule
# (governance's demo adopts it), the way the treasurer did at the closing assembly. The demo
# has no jobs last summer (the services' demo starts this summer), so last summer's rule
# shares in equal parts.

ARCHIVE_INCOME = [
    (5, "412.00", IncomeCategory.CAR_WASH, "Lavage de voitures du 14 juillet"),
    (19, "236.50", IncomeCategory.BAKE_SALE, "Crêpes au marché"),
    (33, "318.00", IncomeCategory.GARAGE_SALE, "Vide-grenier du centre social"),
    (40, "150.00", IncomeCategory.DONATION, "Don du comité des fêtes"),
]
ARCHIVE_EXPENSES = [
    (2, "58.40", ExpenseCategory.MATERIALS, "Gants, sacs et éponges"),
    (4, "31.00", ExpenseCategory.MARKETING, "Flyers"),
    (30, "24.90", ExpenseCategory.TRANSPORT, "Essence"),
]


def _archive_share_out(leader: User, stdout) -> None:
    archive = Season.objects.filter(status=Season.Status.ARCHIVED).order_by("-year").first()
    if archive is None or ShareOut.objects.filter(season=archive).exists():
        return
    if queries_shareout.adopted_rule(archive) is None:
        return
    _archive_ledger(archive, leader)
    # One of last summer's members left mid-July: the rule says what they receive.
    departed = Enrolment.objects.filter(season=archive).order_by("pk").last()
    if departed is not None:
        departed.left_on = archive.starts_on + dt.timedelta(days=14)
        departed.save(update_fields=["left_on"])
    share_out = actions.share_out_freeze(season=archive, by=leader)
    if stdout:
        stdout.write(f"  finance: {archive} share-out frozen ({share_out.distributable} shared)")


def _archive_ledger(archive: Season, leader: User) -> None:
    def day(offset: int) -> dt.date:
        return archive.starts_on + dt.timedelta(days=offset)

    for model, on, rows in (
        (OtherIncome, "received_on", ARCHIVE_INCOME),
        (Expense, "spent_on", ARCHIVE_EXPENSES),
    ):
        model.objects.bulk_create(
            model(
                season=archive,
                amount=Decimal(amount),
                category=category,
                note=note,
                recorded_by=leader,
                **{on: day(offset)},
            )
            for offset, amount, category, note in rows
        )
