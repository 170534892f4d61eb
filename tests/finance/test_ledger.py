"""The season's ledger: income (payments received on the season's invoices, at their payment
date, and self-financing income) and expenses, by week and by category, and the result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cjs.formatting import format_money
from finance import actions, queries, rules
from tests.factories import ArchivedSeasonFactory, ExpenseFactory, OtherIncomeFactory

pytestmark = pytest.mark.django_db

MONDAY = rules.monday_of(timezone.localdate())
W1 = MONDAY - dt.timedelta(weeks=2)
W2 = MONDAY - dt.timedelta(weeks=1)


def days(monday: dt.date, offset: int) -> dt.date:
    return monday + dt.timedelta(days=offset)


@pytest.fixture
def movements(season, issued, leader):
    invoice = issued(fixed=Decimal("30.00"), on=W1)
    for amount, on in ((Decimal("10.00"), days(W1, 1)), (Decimal("20.00"), days(W2, 2))):
        actions.payment_record(invoice=invoice, amount=amount, method="cash", paid_on=on, by=leader)
    OtherIncomeFactory(season=season, received_on=days(W1, 3), amount=Decimal("100.00"))
    OtherIncomeFactory(season=season, received_on=W2, amount=Decimal("50.00"), category="donation")
    ExpenseFactory(season=season, spent_on=days(W1, 4), amount=Decimal("40.00"))
    ExpenseFactory(season=season, spent_on=W1, amount=Decimal("5.00"))
    ExpenseFactory(
        season=season, spent_on=days(W2, 6), amount=Decimal("25.00"), category="marketing"
    )
    ExpenseFactory(season=ArchivedSeasonFactory(), amount=Decimal("999.00"))
    OtherIncomeFactory(season=ArchivedSeasonFactory(), amount=Decimal("999.00"))
    return season


def test_the_ledger_sums_income_and_expenses_by_week(movements):
    weeks = queries.ledger(movements).weeks
    assert [(w.monday, w.income, w.expenses, w.result, w.cumulated) for w in weeks] == [
        (W1, Decimal("110.00"), Decimal("45.00"), Decimal("65.00"), Decimal("65.00")),
        (W2, Decimal("70.00"), Decimal("25.00"), Decimal("45.00"), Decimal("110.00")),
    ]


def test_the_ledger_sums_by_category_every_category_listed(movements):
    figures = queries.ledger(movements)
    assert figures.income_by_category == {
        "invoices": Decimal("30.00"),
        "car_wash": Decimal("100.00"),
        "bake_sale": Decimal("0.00"),
        "garage_sale": Decimal("0.00"),
        "donation": Decimal("50.00"),
        "other": Decimal("0.00"),
    }
    assert figures.expenses_by_category == {
        "materials": Decimal("45.00"),
        "marketing": Decimal("25.00"),
        "transport": Decimal("0.00"),
        "other": Decimal("0.00"),
    }


def test_the_result_is_income_minus_expenses_of_that_season_only(movements):
    figures = queries.ledger(movements)
    assert (figures.income, figures.expenses, figures.result) == (
        Decimal("180.00"),
        Decimal("70.00"),
        Decimal("110.00"),
    )


def test_a_payment_counts_in_the_week_it_was_received_not_when_invoiced(season, issued, leader):
    invoice = issued(fixed=Decimal("12.00"), on=W1)
    actions.payment_record(
        invoice=invoice, amount=Decimal("12.00"), method="cheque", paid_on=days(W2, 4), by=leader
    )
    assert [(w.monday, w.income) for w in queries.ledger(season).weeks] == [(W2, Decimal("12.00"))]


def test_a_credit_note_is_not_money_received(season, issued, leader):
    invoice = issued(fixed=Decimal("40.00"), on=W1)
    actions.credit_note_create(invoice=invoice, amount=Decimal("10.00"), reason="Geste", by=leader)
    assert queries.ledger(season).income == Decimal("0.00")


def test_an_empty_season_has_a_zero_result(season):
    figures = queries.ledger(season)
    assert (figures.weeks, figures.result) == ([], Decimal("0.00"))


def test_the_ledger_page_shows_the_totals_and_the_weeks(leader_client, movements):
    page = leader_client.get(reverse("finance:ledger")).content.decode()
    for amount in ("180.00", "70.00", "110.00", "65.00"):
        assert format_money(Decimal(amount), language="fr") in page
    assert "Sacs de déchets verts" in page


def test_the_rules_build_the_ledger_from_summed_rows():
    ledger = rules.ledger(
        income=[(W2, "invoices", Decimal("3")), (W1, "donation", Decimal("2.5"))],
        expenses=[(W2, "transport", Decimal("10"))],
        income_categories=["invoices", "donation"],
        expense_categories=["transport", "other"],
    )
    assert [(w.monday, w.result, w.cumulated) for w in ledger.weeks] == [
        (W1, Decimal("2.50"), Decimal("2.50")),
        (W2, Decimal("-7.00"), Decimal("-4.50")),
    ]
    assert ledger.expenses_by_category == {"transport": Decimal("10.00"), "other": Decimal("0")}
    assert ledger.result == Decimal("-4.50")


def test_running_balances_follow_the_signed_amounts():
    assert rules.running_balances([Decimal("10"), Decimal("-2.5"), Decimal("1")]) == [
        Decimal("10.00"),
        Decimal("7.50"),
        Decimal("8.50"),
    ]
