"""A page's row links made from one reverse are the links ``reverse`` writes."""

import pytest
from django.urls import reverse
from django.utils import translation

from cjs.links import pk_url


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
