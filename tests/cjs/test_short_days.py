"""The short day ("3 nov.") the rotation's weeks and the inbox's dates write, once per
process, day and language: the text the ``date:"j N"`` filter writes."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from cjs.formatting import day_month

DAYS = [dt.date(2026, 7, 1), dt.date(2026, 12, 3), dt.date(2027, 2, 28), dt.date(2026, 8, 15)]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_short_day_is_what_the_date_filter_writes(language):
    template = Template('{{ day|date:"j N" }}')
    with translation.override(language):
        for day in DAYS:
            assert day_month(day, language) == template.render(Context({"day": day}))


def test_short_day_filter_writes_the_pages_language():
    template = Template("{% load members_tags %}{{ day|day_month }}")
    day = dt.date(2026, 12, 3)
    with translation.override("fr"):
        french = template.render(Context({"day": day}))
    with translation.override("en"):
        english = template.render(Context({"day": day}))
    assert (french, english) == ("3 déc.", "3 Dec.")


def test_short_days_are_forgotten_when_the_settings_change():
    day_month(dt.date(2026, 12, 3), "fr")
    assert day_month.cache_info().currsize >= 1
    with override_settings(LANGUAGE_CODE="en"):
        assert day_month.cache_info().currsize == 0
