"""The invoices: the list, one invoice and its PDF, the requests to invoice, and the writes
on drafts (materials, delete, issue) and on issued invoices (credit notes)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cjs.http import attempt, attempt_and_redirect
from finance import actions, queries
from finance.forms import CreditNoteForm, InvoiceCreateForm, InvoiceFilterForm, MaterialLineForm
from finance.models import InvoiceLine
from finance.pdf import pdf_response
from finance.views.common import finance_pages, invoice_page, invoicing, posted_form_action


@finance_pages
@require_GET
def invoice_list(request: HttpRequest) -> HttpResponse:
    form = InvoiceFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    invoices = queries.invoice_list(status=status, today=timezone.localdate())
    context = {"form": form, "invoices": invoices, "status": status}
    return render(request, "finance/invoice_list.html", context)


@finance_pages
@require_GET
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return invoice_page(request, queries.invoice_for_staff(pk))


@finance_pages
@require_GET
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return pdf_response(queries.invoice_for_staff(pk), request.cooperative)


@invoicing
@require_GET
def invoiceable(request: HttpRequest) -> HttpResponse:
    context = {"groups": queries.invoiceable_requests()}
    return render(request, "finance/invoiceable.html", context)


@invoicing
@require_POST
def invoice_create(request: HttpRequest) -> HttpResponse:
    form = InvoiceCreateForm(request.POST)
    chosen = list(form.cleaned_data["requests"]) if form.is_valid() else []
    outcome = attempt(
        lambda: actions.invoice_draft_create(requests=chosen, by=request.user),
        _("The draft invoice is ready: check it, add materials, then issue it."),
    ).flash(request)
    return redirect(outcome.value) if outcome else redirect("finance:invoiceable")


@invoicing
@require_POST
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = queries.invoice_for_staff(pk)
    return posted_form_action(
        request,
        invoice,
        form=MaterialLineForm(request.POST),
        name="line_form",
        action=lambda **data: actions.invoice_line_add(invoice=invoice, by=request.user, **data),
        success=_("The line is added."),
    )


@invoicing
@require_POST
def line_remove(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    found = get_object_or_404(InvoiceLine.objects.select_related("invoice"), pk=line, invoice=pk)
    return attempt_and_redirect(
        request,
        lambda: actions.invoice_line_remove(line=found, by=request.user),
        success=_("The line is removed."),
        then=found.invoice.get_absolute_url(),
    )


@invoicing
@require_POST
def invoice_delete(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = queries.invoice_for_staff(pk)
    outcome = attempt(
        lambda: actions.invoice_delete(invoice=invoice, by=request.user),
        _("The draft is deleted; its requests can be invoiced again."),
    ).flash(request)
    return redirect("finance:invoice_list") if outcome else redirect(invoice)


@invoicing
@require_POST
def invoice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = queries.invoice_for_staff(pk)
    return attempt_and_redirect(
        request,
        lambda: actions.invoice_issue(invoice=invoice, by=request.user),
        success=_("The invoice is issued and sent to the resident."),
        then=invoice.get_absolute_url(),
    )


@invoicing
@require_POST
def credit_note_create(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = queries.invoice_for_staff(pk)
    return posted_form_action(
        request,
        invoice,
        form=CreditNoteForm(request.POST),
        name="credit_form",
        action=lambda **data: actions.credit_note_create(invoice=invoice, by=request.user, **data),
        success=_("The credit note is issued."),
    )
