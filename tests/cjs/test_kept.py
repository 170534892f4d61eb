"""``cjs.kept.kept_by_text`` keeps what a function makes for each text of its arguments and
each language: equal values written differently (1.0 and 1.00) are kept apart, a new value
or language makes anew, and a change of the settings forgets everything."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext, override

from cjs.kept import kept_by_text


def test_kept_by_the_arguments_text_and_the_language(settings):
    made = []

    @kept_by_text(most=3)
    def write(rows: tuple) -> str:
        made.append(rows)
        return f"{gettext('Hours')}: {' '.join(str(value) for (value,) in rows)}"

    with override("en"):
        assert write(((Decimal("1.0"),),)) == "Hours: 1.0"
        assert write(((Decimal("1.00"),),)) == "Hours: 1.00"
        assert write(((Decimal("1.0"),),)) == "Hours: 1.0"
    assert len(made) == 2
    with override("fr"):
        assert write(((Decimal("1.0"),),)) == "Heures: 1.0"
    assert len(made) == 3
    with override("en"):
        write(((Decimal("2"),),))  # a fourth: the kept ones are forgotten
        write(((Decimal("1.0"),),))
    assert len(made) == 5
    settings.LANGUAGE_CODE = "en"  # any setting changed forgets them
    with override("en"):
        write(((Decimal("2"),),))
    assert len(made) == 6
