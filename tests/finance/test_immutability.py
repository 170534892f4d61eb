"""An issued invoice never changes: the model refuses, the admin only shows it, and the
database refuses an UPDATE or DELETE of the invoice and of its lines sent as raw SQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from finance import actions
from finance.models import CreditNote, Invoice, InvoiceLine, InvoiceRequest, IssuedInvoiceError
from tests.finance.conftest import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(issued):
    return Invoice.objects.get(pk=issued(fixed=Decimal("20.00"), on=dt.date(2026, 7, 3)).pk)


def test_the_model_refuses_to_save_an_issued_invoice(invoice):
    invoice.total = Decimal("1.00")
    with pytest.raises(IssuedInvoiceError):
        invoice.save()


def test_the_model_refuses_to_delete_an_issued_invoice(invoice):
    with pytest.raises(IssuedInvoiceError):
        invoice.delete()


def test_the_model_refuses_to_change_or_add_a_line_of_an_issued_invoice(invoice):
    line = invoice.lines.get()
    line.amount = Decimal("1.00")
    with pytest.raises(IssuedInvoiceError):
        line.save()
    with pytest.raises(IssuedInvoiceError):
        line.delete()
    with pytest.raises(IssuedInvoiceError):
        InvoiceLine(
            invoice=invoice, kind="material", description="x", quantity=1, unit_price=1, amount=1
        ).save()


def test_actions_on_drafts_refuse_an_issued_invoice(invoice, leader):
    with refused("issued"):
        actions.invoice_line_add(
            invoice=invoice, description="x", quantity=Decimal(1), unit_price=Decimal(1), by=leader
        )
    with refused("issued"):
        actions.invoice_delete(invoice=invoice, by=leader)


def _refused(sql: str, params: list) -> None:
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_to_update_or_delete_an_issued_invoice(invoice):
    _refused("UPDATE finance_invoice SET total = 1 WHERE id = %s", [invoice.pk])
    _refused("UPDATE finance_invoice SET status = 'draft' WHERE id = %s", [invoice.pk])
    _refused("DELETE FROM finance_invoice WHERE id = %s", [invoice.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(customer_name="Quelqu'un d'autre")
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("20.00")


def test_the_database_refuses_to_touch_the_lines_of_an_issued_invoice(invoice):
    line = invoice.lines.get()
    _refused("UPDATE finance_invoiceline SET amount = 1 WHERE id = %s", [line.pk])
    _refused("DELETE FROM finance_invoiceline WHERE id = %s", [line.pk])
    _refused(
        "INSERT INTO finance_invoiceline "
        '(invoice_id, kind, description, quantity, unit_price, amount, "order") '
        "VALUES (%s, 'material', 'x', 1, 1, 1, 9)",
        [invoice.pk],
    )
    _refused("DELETE FROM finance_invoicerequest WHERE invoice_id = %s", [invoice.pk])
    assert InvoiceLine.objects.filter(invoice=invoice).count() == 1
    assert InvoiceRequest.objects.filter(invoice=invoice).count() == 1


def test_the_database_lets_drafts_change_and_go(draft):
    invoice = draft(fixed=Decimal("10.00"))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE finance_invoiceline SET amount = 2 WHERE invoice_id = %s", [invoice.pk]
        )
        cursor.execute("UPDATE finance_invoice SET total = 2 WHERE id = %s", [invoice.pk])
    invoice.refresh_from_db()
    invoice.delete()
    assert not Invoice.objects.exists()


def test_the_database_refuses_to_change_a_credit_note(invoice, leader):
    note = actions.credit_note_create(invoice=invoice, amount=Decimal("5"), reason="x", by=leader)
    _refused("UPDATE finance_creditnote SET amount = 1 WHERE id = %s", [note.pk])
    _refused("DELETE FROM finance_creditnote WHERE id = %s", [note.pk])
    assert CreditNote.objects.get(pk=note.pk).amount == Decimal("5.00")


def test_the_admin_shows_an_issued_invoice_read_only(invoice, leader):
    client = Client()
    client.force_login(leader)
    url = reverse("admin:finance_invoice_change", args=[invoice.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url, {"customer_name": "X"}).status_code == 403
    delete = reverse("admin:finance_invoice_delete", args=[invoice.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Invoice.objects.filter(pk=invoice.pk, customer_name="Monique Perrin").exists()
