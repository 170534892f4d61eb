"""The list pages read a fixed number of queries whatever the number of invoices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoices(issued, draft, done_request, leader):
    def make(count: int) -> None:
        past = timezone.localdate() - dt.timedelta(days=40)
        for index in range(count):
            invoice = issued(fixed=Decimal("20"), email=f"r{index}@example.fr", on=past)
            actions.payment_record(invoice=invoice, amount=Decimal("5"), method="cash", by=leader)
            actions.invoice_remind(invoice=invoice, by=leader)
            draft(fixed=Decimal("10"), email=f"d{index}@example.fr")
            done_request(fixed=Decimal("10"), email=f"w{index}@example.fr")

    return make


# Every page: the session, the user, the cooperative and the season (a leader holds every
# capability without a query). Then the page's own read, whatever the number of invoices:
# - invoice list: the invoices with their paid, credited and balance subqueries (1);
# - overdue list: the overdue invoices (1) and their reminders, prefetched (1);
# - requests to invoice: the finished requests not billed yet, with their service (1).
BUDGETS = {"finance:invoice_list": 5, "finance:overdue_list": 6, "finance:invoiceable": 5}


@pytest.mark.parametrize("name", sorted(BUDGETS))
@pytest.mark.parametrize("size", [2, 12])
def test_list_pages_stay_within_their_query_budget(
    name, size, invoices, leader_client, django_assert_max_num_queries
):
    invoices(size)
    with django_assert_max_num_queries(BUDGETS[name]):
        response = leader_client.get(reverse(name))
    assert response.status_code == 200


def test_the_invoice_list_shows_every_invoice_and_filters_by_status(invoices, leader_client):
    invoices(3)
    everything = leader_client.get(reverse("finance:invoice_list")).context["invoices"]
    drafts = leader_client.get(reverse("finance:invoice_list"), {"status": "draft"})
    overdue = leader_client.get(reverse("finance:invoice_list"), {"status": "overdue"})
    assert len(everything) == 6
    assert {i.status for i in drafts.context["invoices"]} == {"draft"}
    assert len(overdue.context["invoices"]) == 3
    assert all(i.overdue for i in overdue.context["invoices"])
