"""Invoice numbers: given only at issue, sequential per year without gaps; credit notes in
their own sequence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from finance import actions
from finance.models import DocumentCounter
from tests.finance.conftest import refused

pytestmark = pytest.mark.django_db


def test_a_draft_has_no_number_until_it_is_issued(draft, leader):
    invoice = draft(fixed=Decimal("10.00"))
    assert invoice.number == ""
    actions.invoice_issue(invoice=invoice, by=leader, on=dt.date(2026, 7, 3))
    invoice.refresh_from_db()
    assert invoice.number == "2026-0001"
    assert (invoice.year, invoice.sequence) == (2026, 1)
    assert invoice.issued_on == dt.date(2026, 7, 3)
    assert invoice.due_on == dt.date(2026, 8, 2)


def test_numbers_follow_each_other_in_the_order_of_issue(draft, leader):
    drafts = [draft(fixed=Decimal("10.00"), email=f"r{i}@example.fr") for i in range(3)]
    for invoice in reversed(drafts):  # drafted first does not mean numbered first
        actions.invoice_issue(invoice=invoice, by=leader, on=dt.date(2026, 7, 3))
    numbers = [d.__class__.objects.get(pk=d.pk).number for d in reversed(drafts)]
    assert numbers == ["2026-0001", "2026-0002", "2026-0003"]


def test_a_new_year_starts_again_at_one(draft, leader):
    first = draft(fixed=Decimal("10.00"), email="a@example.fr")
    second = draft(fixed=Decimal("10.00"), email="b@example.fr")
    actions.invoice_issue(invoice=first, by=leader, on=dt.date(2026, 12, 31))
    actions.invoice_issue(invoice=second, by=leader, on=dt.date(2027, 1, 1))
    second.refresh_from_db()
    assert second.number == "2027-0001"


def test_deleted_drafts_and_refused_issues_leave_no_gap(draft, leader):
    deleted = draft(fixed=Decimal("10.00"), email="a@example.fr")
    actions.invoice_delete(invoice=deleted, by=leader)
    issued = draft(fixed=Decimal("10.00"), email="b@example.fr")
    actions.invoice_issue(invoice=issued, by=leader, on=dt.date(2026, 7, 3))
    with refused("issued"):  # already issued: no second number
        actions.invoice_issue(invoice=issued, by=leader, on=dt.date(2026, 7, 3))
    empty = draft(fixed=Decimal("0.00"), email="c@example.fr")
    with refused("empty_invoice"):
        actions.invoice_issue(invoice=empty, by=leader, on=dt.date(2026, 7, 3))
    nxt = draft(fixed=Decimal("10.00"), email="d@example.fr")
    actions.invoice_issue(invoice=nxt, by=leader, on=dt.date(2026, 7, 4))
    nxt.refresh_from_db()
    assert nxt.number == "2026-0002"
    assert DocumentCounter.objects.get(kind="invoice", year=2026).last == 2


def test_credit_notes_have_their_own_sequence(issued, leader):
    invoice = issued(fixed=Decimal("20.00"), on=dt.date(2026, 7, 3))
    note = actions.credit_note_create(
        invoice=invoice, amount=Decimal("5"), reason="Erreur", by=leader, on=dt.date(2026, 7, 5)
    )
    assert invoice.number == "2026-0001"
    assert note.number == "AV-2026-0001"
    second = actions.credit_note_create(
        invoice=invoice, amount=Decimal("5"), reason="Encore", by=leader, on=dt.date(2026, 7, 6)
    )
    assert second.number == "AV-2026-0002"
