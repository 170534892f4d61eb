"""What the finance views share: the audiences and the invoice page with its forms."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cjs.http import attempt
from finance import queries
from finance.capabilities import FINANCE_PAGES, ISSUE_INVOICES, KEEP_ACCOUNTS, RECORD_PAYMENTS
from finance.forms import CreditNoteForm, MaterialLineForm, PaymentForm
from finance.models import Invoice
from members.permissions import capabilities_for, capability_required

finance_pages = capability_required(*FINANCE_PAGES)
invoicing = capability_required(ISSUE_INVOICES)
payments = capability_required(RECORD_PAYMENTS)
accounts = capability_required(KEEP_ACCOUNTS)


def invoice_page(request: HttpRequest, invoice: Invoice, **forms) -> HttpResponse:
    """The invoice's page; ``forms`` replaces a blank form by the one just posted."""
    held = capabilities_for(request)
    page = queries.invoice_page(invoice)
    context = {
        "page": page,
        "invoice": invoice,
        "can_edit_draft": ISSUE_INVOICES in held and invoice.is_draft,
        "can_credit": ISSUE_INVOICES in held and invoice.is_issued,
        "can_pay": RECORD_PAYMENTS in held and page.is_payable,
        "line_form": MaterialLineForm(),
        "credit_form": CreditNoteForm(),
        "payment_form": PaymentForm(initial={"paid_on": timezone.localdate()}),
        **forms,
    }
    return render(request, "finance/invoice_detail.html", context)


def posted_form_action(
    request: HttpRequest,
    invoice: Invoice,
    *,
    form,
    name: str,
    action: Callable[..., object],
    success: str,
) -> HttpResponse:
    """The forms of the invoice page: run ``action(**cleaned_data)``; on success back to the
    page, otherwise the page again with the form and its errors."""
    if form.is_valid():
        outcome = attempt(lambda: action(**form.cleaned_data), success)
        if outcome:
            outcome.flash(request)
            return redirect(invoice)
        outcome.on_form(form)
    return invoice_page(request, invoice, **{name: form})
