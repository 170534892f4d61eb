"""The charts' hours and week labels are written once per process and language: what they
write is what Django writes of them, in French and English, whatever was written before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import date_format, number_format

from finance.queries_report import hours_text, hours_writer, week_label


@pytest.mark.parametrize("language", ["fr", "en"])
def test_hours_and_weeks_are_written_as_django_writes_them(language):
    hours = [Decimal("7.4"), Decimal("7.40"), Decimal("-0.0"), Decimal("0"), Decimal("1234.56")]
    mondays = [dt.date(2026, 6, 29), dt.date(2026, 8, 3)]
    for other in ("en", "fr"):  # the other language's texts are not reused
        with translation.override(other):
            [hours_text(value) for value in hours] + [week_label(day) for day in mondays]
    with translation.override(language):
        assert [hours_text(value) for value in hours] == [
            translation.gettext("%(hours)s h") % {"hours": number_format(value, decimal_pos=1)}
            for value in hours
        ]
        assert [week_label(day) for day in mondays] == [
            translation.gettext("week of %(day)s") % {"day": date_format(day, "j M")}
            for day in mondays
        ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_hours_writer_writes_as_hours_text_in_the_active_language(language):
    hours = [Decimal("7.4"), Decimal("-0.0"), Decimal("1234.56"), 3]
    with translation.override("en" if language == "fr" else "fr"):
        [hours_writer()(value) for value in hours]
    with translation.override(language):
        assert [hours_writer()(value) for value in hours] == [hours_text(v) for v in hours]
