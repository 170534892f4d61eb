"""What a phone loads first: the page tells search engines what it is, its scripts never block
the first paint, and the icon font is gone (issue 11, Lighthouse)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_every_page_describes_the_cooperative_for_search_engines(client):
    html = client.get("/").content.decode()
    description = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert description
    assert "coopérative jeunesse de services" in description.group(1)


def test_scripts_load_after_the_first_paint(client):
    html = client.get("/").content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all(" defer" in tag or 'type="application/json"' in tag for tag in scripts), scripts


def test_the_page_loads_no_icon_font(client):
    html = client.get("/").content.decode()
    assert "bootstrap-icons" not in html
    assert "/static/img/icons.svg#" in html
