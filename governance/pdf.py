"""The minutes as a PDF, drawn with ReportLab (pure Python: no system library needed)."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from cjs.pdf import a4_document, document_styles, pdf_text
from governance.minutes import MinutesDocument, Section


def _section(section: Section, styles, level: str = "h2") -> list:
    flow: list = [Paragraph(pdf_text(section.heading), styles[level])]
    flow += [Paragraph(pdf_text(p), styles["body"]) for p in section.paragraphs]
    for sub in section.subsections:
        flow.append(KeepTogether(_section(sub, styles, "h3")))
    return flow


def minutes_pdf_bytes(document: MinutesDocument, *, cooperative: str) -> bytes:
    styles = document_styles()
    buffer = BytesIO()

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(18 * mm, 10 * mm, pdf_text(cooperative)[:90])
        canvas.drawRightString(192 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    pdf = a4_document(buffer, title=document.title, author=cooperative)
    flow: list = [
        Paragraph(pdf_text(cooperative), styles["subtitle"]),
        Paragraph(pdf_text(document.title), styles["title"]),
        Paragraph(pdf_text(document.subtitle), styles["subtitle"]),
    ]
    for section in document.sections:
        flow += _section(section, styles)
    flow += [Spacer(1, 8 * mm), Paragraph(pdf_text(document.status_line), styles["small"])]
    signatures = Table(
        [
            [Paragraph(pdf_text(label), styles["body"]) for label, _name in document.signatures],
            [
                Paragraph(pdf_text(name or ""), styles["body"])
                for _label, name in document.signatures
            ],
            ["", ""],
        ],
        colWidths=[87 * mm, 87 * mm],
        rowHeights=[None, None, 22 * mm],
    )
    flow += [Spacer(1, 6 * mm), KeepTogether([signatures])]
    pdf.build(flow, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
