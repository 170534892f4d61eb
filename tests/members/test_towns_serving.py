"""``members.queries.towns_serving`` (compiled once) finds the towns of a postal code as
``Town.objects.serving`` does: exact codes, Quebec's three-character areas, typed codes."""

from __future__ import annotations

import pytest

from members.models import Town
from members.queries import towns_serving
from tests.factories import TownFactory

pytestmark = pytest.mark.django_db


def test_the_towns_of_a_code_are_the_queryset_s():
    TownFactory(name="Bourg-les-Saules", postal_code="71140")
    TownFactory(name="Abbaye", postal_code="71140")
    TownFactory(name="Vernay", postal_code="71145")
    TownFactory(name="Plateau", postal_code="H2X")
    TownFactory(name="<script>alert('x')</script>", postal_code="H2X1Y4")
    typed = ["71140", " 71 140 ", "71145", "71", "711", "h2x 1y4", "H2X", "h2x9z9", "", "  ",
             "<script>", "99999", "x" * 40, "7"]  # fmt: skip
    found = 0
    for code in typed:
        expected = list(Town.objects.serving(code))
        assert towns_serving(code) == expected
        assert [town.name for town in towns_serving(code)] == [town.name for town in expected]
        found += len(expected)
    assert found >= 7
