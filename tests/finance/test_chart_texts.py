"""The charts' hours and week labels are written once per process and language: what they
write is what Django writes of them, in French and English, whatever was written before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import date_format, number_format

from cjs.formatting import format_money
from finance.queries_report import hours_text, hours_writer, money_text, week_label
from members.models import Cooperative


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


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("country", [Cooperative.Country.FRANCE, Cooperative.Country.QUEBEC])
def test_the_charts_amounts_are_written_as_format_money_writes_them(language, country):
    cooperative = Cooperative(currency="EUR" if country == Cooperative.Country.FRANCE else "CAD")
    cooperative.country = country
    amounts = [Decimal("185.5"), Decimal("-0.00"), Decimal("0"), Decimal("1234567.891"), 3, None]
    with translation.override("en" if language == "fr" else "fr"):
        [money_text(cooperative)(amount) for amount in amounts]
    with translation.override(language):
        assert [money_text(cooperative)(amount) for amount in amounts] == [
            format_money(amount, cooperative.currency, region=cooperative.babel_locale_suffix)
            for amount in amounts
        ]
