"""Self-financing income (car wash, bake sale, garage sale, donation, other): recorded with
its date, amount and note, counted in the season's result, refused in an archived season."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance import actions, queries
from finance.models import IncomeCategory, OtherIncome
from tests.factories import ArchivedSeasonFactory, ExpenseFactory
from tests.finance.conftest import refused

pytestmark = pytest.mark.django_db


def record(season, by, **fields):
    fields.setdefault("received_on", timezone.localdate())
    fields.setdefault("amount", Decimal("185.50"))
    fields.setdefault("category", IncomeCategory.CAR_WASH)
    return actions.other_income_record(season=season, by=by, **fields)


def test_a_car_wash_is_recorded_with_its_note_and_who_recorded_it(season, leader):
    income = record(season, leader, note=" Parking de la salle des fêtes ")
    income.refresh_from_db()
    assert (income.amount, income.category, income.recorded_by) == (
        Decimal("185.50"),
        "car_wash",
        leader,
    )
    assert income.note == "Parking de la salle des fêtes"


@pytest.mark.parametrize("category", IncomeCategory.values)
def test_every_kind_of_self_financing_is_accepted(season, leader, category):
    assert record(season, leader, category=category).category == category


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1")])
def test_an_income_must_be_above_zero(season, leader, amount):
    with refused("amount"):
        record(season, leader, amount=amount)


def test_an_income_cannot_be_dated_in_the_future(season, leader):
    with refused("future"):
        record(season, leader, received_on=timezone.localdate() + dt.timedelta(days=2))


def test_an_unknown_kind_is_refused(season, leader):
    with refused("category"):
        record(season, leader, category="lottery")


def test_an_income_in_an_archived_season_is_refused(leader):
    with refused("season_archived"):
        record(ArchivedSeasonFactory(), leader)
    assert not OtherIncome.objects.exists()


def test_the_income_form_in_an_archived_season_records_nothing(leader_client):
    archived = ArchivedSeasonFactory()
    response = leader_client.post(
        reverse("finance:income_create", args=[archived.pk]),
        {"received_on": "2020-07-10", "amount": "50", "category": "donation", "note": ""},
    )
    assert response.status_code == 200
    assert not OtherIncome.objects.exists()


def test_the_archived_ledger_is_read_only(leader_client):
    archived = ArchivedSeasonFactory()
    page = leader_client.get(reverse("finance:ledger_season", args=[archived.pk]))
    assert reverse("finance:expense_create", args=[archived.pk]) not in page.content.decode()
    assert reverse("finance:income_create", args=[archived.pk]) not in page.content.decode()


def test_self_financing_counts_in_the_result(season, leader):
    record(season, leader, amount=Decimal("100.00"))
    ExpenseFactory(season=season, amount=Decimal("30.00"))
    figures = queries.ledger(season)
    assert figures.income_by_category["car_wash"] == Decimal("100.00")
    assert figures.result == Decimal("70.00")
