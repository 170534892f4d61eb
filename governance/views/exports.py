"""The spreadsheets of a meeting's votes and of the register, and the register's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cjs.spreadsheet import csv_response
from governance.access import meeting_for, season_for
from governance.queries import meeting_results_rows, register_csv_rows, register_page

# Decisions per page of the register: a season of a large cooperative decides a lot.
REGISTER_PAGE_SIZE = 25


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:100]


@require_GET
def meeting_results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every vote of the meeting in the order of the agenda."""
    meeting = meeting_for(request, pk)
    response, writer = csv_response(f"resultats-{meeting.pk}.csv")
    writer.writerows(meeting_results_rows(meeting))
    return response


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    season = season_for(request)
    context = register_page(
        season, _query(request), request.GET.get("page"), per_page=REGISTER_PAGE_SIZE
    )
    return render(request, "governance/register.html", context)


@require_GET
def register_csv(request: HttpRequest) -> HttpResponse:
    season = season_for(request)
    rows = register_csv_rows(season, _query(request))
    response, writer = csv_response(f"registre-des-decisions-{season.year}.csv")
    writer.writerows(rows)
    return response
