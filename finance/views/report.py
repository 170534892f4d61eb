"""The season report (bilan), as a page and as a PDF, for the current season or an archived
one. It holds aggregates only (no member's or resident's name) but ages and towns of a dozen
people can still point at someone: it is for those who present it, the leaders and the
members keeping the accounts (the treasurer), not for every member."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from finance import queries, queries_report
from finance.report_pdf import report_pdf_response
from finance.views.common import accounts


@accounts
@require_GET
def season_report(request: HttpRequest, season: int | None = None) -> HttpResponse:
    season = queries.ledger_season(season)
    report = queries_report.report_page(season, request.cooperative)
    return render(request, "finance/report.html", {"report": report})


@accounts
@require_GET
def season_report_pdf(request: HttpRequest, season: int) -> HttpResponse:
    season = queries.ledger_season(season)
    report = queries_report.season_report(season, request.cooperative)
    return report_pdf_response(report, request.cooperative)
