"""The ledger page and its CSV read a fixed number of queries whatever the season holds: the
sums are made by the database (by week and category), never row by row in Python."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance import actions
from tests.factories import ExpenseFactory, OtherIncomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def season_of_size(season, issued, leader):
    def make(size: int):
        today = timezone.localdate()
        for index in range(size):
            on = today - dt.timedelta(days=index % 20)
            invoice = issued(fixed=Decimal("20"), email=f"r{index}@example.fr", on=on)
            actions.payment_record(
                invoice=invoice, amount=Decimal("20"), method="cash", paid_on=on, by=leader
            )
            ExpenseFactory(
                season=season, spent_on=on, category=["materials", "transport"][index % 2]
            )
            OtherIncomeFactory(season=season, received_on=on)
        return season

    return make


# The session and the user (a leader holds every capability without a query); a page adds
# the cooperative and the current season for the layout. Then, whatever the movements:
# - ledger page: the season asked for (1), the sums by week and category (payments,
#   self-financing income, expenses, in one query: 1), the season's expenses and income
#   listed (2) and the seasons to switch to (1);
# - CSV (no layout): the season (1) and the three lists of movements, payments with their
#   invoice (3).
BUDGETS = {"finance:ledger_season": 9, "finance:ledger_csv": 6}


@pytest.mark.parametrize("name", sorted(BUDGETS))
@pytest.mark.parametrize("size", [2, 15])
def test_the_ledger_stays_within_its_query_budget(
    name, size, season_of_size, leader_client, django_assert_max_num_queries
):
    season = season_of_size(size)
    with django_assert_max_num_queries(BUDGETS[name]):
        response = leader_client.get(reverse(name, args=[season.pk]))
    assert response.status_code == 200
