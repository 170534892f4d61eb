"""The season report (bilan) as a PDF, drawn with ReportLab like the invoices
(``finance.pdf``): the same sections as the page, the charts as ReportLab drawings followed
by their figures."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from cjs.charts import BarChart, bar_lengths
from cjs.pdf import a4_document, pdf_text
from finance.queries_report import Report, money_text

GREEN = colors.HexColor("#1f6f5c")
WIDTH = 174 * mm
LABEL = 55 * mm
ROW = 16


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=18, alignment=0),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=13, spaceBefore=8),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=10, leading=13),
        "right": ParagraphStyle("right", parent=base["Normal"], fontSize=10, alignment=2),
        "small": ParagraphStyle("small", parent=base["Normal"], fontSize=8.5, leading=11),
    }


def chart_drawing(chart: BarChart) -> Drawing:
    """The chart's bars, the longest filling the width left by the labels."""
    room = WIDTH - LABEL - 30 * mm
    height = ROW * len(chart.bars) + 4
    drawing = Drawing(WIDTH, height)
    lengths = bar_lengths((bar.value for bar in chart.bars), int(room))
    for index, (bar, length) in enumerate(zip(chart.bars, lengths, strict=True)):
        y = height - (index + 1) * ROW
        label = pdf_text(bar.label[:40])
        drawing.add(String(LABEL - 4, y + 4, label, fontSize=8, textAnchor="end"))
        drawing.add(Rect(LABEL, y + 1, length, ROW - 4, fillColor=GREEN, strokeColor=None))
        drawing.add(String(LABEL + length + 4, y + 4, pdf_text(bar.text), fontSize=8))
    return drawing


def _table(rows: list[list], widths: list[float], *, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (-1, -1), "RIGHT")]
    if header:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black))
    table.setStyle(TableStyle(style))
    return table


def _figures(pairs: list[tuple[str, object]]) -> Table:
    return _table(
        [[pdf_text(label), pdf_text(value)] for label, value in pairs],
        [120 * mm, 54 * mm],
        header=False,
    )


def _by_service(by) -> Table | Paragraph:
    header = [_("Service"), *[label for _code, label in by.statuses], _("Total")]
    rows = [[pdf_text(cell) for cell in header]]
    rows += [[pdf_text(name), *counts, total] for name, counts, total in by.rows]
    columns = len(header)
    first = 60 * mm
    rest = (WIDTH - first) / max(columns - 1, 1)
    return _table(rows, [first] + [rest] * (columns - 1))


def report_flow(report: Report, cooperative) -> list:
    styles = _styles()
    money = money_text(cooperative)
    season = report.season
    members, cash = report.members, report.money

    def h2(text):
        return Paragraph(pdf_text(text), styles["h2"])

    def p(text, style="body"):
        return Paragraph(pdf_text(text), styles[style])

    flow: list = [
        Paragraph(pdf_text(_("Season report – %(season)s") % {"season": season}), styles["title"]),
        p(cooperative.name),
        p(
            _("From %(start)s to %(end)s")
            % {
                "start": date_format(season.starts_on, "j F Y"),
                "end": date_format(season.ends_on, "j F Y"),
            }
        ),
        h2(_("Members")),
        _figures(
            [
                (_("Members enrolled"), members.count),
                (
                    _("Minors / adults / age unknown"),
                    f"{members.minors} / {members.adults} / {members.unknown_age}",
                ),
                (_("Validated hours"), members.hours),
                (_("Average hours per member"), members.average_hours),
                (_("Value of the validated work (hours × hourly rate)"), money(members.value)),
            ]
        ),
        h2(_("Requests by service and status")),
        _by_service(report.requests),
        h2(_("Jobs by service and status")),
        _by_service(report.jobs),
        h2(_("Money")),
        _figures(
            [
                (_("Invoiced"), money(cash.invoiced)),
                (_("Credit notes"), money(cash.credited)),
                (
                    _("Turnover (invoiced less credit notes, plus self-financing)"),
                    money(cash.turnover),
                ),
                (_("Paid by residents"), money(cash.paid)),
                (_("Still owed"), money(cash.outstanding)),
                (_("Income received"), money(cash.figures.income)),
                (_("Expenses"), money(cash.figures.expenses)),
                (_("Result"), money(cash.figures.result)),
            ]
        ),
        h2(_("Share-out")),
        *_share_out(report, money, p),
        h2(_("Residents")),
        _figures(
            [
                (_("Residents who asked for work"), report.residents.count),
                (_("New / returning"), f"{report.residents.new} / {report.residents.returning}"),
                *[(town, n) for town, n in report.residents.towns],
            ]
        ),
        h2(_("Satisfaction")),
        _figures(
            [
                (_("Satisfaction forms received"), report.satisfaction["forms"]),
                *_scores(report.satisfaction),
            ]
        ),
        h2(_("Cooperative life")),
        _figures(
            [
                (_("Meetings held"), report.meetings),
                (_("Decisions adopted"), report.decisions),
                (
                    _("Roles held (members, roles)"),
                    _held(report.roles),
                ),
                (
                    _("Committee seats held (members, committees)"),
                    _held(report.committees),
                ),
            ]
        ),
    ]
    for chart in report.charts:
        if chart.is_empty:
            continue
        flow.append(KeepTogether([h2(chart.title), chart_drawing(chart), Spacer(1, 3 * mm)]))
    return flow


def _scores(satisfaction: dict) -> list[tuple[str, str]]:
    labels = {
        "punctuality": _("Punctuality (out of 5)"),
        "quality": _("Quality of the work (out of 5)"),
        "politeness": _("Politeness (out of 5)"),
    }
    return [
        (label, "–" if satisfaction[key] is None else number_format(satisfaction[key], 1))
        for key, label in labels.items()
    ]


def _held(seats: dict) -> str:
    return f"{seats['seats']} ({seats['members']}, {seats['slots']})"


def report_pdf_bytes(report: Report, cooperative) -> bytes:
    buffer = BytesIO()
    title = _("Season report – %(season)s") % {"season": report.season}
    a4_document(buffer, title=str(title), author=cooperative.name).build(
        report_flow(report, cooperative)
    )
    return buffer.getvalue()


def report_pdf_response(report: Report, cooperative) -> HttpResponse:
    response = HttpResponse(report_pdf_bytes(report, cooperative), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bilan-{report.season.year}.pdf"'
    return response


def _share_out(report, money, p) -> list:
    """The frozen share-out's steps and the spread of the parts, or the result while the
    assembly has not settled it."""
    share = report.share_out
    if share is None:
        return [
            p(
                _(
                    "The board votes how the result is shared out among the members. Until "
                    "that decision is recorded, the report shows the result: %(result)s."
                )
                % {"result": money(report.money.figures.result)}
            )
        ]
    spread = ngettext(
        "%(shared)s shared among %(count)s member: parts from %(smallest)s to %(largest)s.",
        "%(shared)s shared among %(count)s members: parts from %(smallest)s to %(largest)s.",
        share.members,
    ) % {
        "shared": money(share.frozen.distributable),
        "count": share.members,
        "smallest": money(share.smallest),
        "largest": money(share.largest),
    }
    return [*(p(f"{number}. {step}") for number, step in enumerate(share.steps, 1)), p(spread)]
