"""The invoice as the resident gets it: the email on issue with the private links, the HTML
page and the PDF, and the invoices shown with their balance on the tracking page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from finance import actions, queries
from finance.pdf import invoice_pdf_bytes

pytestmark = pytest.mark.django_db


def test_issuing_emails_the_invoice_to_the_resident(
    draft, leader, django_capture_on_commit_callbacks
):
    invoice = draft(fixed=Decimal("1234.50"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.invoice_issue(invoice=invoice, by=leader, on=dt.date(2026, 7, 3))
    [message] = mail.outbox
    token = invoice.billed.get().request.token
    assert message.to == ["monique.perrin@example.fr"]
    assert "2026-0001" in message.subject
    assert "1\u202f234,50\xa0€" in message.body
    assert f"/finances/facture/{token}/2026-0001/" in message.body
    assert f"/finances/facture/{token}/2026-0001/pdf/" in message.body
    assert f"/suivi/{token}/" in message.body
    html = message.alternatives[0][0]
    assert f"/finances/facture/{token}/2026-0001/" in html


def test_a_draft_sends_nothing(draft, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        draft(fixed=Decimal("10"))
    assert mail.outbox == []


def test_the_pdf_is_a_pdf_for_staff_and_resident(issued, leader_client, anonymous, cooperative):
    invoice = issued(fixed=Decimal("42.00"))
    token = invoice.billed.get().request.token
    staff = leader_client.get(reverse("finance:invoice_pdf", args=[invoice.pk]))
    public = anonymous.get(reverse("finance:public_invoice_pdf", args=[token, invoice.number]))
    for response in (staff, public):
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert invoice_pdf_bytes(invoice, cooperative=cooperative).startswith(b"%PDF")


def test_a_draft_pdf_says_it_is_not_an_invoice(draft, leader_client):
    invoice = draft(fixed=Decimal("10"))
    response = leader_client.get(reverse("finance:invoice_pdf", args=[invoice.pk]))
    assert response.content.startswith(b"%PDF")
    assert "brouillon" in response["Content-Disposition"]


def test_the_resident_page_shows_lines_mentions_and_balance(issued, anonymous, leader):
    invoice = issued(fixed=Decimal("40.00"))
    actions.payment_record(invoice=invoice, amount=Decimal("15"), method="cash", by=leader)
    token = invoice.billed.get().request.token
    html = anonymous.get(reverse("finance:public_invoice", args=[token, invoice.number]))
    text = html.content.decode()
    assert invoice.number in text
    assert "40,00" in text and "25,00" in text
    assert "TVA non applicable, art. 293 B du CGI" in text
    assert html["Cache-Control"].startswith("max-age=0")


def test_the_tracking_invoices_carry_total_paid_and_balance(issued, leader, cooperative):
    invoice = issued(fixed=Decimal("40.00"))
    actions.payment_record(invoice=invoice, amount=Decimal("15"), method="cash", by=leader)
    service_request = invoice.billed.get().request
    [found] = queries.invoices_for_tracking(service_request)
    assert (found.total, found.paid, found.balance_due) == (
        Decimal("40.00"),
        Decimal("15.00"),
        Decimal("25.00"),
    )
    html = render_to_string(
        "finance/_tracking_invoices.html",
        {"invoices": [found], "token": service_request.token, "cooperative": cooperative},
    )
    assert reverse("finance:public_invoice", args=[service_request.token, invoice.number]) in html
    assert "25,00" in html


def test_drafts_are_not_on_the_tracking_page(draft):
    invoice = draft(fixed=Decimal("10"))
    assert queries.invoices_for_tracking(invoice.billed.get().request) == []
