"""The members' directory (leaders): the filtered table, and its CSV export."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from members.forms import DirectoryFilterForm
from members.permissions import leader_required
from members.queries import (
    directory_export_header,
    directory_export_row,
    directory_page,
    directory_queryset,
)


def _filters(request: HttpRequest) -> tuple[DirectoryFilterForm, dict]:
    form = DirectoryFilterForm(request.GET or None)
    return form, form.cleaned_data if form.is_valid() else {}


@leader_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    today = timezone.localdate()
    page = directory_page(filters, request.season or None, today, request.GET.get("page"))
    context = {"form": form, "page": page, "members": page.object_list, "today": today}
    if request.htmx and not request.htmx.boosted:
        return render(request, "members/directory.html#results", context)
    return render(request, "members/directory.html", context)


def _csv_cell(value: object) -> str:
    """Spreadsheets run cells that start like a formula: neutralise them (phone numbers such
    as +33 6... stay as they are)."""
    text = str(value)
    if text[:1] in ("=", "@", "\t", "\r") or (
        text[:1] in ("+", "-") and not text[1:].replace(" ", "").isdigit()
    ):
        return "'" + text
    return text


@leader_required
@require_GET
def directory_export(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters(request)
    today = timezone.localdate()
    users = directory_queryset(filters, request.season or None, today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="membres-{today:%Y-%m-%d}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(directory_export_header())
    for user in users:
        writer.writerow(_csv_cell(value) for value in directory_export_row(user, today))
    return response
