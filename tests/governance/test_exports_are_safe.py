"""The governance spreadsheets cannot run a formula someone typed as a title or an outcome."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_register_csv_neutralises_formulas_typed_in_a_decision(member_client, season):
    ConsultationFactory(
        season=season,
        title='=HYPERLINK("http://evil.example","clic")',
        outcome="@SUM(1+1)",
        outcome_adopted=True,
    )
    response = member_client.get(reverse("governance:register_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example","clic")' in cells
    assert "'@SUM(1+1)" in cells
    assert not any(cell.startswith(("=", "@")) for cell in cells)
    assert "no-store" in response["Cache-Control"]
