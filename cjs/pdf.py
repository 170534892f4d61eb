"""What every PDF of the project shares (ReportLab, pure Python: no system library).

``pdf_text`` makes a value safe for a ReportLab ``Paragraph``: the built-in PDF fonts speak
Windows-1252, so French letters, « », ’ and € are fine but the narrow no-break spaces of French
typography (in "1 234,50 €") become plain no-break spaces, and anything else unknown a
question mark; markup characters are escaped and line breaks kept. ``a4_document`` is the
page every document is laid on, ``document_styles`` the styles of its paragraphs.
"""

from __future__ import annotations

from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

# Characters the PDF's standard fonts lack: narrow spaces, non-breaking hyphen, minus sign.
_PDF_SAFE = str.maketrans({"\u202f": "\u00a0", "\u2011": "-", "\u2212": "-"})


def pdf_text(value: object) -> str:
    plain = str(value).translate(_PDF_SAFE).encode("cp1252", errors="replace").decode("cp1252")
    return escape(plain).replace("\n", "<br/>")


def document_styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the documents (minutes, attestation): title, subtitle, h2, h3,
    body, small."""
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=16, spaceAfter=4),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base["Normal"], fontSize=10, alignment=1, spaceAfter=10
        ),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=12, spaceBefore=10),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontSize=10.5, spaceBefore=6),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=10, leading=13.5),
        "small": ParagraphStyle("small", parent=base["Italic"], fontSize=9),
    }


def a4_document(buffer: BinaryIO, *, title: str, author: str) -> SimpleDocTemplate:
    """An A4 page with the project's margins; ``.build(flow)`` draws it into ``buffer``."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=author,
    )
