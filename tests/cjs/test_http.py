from __future__ import annotations

import pytest
from django.test import RequestFactory

from cjs.http import posted_id, posted_ids, safe_next


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


@pytest.mark.parametrize("posted", ["members:directory", '"><img src=x>', "javascript:alert(1)"])
def test_next_that_is_not_a_path_falls_back_instead_of_naming_a_url(posted):
    """``redirect()`` takes any text without a slash for a URL name: a posted ``next=foo``
    ended in ``NoReverseMatch``, a server error."""
    request = RequestFactory().post("/x/", {"next": posted})
    assert safe_next(request, "/fallback/") == "/fallback/"


@pytest.mark.parametrize(
    ("posted", "expected"),
    [
        ("42", 42),
        ("", None),
        ("²", None),  # str.isdigit() is true for it, int() raises
        ("١٢", None),
        ("-1", None),
        ("9" * 40, None),  # past 64 bits: SQLite raises OverflowError
        ("<script>", None),
    ],
)
def test_posted_id_is_a_plain_number_a_column_holds_or_none(posted, expected):
    request = RequestFactory().post("/x/", {"voter": posted})
    assert posted_id(request, "voter") == expected


def test_posted_ids_keep_only_the_ids():
    request = RequestFactory().post("/x/", {"claims": ["3", "²", "x", "9" * 40, "5"]})
    assert posted_ids(request, "claims") == [3, 5]
