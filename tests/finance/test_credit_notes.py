"""Credit notes correct an issued invoice, all or part of it, with a reason; they reduce
the balance and never credit more than was invoiced."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from finance import actions
from tests.finance.conftest import refused, with_balance

pytestmark = pytest.mark.django_db


def test_a_partial_credit_note_reduces_the_balance(issued, leader):
    invoice = issued(fixed=Decimal("40.00"))
    note = actions.credit_note_create(
        invoice=invoice, amount=Decimal("12.50"), reason="Une haie oubliée", by=leader
    )
    assert note.invoice == invoice and note.reason == "Une haie oubliée"
    invoice = with_balance(invoice)
    assert (invoice.credited, invoice.balance_due) == (Decimal("12.50"), Decimal("27.50"))
    assert invoice.total == Decimal("40.00")  # the invoice itself is unchanged


def test_a_full_credit_note_cancels_what_is_owed(issued, leader):
    invoice = issued(fixed=Decimal("40.00"))
    actions.credit_note_create(invoice=invoice, amount=Decimal("40"), reason="Annulé", by=leader)
    assert with_balance(invoice).balance_due == Decimal("0.00")


def test_no_credit_note_beyond_what_was_invoiced(issued, leader):
    invoice = issued(fixed=Decimal("40.00"))
    actions.credit_note_create(invoice=invoice, amount=Decimal("30"), reason="x", by=leader)
    with refused("amount"):
        actions.credit_note_create(invoice=invoice, amount=Decimal("10.01"), reason="x", by=leader)


def test_a_credit_note_needs_a_reason(issued, leader):
    with refused("reason"):
        actions.credit_note_create(
            invoice=issued(fixed=Decimal("40.00")), amount=Decimal("1"), reason="  ", by=leader
        )


def test_a_draft_is_not_credited_but_edited(draft, leader):
    with refused("draft"):
        actions.credit_note_create(
            invoice=draft(fixed=Decimal("40.00")), amount=Decimal("1"), reason="x", by=leader
        )


def test_the_credit_note_page_form_shows_the_refusal(issued, leader_client):
    invoice = issued(fixed=Decimal("40.00"), on=dt.date(2026, 7, 3))
    url = f"/finances/factures/{invoice.pk}/avoir/"
    response = leader_client.post(url, {"amount": "50", "reason": "Trop"})
    assert response.status_code == 200  # the page again, with the refusal
    assert "40,00" in response.content.decode()
    ok = leader_client.post(url, {"amount": "5", "reason": "Geste"})
    assert ok.status_code == 302
    assert with_balance(invoice).credited == Decimal("5.00")


def test_a_credit_note_after_full_payment_shows_what_to_refund_not_a_negative_balance(
    issued, leader, anonymous
):
    invoice = issued(fixed=Decimal("40.00"))
    actions.payment_record(invoice=invoice, amount=Decimal("40"), method="cash", by=leader)
    actions.credit_note_create(invoice=invoice, amount=Decimal("5"), reason="Retard", by=leader)
    invoice = with_balance(invoice)
    assert invoice.refund_due == Decimal("5.00")
    token = invoice.billed.get().request.token
    text = anonymous.get(reverse("finance:public_invoice", args=[token, invoice.number]))
    text = text.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert "À rembourser au client" in text and "-5,00" not in text and "−5,00" not in text
