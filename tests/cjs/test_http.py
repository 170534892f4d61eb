from __future__ import annotations

import pytest
from django.test import RequestFactory

from cjs.http import safe_next


@pytest.mark.parametrize(
    ("posted", "expected"),
    [
        ("/chantiers/?jour=demain", "/chantiers/?jour=demain"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/path", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_next_must_stay_on_the_site(posted, expected):
    request = RequestFactory().post("/x/", {"next": posted})
    assert safe_next(request, "/fallback/") == expected
