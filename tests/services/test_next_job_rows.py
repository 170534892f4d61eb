"""The member's next jobs on their dashboard are written by ``{% next_job_rows %}`` instead of
a template loop: the HTML must be what the loop wrote (hostile labels escaped, both badges,
both languages)."""

from __future__ import annotations

import pytest
from django.template import Context, Engine
from django.utils.translation import override

from services.dashboard import NextJob
from services.templatetags.services_tags import next_job_rows

HOSTILE = '<b>"O\'Brien" & co</b>'

# The loop of services/_member_panel.html as it was.
FORMER_LOOP = """{% load i18n %}{% for claim in my_next_claims %}
        <li class="list-group-item d-flex flex-wrap justify-content-between gap-2">
          <a href="{{ claim.url }}">{{ claim.label }}</a>
          <span class="badge {% if claim.approved %}text-bg-success{% else %}text-bg-primary{% endif %} align-self-start">{% if claim.approved %}{% translate "On the team" %}{% else %}{% translate "Waiting for approval" %}{% endif %}</span>
        </li>
      {% endfor %}"""  # noqa: E501

JOBS = [
    NextJob(url="/chantiers/9/", label="mer 9 déc. 14:00 · Ménage", approved=False),
    NextJob(url=f"/chantiers/{HOSTILE}/", label=HOSTILE, approved=True),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("jobs", [JOBS, JOBS[:1], []])
def test_the_tag_writes_what_the_loop_wrote(jobs, language):
    with override(language):
        former = (
            Engine.get_default().from_string(FORMER_LOOP).render(Context({"my_next_claims": jobs}))
        )
        assert next_job_rows(jobs) == former
    assert HOSTILE not in next_job_rows(jobs)


# The loop of the requests waiting for a delegated member's committee, as it was.
FORMER_TODO = """{% load i18n cjs_tags %}{% for status, count in requests_todo %}
      <a class="list-group-item list-group-item-action d-flex justify-content-between" href="{% fixed_url 'services:inbox' %}?status={{ status }}">
        <span>{% if status == "new" %}{% translate "New requests to answer or quote" %}{% else %}{% translate "Accepted requests to plan" %}{% endif %}</span>
        <span class="badge text-bg-primary rounded-pill">{{ count }}</span>
      </a>
    {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("todo", [[("new", 7), ("accepted", 1234)], [("accepted", 0)], []])
def test_the_requests_todo_tag_writes_what_the_loop_wrote(todo, language):
    from services.templatetags.services_tags import requests_todo_rows

    with override(language):
        former = Engine.get_default().from_string(FORMER_TODO)
        assert requests_todo_rows(todo) == former.render(Context({"requests_todo": todo}))
