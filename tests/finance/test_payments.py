"""Payments: only on issued invoices, partial payments, never more than the balance due;
the overdue list and its reminder email."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from finance import actions, queries
from finance.models import Payment, Reminder
from tests.finance.conftest import refused, with_balance

pytestmark = pytest.mark.django_db


def test_partial_payments_add_up_to_a_settled_invoice(issued, leader):
    invoice = issued(fixed=Decimal("50.00"))
    actions.payment_record(invoice=invoice, amount=Decimal("20"), method="cash", by=leader)
    assert with_balance(invoice).balance_due == Decimal("30.00")
    actions.payment_record(
        invoice=invoice, amount=Decimal("30"), method="cheque", reference="n° 1234", by=leader
    )
    invoice = with_balance(invoice)
    assert (invoice.paid, invoice.balance_due) == (Decimal("50.00"), Decimal("0.00"))


def test_an_overpayment_is_refused_with_the_balance_due(issued, leader):
    invoice = issued(fixed=Decimal("50.00"))
    actions.payment_record(invoice=invoice, amount=Decimal("45"), method="card", by=leader)
    with pytest.raises(DomainError) as refusal:
        actions.payment_record(invoice=invoice, amount=Decimal("5.01"), method="cash", by=leader)
    assert refusal.value.code == "overpayment"
    assert "5,00" in refusal.value.message
    assert Payment.objects.count() == 1


def test_a_credit_note_lowers_what_can_be_paid(issued, leader):
    invoice = issued(fixed=Decimal("50.00"))
    actions.credit_note_create(invoice=invoice, amount=Decimal("10"), reason="x", by=leader)
    with refused("overpayment"):
        actions.payment_record(invoice=invoice, amount=Decimal("50"), method="cash", by=leader)
    actions.payment_record(invoice=invoice, amount=Decimal("40"), method="cash", by=leader)


def test_a_draft_takes_no_payment(draft, leader):
    with refused("draft"):
        actions.payment_record(
            invoice=draft(fixed=Decimal("50.00")), amount=Decimal("5"), method="cash", by=leader
        )


def test_a_payment_needs_a_known_method(issued, leader):
    with refused("method"):
        actions.payment_record(
            invoice=issued(fixed=Decimal("5")), amount=Decimal("5"), method="bitcoin", by=leader
        )


def test_the_payment_form_refuses_an_overpayment_on_the_page(issued, leader_client):
    invoice = issued(fixed=Decimal("50.00"))
    url = reverse("finance:payment_record", args=[invoice.pk])
    data = {"amount": "60", "method": "cash", "paid_on": timezone.localdate().isoformat()}
    response = leader_client.post(url, data)
    assert response.status_code == 200  # the page again, with the refusal
    assert "50,00" in response.content.decode()
    assert not Payment.objects.exists()
    assert leader_client.post(url, {**data, "amount": "50"}).status_code == 302
    assert Payment.objects.get().amount == Decimal("50.00")


def test_the_overdue_list_holds_invoices_past_due_with_money_owed(issued, leader):
    today = timezone.localdate()
    late = issued(fixed=Decimal("30"), email="late@example.fr", on=today - dt.timedelta(days=40))
    paid = issued(fixed=Decimal("30"), email="paid@example.fr", on=today - dt.timedelta(days=40))
    actions.payment_record(invoice=paid, amount=Decimal("30"), method="cash", by=leader)
    issued(fixed=Decimal("30"), email="recent@example.fr", on=today)
    assert [i.pk for i in queries.overdue_invoices(today=today)] == [late.pk]


def test_a_reminder_emails_the_resident_the_balance_due(issued, leader, leader_client):
    today = timezone.localdate()
    invoice = issued(fixed=Decimal("30"), on=today - dt.timedelta(days=40))
    actions.payment_record(invoice=invoice, amount=Decimal("10"), method="cash", by=leader)
    mail.outbox.clear()
    with_commit = leader_client.post(reverse("finance:invoice_remind", args=[invoice.pk]))
    assert with_commit.status_code == 302
    assert Reminder.objects.filter(invoice=invoice).count() == 1


def test_a_reminder_is_refused_for_an_invoice_not_overdue(issued, leader):
    with refused("not_overdue"):
        actions.invoice_remind(invoice=issued(fixed=Decimal("30")), by=leader)


def test_the_reminder_email_states_the_balance(issued, leader, django_capture_on_commit_callbacks):
    invoice = issued(fixed=Decimal("30"), on=timezone.localdate() - dt.timedelta(days=40))
    actions.payment_record(invoice=invoice, amount=Decimal("10"), method="cash", by=leader)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.invoice_remind(invoice=invoice, by=leader)
    [message] = mail.outbox
    assert message.to == ["monique.perrin@example.fr"]
    assert invoice.number in message.subject
    assert "20,00" in message.body
    assert (
        f"/finances/facture/{invoice.billed.get().request.token}/{invoice.number}/" in message.body
    )


def test_a_payment_dated_in_the_future_is_refused(issued, leader):
    with refused("future"):
        actions.payment_record(
            invoice=issued(fixed=Decimal("5")),
            amount=Decimal("5"),
            method="cash",
            paid_on=timezone.localdate() + dt.timedelta(days=1),
            by=leader,
        )


def test_the_invoice_list_puts_drafts_first(issued, draft, leader_client):
    issued(fixed=Decimal("5"), email="a@example.fr")
    waiting = draft(fixed=Decimal("5"), email="b@example.fr")
    listed = leader_client.get(reverse("finance:invoice_list")).context["invoices"]
    assert listed[0].pk == waiting.pk
