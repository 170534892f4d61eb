"""The "My jobs" panel of the member's dashboard is written by ``{% my_jobs_section %}``
(services_tags): the panel is what the former template wrote (kept in
tests/services/former_member_panel.html), with and without hours to log, next jobs, open jobs
and requests waiting, counts singular and plural (a thousand and more), hostile labels, in
both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template import engines
from django.utils.translation import override

from services.dashboard import NextJob

FORMER = (Path(__file__).parent / "former_member_panel.html").read_text()
HOSTILE = '<b>"O\'Brien" & co</b>'
JOBS = [
    NextJob(url="/chantiers/9/", label="mer 9 déc. 14:00 · Ménage", approved=False),
    NextJob(url=f"/chantiers/{HOSTILE}/", label=HOSTILE, approved=True),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("hours_to_log", [0, 1, 3, 1234])
@pytest.mark.parametrize("open_jobs_count", [0, 1, 12, 4567])
def test_the_panel_is_written_as_the_template_wrote_it(language, hours_to_log, open_jobs_count):
    engine = engines["django"]
    for claims in (JOBS, []):
        for todo in ([("new", 7), ("accepted", 1)], []):
            context = {
                "hours_to_log": hours_to_log,
                "open_jobs_count": open_jobs_count,
                "my_next_claims": claims,
                "requests_todo": todo,
            }
            with override(language):
                former = engine.from_string(FORMER).render(context)
                written = engine.get_template("services/_member_panel.html").render(context)
            assert written == former
            assert HOSTILE not in written
