"""The icons of the SVG sprite draw in a real browser, under the strict CSP: the sprite comes
from our own origin and each ``<use>`` finds its symbol (a missing one draws nothing)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, LeaderFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Each icon on the page: its name, its box, and the box of what its <use> draws.
ICON_BOXES = """() => [...document.querySelectorAll('svg.bi')].filter(svg => svg.checkVisibility())
  .map(svg => {
    const use = svg.querySelector('use');
    const drawn = use.getBBox();
    const box = svg.getBoundingClientRect();
    return {href: use.getAttribute('href'), width: box.width, height: box.height,
            drawn: drawn.width * drawn.height};
  })"""


def _sprite_requests(page) -> list:
    requests = []
    page.on("requestfinished", lambda r: requests.append(r) if "icons" in r.url else None)
    return requests


def _check_icons(page) -> list[dict]:
    icons = page.evaluate(ICON_BOXES)
    assert icons, "no visible icon on the page"
    for icon in icons:
        assert icon["href"].startswith("/static/img/icons") and "#" in icon["href"]
        assert icon["width"] > 0 and icon["height"] > 0, icon
        assert icon["drawn"] > 0, f"{icon['href']} draws nothing: not in the sprite?"
    return icons


def test_the_home_page_icons_draw_from_the_same_origin_sprite(new_page, live_server):
    page = new_page()
    loaded = _sprite_requests(page)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    _check_icons(page)
    assert loaded, "the sprite was not requested"
    for request in loaded:
        assert request.url.startswith(live_server.url)
        assert request.response().status == 200
    # Icons are as tall as the text around them, as the font's glyphs were.
    icon = page.locator("svg.bi").first
    font_size = icon.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert icon.bounding_box()["height"] == pytest.approx(font_size, abs=0.5)


def test_a_leaders_dashboard_draws_its_icons_and_the_csp_refuses_nothing(new_page, live_server):
    LeaderFactory(username="leader1")
    page = new_page({"width": 1200, "height": 800})
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    log_in(page, "leader1", TEST_PASSWORD)
    page.wait_for_load_state("networkidle")
    icons = _check_icons(page)
    assert len({icon["href"] for icon in icons}) > 1
    assert violations == []
