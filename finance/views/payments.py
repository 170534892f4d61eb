"""Payments received, the overdue invoices and their reminders."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cjs.http import attempt_and_redirect
from finance import actions, queries
from finance.forms import PaymentForm
from finance.views.common import finance_pages, payments, posted_form_action


@payments
@require_POST
def payment_record(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = queries.invoice_for_staff(pk)
    return posted_form_action(
        request,
        invoice,
        form=PaymentForm(request.POST),
        name="payment_form",
        action=lambda **data: actions.payment_record(invoice=invoice, by=request.user, **data),
        success=_("The payment is recorded."),
    )


@finance_pages
@require_GET
def overdue_list(request: HttpRequest) -> HttpResponse:
    invoices = queries.overdue_invoices(today=timezone.localdate())
    return render(request, "finance/overdue_list.html", {"invoices": invoices})


@payments
@require_POST
def invoice_remind(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = queries.invoice_for_staff(pk)
    return attempt_and_redirect(
        request,
        lambda: actions.invoice_remind(invoice=invoice, by=request.user),
        success=_("The reminder is sent to the resident."),
        then="finance:overdue_list",
    )
