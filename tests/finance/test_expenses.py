"""Recording an expense: date, amount above zero, category, note, who recorded it, an
optional receipt stored under a random name; refused in an archived season."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance import actions
from finance.models import Expense, ExpenseCategory
from tests.factories import ArchivedSeasonFactory
from tests.finance.conftest import refused

pytestmark = pytest.mark.django_db


def record(season, by, **fields):
    fields.setdefault("spent_on", timezone.localdate())
    fields.setdefault("amount", Decimal("12.40"))
    fields.setdefault("category", ExpenseCategory.MATERIALS)
    return actions.expense_record(season=season, by=by, **fields)


def test_an_expense_is_recorded_with_who_recorded_it(season, leader):
    expense = record(season, leader, note="  Essence pour la tondeuse  ")
    expense.refresh_from_db()
    assert expense.amount == Decimal("12.40")
    assert expense.category == ExpenseCategory.MATERIALS
    assert expense.note == "Essence pour la tondeuse"
    assert expense.recorded_by == leader
    assert not expense.receipt
    assert expense.label == "Essence pour la tondeuse"


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5")])
def test_an_expense_must_be_above_zero(season, leader, amount):
    with refused("amount"):
        record(season, leader, amount=amount)
    assert not Expense.objects.exists()


def test_an_expense_cannot_be_dated_in_the_future(season, leader):
    with refused("future"):
        record(season, leader, spent_on=timezone.localdate() + dt.timedelta(days=1))


def test_an_expense_needs_a_known_category(season, leader):
    with refused("category"):
        record(season, leader, category="holidays")


def test_an_expense_in_an_archived_season_is_refused(leader, upload):
    archived = ArchivedSeasonFactory()
    with refused("season_archived"):
        record(archived, leader, receipt=upload())
    assert not Expense.objects.exists()


def test_the_receipt_is_stored_under_receipts_year_with_a_random_name(season, leader, upload):
    expense = record(season, leader, receipt=upload("mon ticket.pdf"))
    name = expense.receipt.name
    assert name.startswith(f"receipts/{timezone.localdate().year}/")
    assert "ticket" not in name
    assert name.endswith(".pdf")
    assert expense.receipt_type == "pdf"
    other = record(season, leader, receipt=upload("mon ticket.pdf"))
    assert other.receipt.name != name


def test_the_expense_form_records_and_goes_back_to_the_ledger(leader_client, season, upload):
    url = reverse("finance:expense_create", args=[season.pk])
    assert leader_client.get(url).status_code == 200
    response = leader_client.post(
        url,
        {
            "spent_on": timezone.localdate().isoformat(),
            "amount": "35.00",
            "category": "marketing",
            "note": "Affiches",
            "receipt": upload("affiches.png", content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 8),
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("finance:ledger_season", args=[season.pk])
    expense = Expense.objects.get()
    assert (expense.amount, expense.category, expense.receipt_type) == (
        Decimal("35.00"),
        "marketing",
        "png",
    )


def test_the_expense_form_in_an_archived_season_shows_the_refusal(leader_client):
    archived = ArchivedSeasonFactory()
    url = reverse("finance:expense_create", args=[archived.pk])
    response = leader_client.post(
        url,
        {"spent_on": "2020-07-03", "amount": "10", "category": "transport", "note": "Train"},
    )
    assert response.status_code == 200
    assert "archived" in response.content.decode() or "archivée" in response.content.decode()
    assert not Expense.objects.exists()
