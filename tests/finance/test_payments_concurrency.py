"""Treasurers recording payments at the same moment never overpay an invoice: the invoice
row is locked while the balance is checked (PostgreSQL row locks, real threads)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cjs.errors import DomainError
from finance import actions
from finance.models import Payment
from tests.services.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ten_payments_at_once_on_a_fifty_euro_invoice_record_exactly_fifty(issued, leader):
    invoice = issued(fixed=Decimal("50.00"))
    results = run_together(
        10,
        lambda _i: actions.payment_record(
            invoice=invoice, amount=Decimal("10"), method="cash", by=leader
        ),
    )
    assert len([r for r in results if isinstance(r, Payment)]) == 5
    assert {r.code for r in results if isinstance(r, DomainError)} == {"overpayment"}
    assert sum(Payment.objects.values_list("amount", flat=True)) == Decimal("50.00")
