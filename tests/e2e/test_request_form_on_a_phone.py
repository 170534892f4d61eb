"""The request form on a phone: the refusal of an address outside the territory reads as a
normal sentence across the whole width, under the postcode and town pair."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.e2e.conftest import fill_request_form
from tests.factories import SeasonFactory, ServiceFactory, TownFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_out_of_territory_error_spans_the_width_under_the_pair(new_page):
    SeasonFactory()
    TownFactory(name="Bourg-les-Saules", postal_code="71140")
    ServiceFactory(slug="tonte", name_fr="Tonte de pelouse", name_en="Lawn mowing")
    page = new_page({"width": 390, "height": 844})
    page.goto("/demande/?service=tonte")
    wished = timezone.localdate() + dt.timedelta(days=2)
    fill_request_form(page, postal_code="75011", town="Paris", wished=wished)
    page.get_by_role("button", name="Envoyer ma demande").click()
    error = page.get_by_text(re.compile("Bourg-les-Saules \\(71140\\)")).last
    assert error.is_visible()
    box = error.bounding_box()
    postcode = page.get_by_label("Code postal").bounding_box()
    town = page.get_by_label("Commune").bounding_box()
    assert box["y"] >= max(postcode["y"] + postcode["height"], town["y"] + town["height"])
    # From the left of the postcode to the right of the town: the pair's whole width.
    assert box["x"] <= postcode["x"] + 1
    assert box["x"] + box["width"] >= town["x"] + town["width"] - 1
    weight = error.evaluate("e => Number(getComputedStyle(e).fontWeight)")
    assert weight < 600
    # The inputs say they are invalid and point at the explanation.
    described = page.get_by_label("Code postal").get_attribute("aria-describedby")
    assert described and page.locator(f"#{described.split()[0]}").is_visible()
    assert page.get_by_label("Code postal").get_attribute("aria-invalid") == "true"
