"""Dial links carry no spaces and the country code (the Nu HTML checker refuses
``tel:03 85 12 34 56``; a phone wants ``tel:+33385123456``)."""

from __future__ import annotations

import re

import pytest

from cjs.formatting import tel_uri
from members.models import Cooperative


@pytest.mark.parametrize(
    ("typed", "region", "link"),
    [
        ("03 85 12 34 56", "FR", "tel:+33385123456"),
        ("06.12.34.56.78", "FR", "tel:+33612345678"),
        ("+33 6 12 34 56 78", "FR", "tel:+33612345678"),
        ("0033 6 12 34 56 78", "FR", "tel:+33612345678"),
        ("(514) 555-0199", "CA", "tel:+15145550199"),
        ("1 514 555 0199", "CA", "tel:+15145550199"),
        ("112", "FR", "tel:112"),
        ("", "FR", ""),
    ],
)
def test_a_typed_number_becomes_a_dial_link(typed, region, link):
    assert tel_uri(typed, region) == link


@pytest.mark.django_db
def test_no_page_links_a_phone_number_with_spaces(anonymous):
    cooperative = Cooperative.load()
    cooperative.contact_phone = "03 85 12 34 56"
    cooperative.save()
    html = anonymous.get("/").content.decode()
    assert 'href="tel:+33385123456"' in html
    assert not re.search(r'href="tel:[^"]*\s', html)
