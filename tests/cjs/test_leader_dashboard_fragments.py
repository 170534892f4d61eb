"""The leaders' dashboard writes its greeting and its season's cards once per process for each
leader and day, and each season's figures (``cjs_tags.shared_fragment``): the page's content
must be what its former template wrote (a hostile name, no first name, a demo season or
not, no season, both languages, in production and in development)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.template import Context, Engine
from django.utils.translation import override

from cjs.templatetags import cjs_tags
from members.models import Season

HOSTILE = '<script>"O\'Brien" & co</script>'

# The content block of dashboard/leader.html as it was.
FORMER_CONTENT = """{% load i18n %}
<div class="d-flex flex-wrap justify-content-between align-items-baseline gap-2 mb-3">
  <h1 class="h2 mb-0">{% blocktranslate with name=user.first_name|default:user.username %}Hello {{ name }}{% endblocktranslate %}</h1>
  <span class="text-body-secondary">{{ today|date:"l j F Y" }}</span>
</div>

{% if not season %}
  <div class="alert alert-info">
    <h2 class="h5">{% translate "No season yet" %}</h2>
    <p>{% translate "Start the first season to enrol members, take requests and plan the work." %}</p>
    <a class="btn btn-primary" href="{% url 'members:season_start' %}">{% translate "Start a season" %}</a>
  </div>
{% else %}
  <div class="row g-3 mb-4">
    <div class="col-6 col-md-3">
      <div class="card h-100"><div class="card-body">
        <div class="small text-body-secondary">{% translate "Season" %}</div>
        <div class="fs-5 fw-semibold">{{ season }}</div>
        <div class="small">{{ season.starts_on|date:"j N" }} – {{ season.ends_on|date:"j N Y" }}</div>
        {% if season.is_shifted_demo %}<div class="small text-body-secondary" data-testid="demo-season-notice">{% translate "Demo: a summer moved to today" %}</div>{% endif %}
      </div></div>
    </div>
    <div class="col-6 col-md-3">
      <div class="card h-100"><div class="card-body">
        <div class="small text-body-secondary">{% translate "Members enrolled" %}</div>
        <div class="fs-3 fw-semibold" data-testid="enrolled-count">{{ enrolled_count }}</div>
      </div></div>
    </div>
  </div>
  {% include "dashboard/_leader_panels.html" %}
  <section class="mb-4">
    <h2 class="h4">{% translate "Responsibilities today" %}</h2>
    {% if roles_today %}
      <ul class="list-group">
        {{ roles_today }}
      </ul>
    {% else %}
      <p class="text-body-secondary">{% translate "No role is assigned today." %}</p>
    {% endif %}
  </section>
{% endif %}
"""  # noqa: E501


def content_block() -> str:
    """The content block of dashboard/leader.html as it is."""
    source = (Path(django_settings.BASE_DIR) / "templates/dashboard/leader.html").read_text()
    start = source.index("{% block content %}") + len("{% block content %}")
    return "{% load i18n cjs_tags %}" + source[start : source.rindex("{% endblock %}")]


def season(is_demo: bool) -> Season:
    return Season(
        year=2026, starts_on=dt.date(2026, 6, 29), ends_on=dt.date(2026, 8, 21), is_demo=is_demo
    )


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("the_season", [season(False), season(True), None])
@pytest.mark.parametrize(
    "user",
    [
        SimpleNamespace(first_name=HOSTILE, username="chef"),
        SimpleNamespace(first_name="", username="chef<b>"),
    ],
)
def test_the_content_is_what_the_former_template_wrote(settings, user, the_season, language, debug):
    settings.DEBUG = debug
    with override(language):
        context = {
            "user": user,
            "today": dt.date(2026, 7, 14),
            "season": the_season,
            "season_name": str(the_season) if the_season else None,
            "enrolled_count": 12,
        }
        engine = Engine.get_default()
        former = engine.from_string(FORMER_CONTENT).render(Context(context))
        assert engine.from_string(content_block()).render(Context(context)) == former
    assert HOSTILE not in former
    cjs_tags._shared_fragment.cache_clear()
