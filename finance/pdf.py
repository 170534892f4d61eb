"""An invoice as a PDF, drawn with ReportLab like the minutes (``governance.pdf``)."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from cjs.formatting import format_money
from cjs.pdf import a4_document, pdf_text
from finance.models import Invoice
from finance.queries import invoice_page


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=16, alignment=0),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=10, leading=13),
        "right": ParagraphStyle("right", parent=base["Normal"], fontSize=10, alignment=2),
        "small": ParagraphStyle("small", parent=base["Normal"], fontSize=8.5, leading=11),
    }


def invoice_pdf_bytes(invoice: Invoice, *, cooperative) -> bytes:
    """``invoice`` comes with its balance (``Invoice.objects.with_balance()``)."""
    page = invoice_page(invoice)
    styles = _styles()

    def money(amount) -> str:
        return pdf_text(
            format_money(amount, invoice.currency, region=cooperative.babel_locale_suffix)
        )

    def p(text: object, style: str = "body") -> Paragraph:
        return Paragraph(pdf_text(text), styles[style])

    seller = "\n".join(
        part
        for part in (
            invoice.seller_name or cooperative.name,
            invoice.seller_address,
            invoice.seller_registration,
        )
        if part
    )
    customer = f"{invoice.customer_name}\n{invoice.customer_address}"
    title = invoice.label if invoice.is_issued else _("DRAFT – not an invoice")
    flow: list = [
        Table([[p(seller), p(customer)]], colWidths=[87 * mm, 87 * mm]),
        Spacer(1, 8 * mm),
        Paragraph(pdf_text(title), styles["title"]),
    ]
    if invoice.is_issued:
        flow.append(
            p(
                _("Issued on %(issued)s – due on %(due)s")
                % {
                    "issued": date_format(invoice.issued_on, "j F Y"),
                    "due": date_format(invoice.due_on, "j F Y"),
                }
            )
        )
    rows = [
        [
            p(_("Description")),
            p(_("Quantity"), "right"),
            p(_("Unit price"), "right"),
            p(_("Amount"), "right"),
        ]
    ]
    for line in page.lines:
        rows.append(
            [
                p(line.description),
                p(number_format(line.quantity.normalize()), "right"),
                Paragraph(money(line.unit_price), styles["right"]),
                Paragraph(money(line.amount), styles["right"]),
            ]
        )
    figures = [(_("Total"), invoice.total)]
    if invoice.is_issued:
        figures += [
            (_("Credited"), invoice.credited),
            (_("Paid"), invoice.paid),
            (_("To refund to the customer"), invoice.refund_due)
            if invoice.refund_due
            else (_("Balance due"), invoice.balance_due),
        ]
    for label, amount in figures:
        rows.append(["", "", p(label, "right"), Paragraph(money(amount), styles["right"])])
    table = Table(rows, colWidths=[92 * mm, 22 * mm, 30 * mm, 30 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, len(page.lines)), (-1, len(page.lines)), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    flow += [Spacer(1, 5 * mm), table, Spacer(1, 6 * mm)]
    for note in page.credit_notes:
        flow.append(
            p(
                _("Credit note %(number)s of %(date)s: %(reason)s")
                % {
                    "number": note.number,
                    "date": date_format(note.issued_on, "j F Y"),
                    "reason": note.reason,
                }
                + " (−"
                + format_money(
                    note.amount, invoice.currency, region=cooperative.babel_locale_suffix
                )
                + ")",
                "small",
            )
        )
    if invoice.is_issued:
        flow.append(
            p(
                _("Payment within %(days)s days of the invoice date.")
                % {"days": invoice.payment_terms_days},
                "small",
            )
        )
        flow.append(p(invoice.mentions, "small"))
    buffer = BytesIO()
    a4_document(buffer, title=title, author=invoice.seller_name or cooperative.name).build(flow)
    return buffer.getvalue()


def pdf_response(invoice: Invoice, cooperative) -> HttpResponse:
    response = HttpResponse(
        invoice_pdf_bytes(invoice, cooperative=cooperative), content_type="application/pdf"
    )
    name = invoice.number or f"brouillon-{invoice.pk}"
    response["Content-Disposition"] = f'inline; filename="facture-{name}.pdf"'
    return response
