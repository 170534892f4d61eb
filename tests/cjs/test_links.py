"""A page's row links made from one reverse are the links ``reverse`` writes."""

import pytest
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from cjs.links import fixed_url, pk_url


@pytest.mark.parametrize(
    "name",
    [
        "services:job_detail",
        "services:claim_approve",
        "services:hours_validate",
        "services:request_detail",
        "governance:meeting_detail",
        "governance:consultation_detail",
    ],
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_link_made_from_one_reverse_is_the_reversed_link(name, language):
    with translation.override(language):
        link = pk_url(name)
        for pk in (1, 42, 2**62):
            assert link(pk) == reverse(name, args=[pk])


@pytest.mark.parametrize("name", ["dashboard", "services:job_board", "governance:meeting_list"])
def test_a_fixed_link_is_the_reversed_link(name):
    assert fixed_url(name) == reverse(name)


def test_the_links_kept_follow_the_script_prefix():
    """Kept once per process, per script prefix (a site served under /cjs/)."""
    before = get_script_prefix()
    try:
        plain = (pk_url("services:job_detail")(7), fixed_url("dashboard"))
        set_script_prefix("/cjs/")
        assert pk_url("services:job_detail")(7) == "/cjs" + plain[0]
        assert fixed_url("dashboard") == "/cjs" + plain[1]
        assert pk_url("services:job_detail")(7) == reverse("services:job_detail", args=[7])
    finally:
        set_script_prefix(before)
    assert (pk_url("services:job_detail")(7), fixed_url("dashboard")) == plain
