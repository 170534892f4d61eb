"""The dashboards' money panel: what residents still owe (``finance.dashboard.money_owed``,
whose SQL is built once a day) says what the ORM's aggregate of the invoices' balances says."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from finance import actions
from finance.dashboard import money_owed
from finance.models import Invoice

pytestmark = pytest.mark.django_db


def aggregate(today: dt.date) -> dict:
    """What the panel computed with the ORM before."""
    overdue = Q(due_on__lt=today)
    sums = (
        Invoice.objects.issued()
        .with_balance()
        .filter(balance_due__gt=0)
        .aggregate(
            owed=Sum("balance_due"),
            unpaid=Count("pk"),
            overdue=Sum("balance_due", filter=overdue),
            overdue_count=Count("pk", filter=overdue),
        )
    )
    zero = Decimal(0)
    return {
        "owed": sums["owed"] or zero,
        "unpaid": sums["unpaid"],
        "overdue": sums["overdue"] or zero,
        "overdue_count": sums["overdue_count"],
    }


def test_nothing_owed_is_zero():
    today = timezone.localdate()
    assert (
        money_owed(today)
        == aggregate(today)
        == {
            "owed": 0,
            "unpaid": 0,
            "overdue": 0,
            "overdue_count": 0,
        }
    )


def test_the_money_owed_is_the_invoices_balances(issued, draft, leader):
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=40)
    late = issued(fixed=Decimal("30.10"), email="late@example.fr", on=long_ago)
    actions.payment_record(invoice=late, amount=Decimal("10.05"), method="cash", by=leader)
    # Two payments and a credit note on one invoice: each summed once, none counted twice.
    several = issued(fixed=Decimal("50"), email="several@example.fr", on=long_ago)
    for amount in ("10", "5.50"):
        actions.payment_record(invoice=several, amount=Decimal(amount), method="cash", by=leader)
    actions.credit_note_create(invoice=several, amount=Decimal("4.50"), reason="x", by=leader)
    paid = issued(fixed=Decimal("30"), email="paid@example.fr", on=long_ago)
    actions.payment_record(invoice=paid, amount=Decimal("30"), method="cash", by=leader)
    credited = issued(fixed=Decimal("40.00"), email="credited@example.fr", on=long_ago)
    actions.credit_note_create(invoice=credited, amount=Decimal("12.5"), reason="x", by=leader)
    cancelled = issued(fixed=Decimal("25"), email="cancelled@example.fr", on=long_ago)
    actions.credit_note_create(invoice=cancelled, amount=Decimal("25"), reason="x", by=leader)
    issued(fixed=Decimal("19.99"), email="recent@example.fr", on=today)
    draft(fixed=Decimal("1000"), email="draft@example.fr")
    for day in (today, today + dt.timedelta(days=365)):
        found = money_owed(day)
        assert found == aggregate(day)
        assert all(type(found[key]) is Decimal for key in ("owed", "overdue"))
    assert money_owed(today) == {
        "owed": Decimal("97.54"),
        "unpaid": 4,
        "overdue": Decimal("77.55"),
        "overdue_count": 3,
    }


def test_the_dashboard_shows_the_money_owed(issued, leader_client):
    issued(fixed=Decimal("30"), on=timezone.localdate() - dt.timedelta(days=40))
    html = leader_client.get(reverse("dashboard")).content.decode()
    assert 'data-figure="owed">30,00' in html
    assert 'data-figure="overdue">30,00' in html
