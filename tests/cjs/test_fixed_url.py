"""``{% fixed_url %}`` writes what ``{% url %}`` writes for a view without arguments, reversed
once per process, script prefix and URLconf."""

from __future__ import annotations

import pytest
from django.template import Context, Engine
from django.urls import clear_script_prefix, set_script_prefix

NAMES = ["services:my_jobs", "services:job_board", "governance:meeting_list", "my:rotation"]


def _render(source: str) -> str:
    return Engine.get_default().from_string("{% load cjs_tags %}" + source).render(Context())


@pytest.mark.parametrize("name", NAMES)
def test_it_writes_what_the_url_tag_writes(name):
    assert _render(f"{{% fixed_url '{name}' %}}") == _render(f"{{% url '{name}' %}}")


def test_it_follows_the_script_prefix():
    set_script_prefix("/cjs/")
    try:
        assert _render("{% fixed_url 'services:my_jobs' %}").startswith("/cjs/")
    finally:
        clear_script_prefix()
    assert not _render("{% fixed_url 'services:my_jobs' %}").startswith("/cjs/")
