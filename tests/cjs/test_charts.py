"""The server-drawn SVG bar charts: scaled to the largest value, labelled for screen readers,
escaped, and without any inline style the strict CSP would refuse."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from cjs.charts import Bar, BarChart, bar_lengths


def test_the_largest_bar_fills_the_room_and_the_others_are_in_proportion():
    assert bar_lengths([Decimal(10), Decimal(5), Decimal(0)], 300) == [300, 150, 0]


def test_negative_values_draw_no_bar_and_all_zero_draws_nothing():
    assert bar_lengths([Decimal(-4), Decimal(2)], 100) == [0, 100]
    assert bar_lengths([Decimal(0), Decimal(0)], 100) == [0, 0]


def test_a_chart_names_itself_for_screen_readers_and_each_bar_has_its_figure():
    chart = BarChart(
        title="Recettes par semaine", bars=[Bar("semaine du 7 juil.", Decimal(90), "90,00 €")]
    )
    svg = str(chart.svg())
    assert 'role="img"' in svg
    assert 'aria-label="Recettes par semaine"' in svg
    assert "<title" in svg and "Recettes par semaine</title>" in svg
    assert "semaine du 7 juil.: 90,00 €</title>" in svg


def test_labels_are_escaped_and_no_inline_style_is_used():
    chart = BarChart(title="<b>x</b>", bars=[Bar('<script>"', Decimal(1), "1")])
    svg = str(chart.svg())
    assert "<script>" not in svg and "<b>" not in svg
    assert "style=" not in svg


def test_a_long_label_is_shortened_in_the_drawing_but_kept_whole_in_its_title():
    label = "Entretien des espaces verts et petits travaux de jardin"
    svg = str(BarChart(title="t", bars=[Bar(label, Decimal(1), "1")]).svg())
    assert f"{label}: 1</title>" in svg
    assert "…</text>" in svg


def test_a_chart_of_zeros_is_empty():
    assert BarChart(title="t", bars=[Bar("a", Decimal(0), "0")]).is_empty
    assert BarChart(title="t").is_empty


FORMER_TABLE_ROWS = (
    '{% for bar in chart.bars %}<tr><th scope="row" class="fw-normal">{{ bar.label }}</th>'
    '<td class="text-end">{{ bar.text }}</td></tr>{% endfor %}'
)


def test_the_table_rows_are_written_as_the_former_template_loop_wrote_them():
    hostile = '<b>"Zoé" & l\'équipe</b> {{ x }} %s'
    chart = BarChart(
        title="t",
        bars=[
            Bar(hostile, Decimal(1), hostile),
            Bar(mark_safe("<i>déjà sûr</i>"), Decimal(0), "0,0 h"),
            Bar("", Decimal(-2), ""),
        ],
    )
    former = Template(FORMER_TABLE_ROWS).render(Context({"chart": chart}))
    assert Template("{{ chart.table_rows }}").render(Context({"chart": chart})) == former
    assert "&lt;b&gt;" in former and "<i>déjà sûr</i>" in former


# The included template that wrote a chart before ``BarChart.figure`` (its table rows written
# by ``table_rows`` since, tested above against its former loop).
FORMER_FIGURE = """{% load i18n %}
<figure class="mb-4">
  <figcaption class="h6">{{ chart.title }}</figcaption>
  {% if chart.is_empty %}<p class="text-body-secondary small">{% translate "Nothing to show yet." %}</p>{% else %}
  {{ chart.svg }}
  <details class="small mt-1">
    <summary>{% translate "The figures as a table" %}</summary>
    <table class="table table-sm mt-2">
      <thead><tr><th scope="col">{{ chart.label_header }}</th><th scope="col" class="text-end">{{ chart.value_header }}</th></tr></thead>
      <tbody>{{ chart.table_rows }}</tbody>
    </table>
  </details>
  {% endif %}
</figure>
"""  # noqa: E501


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_figure_is_written_as_the_former_included_template_wrote_it(language):
    hostile = '<b>"Zoé" & l\'équipe</b> {{ x }} %s'
    charts = [
        BarChart(
            title=hostile,
            bars=[Bar(hostile, Decimal(3), hostile), Bar("b", Decimal(1), "1")],
            label_header=hostile,
            value_header="Heures & <i>",
        ),
        BarChart(title="Rien", bars=[Bar("a", Decimal(0), "0")], label_header="x"),
    ]
    with translation.override(language):
        for chart in charts:
            # The drawing's ids are numbered at each drawing: the same number for both.
            svg = chart.svg()
            chart.svg = lambda svg=svg: svg
            former = Template(FORMER_FIGURE).render(Context({"chart": chart}))
            assert Template("{{ chart.figure }}").render(Context({"chart": chart})) == former
