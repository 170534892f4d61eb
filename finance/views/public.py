"""The resident's invoice, reached through the private tracking link of their request."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from finance import queries
from finance.pdf import pdf_response


@login_not_required
@never_cache
@require_GET
def public_invoice(request: HttpRequest, token: str, number: str) -> HttpResponse:
    invoice = queries.invoice_for_resident(token=token, number=number)
    context = {"page": queries.invoice_page(invoice), "invoice": invoice, "token": token}
    return render(request, "finance/public_invoice.html", context)


@login_not_required
@never_cache
@require_GET
def public_invoice_pdf(request: HttpRequest, token: str, number: str) -> HttpResponse:
    invoice = queries.invoice_for_resident(token=token, number=number)
    return pdf_response(invoice, request.cooperative)
