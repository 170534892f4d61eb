"""The cooperative's full name shows in the navbar on a laptop, however many menus a leader
has."""

from __future__ import annotations

import pytest

from members.models import Cooperative
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, LeaderFactory

pytestmark = pytest.mark.django_db(transaction=True)

LONG_NAME = "Coopérative Jeunesse de Services de Bourg-les-Saules"


def _fits(page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        "e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight"
    )


@pytest.mark.parametrize("width", [1200, 1366])
def test_the_full_name_shows_on_a_laptop(new_page, width):
    cooperative = Cooperative.load()
    cooperative.name = LONG_NAME
    cooperative.save()
    LeaderFactory(username="leader1", first_name="Camille")
    page = new_page({"width": width, "height": 800})
    log_in(page, "leader1", TEST_PASSWORD)
    brand = page.locator(".navbar-brand")
    assert brand.inner_text().strip() == LONG_NAME
    assert _fits(page, ".navbar-brand")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for link in page.locator("#main-nav .nav-link").all():
        assert link.is_visible()
