from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from cjs.spreadsheet import SafeWriter, csv_response, safe_cell


@pytest.mark.parametrize(
    "dangerous",
    [
        '=HYPERLINK("http://evil","x")',
        "+SUM(A1:A2)",
        "-2+3",
        "@cmd",
        "\t=1+1",
        "\r=1+1",
        "=1",
    ],
)
def test_a_cell_that_starts_like_a_formula_is_neutralised(dangerous):
    assert safe_cell(dangerous) == "'" + dangerous


@pytest.mark.parametrize(
    "plain", ["Dupont", "+33 6 12 34 56 78", "-12.50", "", "Saint-Marcel", "a=b"]
)
def test_ordinary_text_and_signed_numbers_stay_as_typed(plain):
    assert safe_cell(plain) == plain


def test_numbers_stay_numbers():
    assert safe_cell(-3) == -3
    assert safe_cell(Decimal("-12.50")) == Decimal("-12.50")
    assert safe_cell(None) == ""


def test_the_writer_neutralises_every_cell_and_parses_back():
    buffer = io.StringIO()
    SafeWriter(buffer).writerow(["=cmd", "Léa", Decimal("4.50")])
    assert list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";")) == [
        ["'=cmd", "Léa", "4.50"]
    ]


def test_a_csv_download_is_never_cached_and_carries_the_byte_order_mark():
    response, writer = csv_response("export.csv")
    writer.writerow(["x"])
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'
    assert response.content.decode("utf-8").startswith("\ufeff")
