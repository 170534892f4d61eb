"""The payout sheet of a frozen share-out as a PDF: the figures, the steps in words and one
line per member with a column to sign when paid."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.formats import date_format, number_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from cjs.formatting import format_money
from cjs.pdf import a4_document, pdf_text
from finance.models import ShareOut
from finance.pdf import _styles


def share_out_pdf_bytes(share_out: ShareOut, *, steps: list[str], cooperative) -> bytes:
    """``share_out`` comes with its lines and motion (``shareout_for_season``)."""
    styles = _styles()

    def p(text: object, style: str = "body") -> Paragraph:
        return Paragraph(pdf_text(text), styles[style])

    def money(amount) -> Paragraph:
        text = format_money(amount, cooperative.currency, region=cooperative.babel_locale_suffix)
        return p(text, "right")

    title = _("Payout sheet – share-out of %(season)s") % {"season": share_out.season}
    meeting = share_out.motion.item.meeting
    flow: list = [
        p(cooperative.name),
        Spacer(1, 4 * mm),
        Paragraph(pdf_text(title), styles["title"]),
        p(
            _("Rule adopted: “%(motion)s” (%(meeting)s). Frozen on %(date)s.")
            % {
                "motion": share_out.motion.title,
                "meeting": meeting,
                "date": date_format(localtime(share_out.frozen_at), "j F Y"),
            },
            "small",
        ),
        Spacer(1, 4 * mm),
    ]
    flow += [p(f"{index}. {step}") for index, step in enumerate(steps, start=1)]
    rows = [
        [
            p(_("Member")),
            p(_("Hours"), "right"),
            p(_("Equal part"), "right"),
            p(_("Pro rata part"), "right"),
            p(_("Bonus"), "right"),
            p(_("Total"), "right"),
            p(_("Paid – signature")),
        ]
    ]
    lines = list(share_out.lines.all())
    for line in lines:
        name = f"{line.name} ({_('left')})" if line.departed else line.name
        rows.append(
            [
                p(name),
                p(number_format(line.hours, 2), "right"),
                money(line.equal),
                money(line.pro_rata),
                money(line.bonus),
                money(line.total),
                "",
            ]
        )
    rows.append([p(_("Total")), "", "", "", "", money(share_out.distributable), ""])
    table = Table(
        rows,
        colWidths=[46 * mm, 16 * mm, 22 * mm, 22 * mm, 20 * mm, 22 * mm, 26 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, len(lines)), (-1, len(lines)), 0.5, colors.grey),
                ("GRID", (6, 1), (6, len(lines)), 0.3, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    flow += [Spacer(1, 5 * mm), table]
    buffer = BytesIO()
    a4_document(buffer, title=title, author=cooperative.name).build(flow)
    return buffer.getvalue()


def share_out_pdf_response(share_out: ShareOut, *, steps: list[str], cooperative) -> HttpResponse:
    response = HttpResponse(
        share_out_pdf_bytes(share_out, steps=steps, cooperative=cooperative),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="repartition-{share_out.season.year}.pdf"'
    return response
