"""The resident sees their invoices, and what is left to pay, on their tracking page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from finance import actions

pytestmark = pytest.mark.django_db


def test_the_tracking_page_shows_the_invoice_and_its_balance(issued, leader, anonymous):
    invoice = issued(fixed=Decimal("80.00"))
    service_request = invoice.billed.get().request
    html = anonymous.get(service_request.get_tracking_url()).content.decode()
    assert "Vos factures" in html
    assert reverse("finance:public_invoice", args=[service_request.token, invoice.number]) in html
    assert "80,00" in html and "à payer" in html

    actions.payment_record(invoice=invoice, amount=Decimal("80.00"), method="cash", by=leader)
    html = anonymous.get(service_request.get_tracking_url()).content.decode()
    assert "à payer" not in html
    assert "payée" in html


def test_a_draft_invoice_is_not_on_the_tracking_page(draft, anonymous):
    invoice = draft(fixed=Decimal("80.00"))
    service_request = invoice.billed.get().request
    html = anonymous.get(service_request.get_tracking_url()).content.decode()
    assert "Vos factures" not in html


@pytest.mark.parametrize("size", [1, 5])
def test_the_tracking_page_of_an_invoiced_request_keeps_its_query_budget(
    size, issued, leader, anonymous, django_assert_max_num_queries
):
    invoice = issued(fixed=Decimal("80.00"))
    for _ in range(size):
        actions.payment_record(invoice=invoice, amount=Decimal("1.00"), method="cash", by=leader)
    service_request = invoice.billed.get().request
    # request, quotes, jobs, events, cooperative, current season, satisfaction, the invoices
    with django_assert_max_num_queries(8):
        assert anonymous.get(service_request.get_tracking_url()).status_code == 200
