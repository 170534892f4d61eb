"""Twenty invoices issued at once from twenty threads get twenty consecutive numbers: the
counter row of the year is locked (PostgreSQL row locks, real threads)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from finance import actions
from finance.models import CreditNote, Invoice
from tests.services.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_invoices_issued_at_once_get_twenty_consecutive_numbers(draft, leader):
    drafts = [draft(fixed=Decimal("10.00"), email=f"r{i}@example.fr") for i in range(20)]
    day = dt.date(2026, 7, 3)
    results = run_together(
        20, lambda i: actions.invoice_issue(invoice=drafts[i], by=leader, on=day)
    )
    assert all(isinstance(r, Invoice) for r in results), results
    numbers = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, 21))
    assert sorted(Invoice.objects.values_list("number", flat=True)) == [
        f"2026-{n:04d}" for n in range(1, 21)
    ]


def test_credit_notes_made_at_once_get_consecutive_numbers(issued, leader):
    invoices = [
        issued(fixed=Decimal("10.00"), email=f"r{i}@example.fr", on=dt.date(2026, 7, 3))
        for i in range(8)
    ]
    results = run_together(
        8,
        lambda i: actions.credit_note_create(
            invoice=invoices[i],
            amount=Decimal("1"),
            reason="Geste",
            by=leader,
            on=dt.date(2026, 7, 4),
        ),
    )
    assert all(isinstance(r, CreditNote) for r in results), results
    assert sorted(CreditNote.objects.values_list("sequence", flat=True)) == list(range(1, 9))
