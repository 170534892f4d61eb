"""The links to the other pages of a long list are written by ``{% pager %}`` (cjs_tags) as the
former ``includes/_pager.html`` wrote them (kept in tests/cjs/former_pager.html): first, middle,
last and only page, with and without htmx's target, the address's other parameters kept
(hostile ones escaped), in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

FORMER = (Path(__file__).parent / "former_pager.html").read_text()
HOSTILE = "<script>\"x\" & 'y'</script>"


def _both(page, target, query):
    request = RequestFactory().get("/liste/", query)
    engine = engines["django"]
    context = {"page": page, "target": target}
    former = engine.from_string(FORMER).render(context, request)
    tag = "{% load cjs_tags %}{% pager page target %}"
    written = engine.from_string(tag).render(context, request)
    return former, written


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("target", ["", "#board-results", HOSTILE])
@pytest.mark.parametrize("count", [0, 5, 25, 1234 * 10])
def test_the_pager_is_written_as_the_include_wrote_it(language, target, count):
    paginator = Paginator(range(count), 10)
    queries = [{}, {"day": "2026-07-06", "service": HOSTILE, "page": "2"}]
    with translation.override(language):
        for number in {1, 2, paginator.num_pages // 2, paginator.num_pages}:
            page = paginator.get_page(number)
            for query in queries:
                former, written = _both(page, target, query)
                assert written == former
                assert HOSTILE not in written


def test_the_pager_links_keep_the_filters():
    page = Paginator(range(25), 10).get_page(2)
    _former, written = _both(page, "", {"day": "2026-07-06"})
    assert 'href="?day=2026-07-06&amp;page=1"' in written
    assert 'href="?day=2026-07-06&amp;page=3"' in written
