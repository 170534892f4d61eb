"""The one CSV writer of the project: every export goes through it.

Spreadsheets run a cell that starts like a formula (``=``, ``+``, ``-``, ``@``, or a tab or
carriage return before one): a member's name typed as ``=HYPERLINK(...)`` would become a link
on the treasurer's computer. ``safe_cell`` prefixes such text with an apostrophe, which the
spreadsheet shows as plain text. Numbers stay numbers (``-12.50`` is not a formula), and a
phone number such as ``+33 6 12 34 56 78`` stays as typed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if not text.startswith(FORMULA_STARTS):
        return text
    if text[0] in "+-" and text[1:].replace(" ", "").replace(".", "", 1).isdigit():
        return text
    return "'" + text


class SafeWriter:
    """``csv.writer`` (semicolon-separated, as French spreadsheets expect) whose every cell
    goes through ``safe_cell``."""

    def __init__(self, stream, *, delimiter: str = ";") -> None:
        self._writer = csv.writer(stream, delimiter=delimiter)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_response(filename: str) -> tuple[HttpResponse, SafeWriter]:
    """A CSV download named ``filename``: UTF-8 with the byte order mark spreadsheets need to
    read the accents right, never cached."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    return response, SafeWriter(response)
