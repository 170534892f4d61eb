"""The teams panel of the dashboards writes its head and its cards once per process for each
pair of counts (``cjs_tags.shared_fragment``), the short teams between them: the panel must
be what its former template wrote (either count or none shown, short teams or not, both
languages, in production and in development). The short teams' section is written once per
process for each jobs' rows (``services.dashboard.understaffed_section``)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template import Context, Engine
from django.template.loader import get_template
from django.utils.translation import override

from cjs.templatetags import cjs_tags
from services.dashboard import understaffed_section

# services/_team_panel.html as it was.
FORMER_PANEL = """{% load i18n cjs_tags %}
{% if claims_waiting is not None or hours_waiting is not None %}
<section class="mb-4" aria-labelledby="teams-panel-title" data-testid="teams-panel">
  <h2 class="h4" id="teams-panel-title">{% translate "Teams and hours" %}</h2>
  {% include "services/_understaffed.html" %}
  <div class="row g-3">
    {% if claims_waiting is not None %}
    <div class="col-6">
      <a class="card h-100 text-decoration-none" href="{% fixed_url 'services:approvals' %}"><div class="card-body">
        <div class="small text-body-secondary">{% translate "Claims to approve" %}</div>
        <div class="fs-3 fw-semibold" data-testid="dashboard-claims">{{ claims_waiting }}</div>
      </div></a>
    </div>
    {% endif %}
    {% if hours_waiting is not None %}
    <div class="col-6">
      <a class="card h-100 text-decoration-none" href="{% fixed_url 'services:hours_queue' %}"><div class="card-body">
        <div class="small text-body-secondary">{% translate "Hours to validate" %}</div>
        <div class="fs-3 fw-semibold" data-testid="dashboard-hours">{{ hours_waiting }}</div>
      </div></a>
    </div>
    {% endif %}
  </div>
</section>
{% endif %}
"""  # noqa: E501

SHORT_TEAM = SimpleNamespace(
    pk=4,
    date=dt.date(2026, 7, 3),
    starts_at=dt.time(9, 30),
    service=SimpleNamespace(name='<script>"Tonte"</script>'),
    town_name="Saint-Jean & Co",
    missing=2,
    replacements_open=1,
)


def as_row(job) -> tuple:
    """A job as ``services.queries.short_team_rows`` reads it."""
    return (
        job.pk,
        job.date,
        job.starts_at,
        job.service.name,
        job.town_name,
        job.missing,
        job.replacements_open,
    )


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("understaffed", [[], [SHORT_TEAM]])
@pytest.mark.parametrize(
    "counts", [(3, 1200), (0, None), (None, 7), (None, None), (3, 0), (3, 1200)]
)
def test_the_panel_is_what_its_former_template_wrote(
    settings, counts, understaffed, language, debug
):
    settings.DEBUG = debug
    claims, hours = counts
    context = {"claims_waiting": claims, "hours_waiting": hours, "understaffed": understaffed}
    with override(language):
        former = Engine.get_default().from_string(FORMER_PANEL).render(Context(context))
        # The short teams' section as the dashboards give it (``services.dashboard``).
        section = understaffed_section(tuple(as_row(job) for job in understaffed))
        now = {"claims_waiting": claims, "hours_waiting": hours, "understaffed_section": section}
        assert get_template("services/_team_panel.html").render(now) == former
        assert understaffed_section(tuple(as_row(job) for job in understaffed)) == section
    assert "<script>" not in former
    cjs_tags._shared_fragment.cache_clear()
