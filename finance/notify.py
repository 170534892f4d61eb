"""Emails of the finance app, sent after commit in the resident's language (``cjs.mail``).

The resident gets the issued invoice and, when it is overdue, a reminder: both carry the
private links to the invoice (HTML and PDF) and to the request's tracking page.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from cjs.mail import send_after_commit
from finance.models import Invoice


def _context(invoice: Invoice) -> dict:
    service_request = invoice.billed.select_related("request").first().request
    token = service_request.token
    return {
        "invoice": invoice,
        "service_request": service_request,
        "invoice_url": reverse("finance:public_invoice", args=[token, invoice.number]),
        "pdf_url": reverse("finance:public_invoice_pdf", args=[token, invoice.number]),
        "tracking_url": service_request.get_tracking_url(),
    }


def invoice_issued(invoice: Invoice) -> None:
    send_after_commit(
        template="finance/invoice_issued",
        to=[invoice.customer_email],
        context=_context(invoice),
        language=invoice.customer_language,
    )


def invoice_reminder(invoice: Invoice, *, balance_due: Decimal) -> None:
    send_after_commit(
        template="finance/invoice_reminder",
        to=[invoice.customer_email],
        context={**_context(invoice), "balance_due": balance_due},
        language=invoice.customer_language,
    )
