from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SOURCES = [
    "cjs",
    "members",
    "services",
    "governance",
    "finance",
    "templates",
    "locale",
    "manage.py",
]


def test_home_page_is_in_french_by_default(anonymous):
    response = anonymous.get(reverse("home"))
    assert response["Content-Language"] == "fr"
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Comment ça marche" in html


def test_home_page_stays_french_for_an_english_browser(anonymous):
    response = anonymous.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Comment ça marche" in response.content.decode()


def test_language_switch_turns_the_site_to_english_and_back(anonymous):
    response = anonymous.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = anonymous.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "How it works" in html

    anonymous.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert "Comment ça marche" in anonymous.get(reverse("home")).content.decode()


def test_money_is_written_the_way_each_language_writes_it():
    from decimal import Decimal

    from cjs.formatting import format_money

    assert format_money(Decimal("1234.5"), "EUR", language="fr") == "1\u202f234,50\xa0€"
    assert format_money(Decimal("1234.5"), "EUR", language="en") == "€1,234.50"
    assert format_money(Decimal("12"), "CAD", language="fr", region="CA") == "12,00\xa0$"


def test_money_kept_once_written_reads_as_babel_writes_each_amount():
    """``format_money`` keeps what it wrote: equal amounts of another exponent, rounding and
    signs must still read exactly as Babel writes each of them."""
    from decimal import Decimal

    from babel.numbers import format_currency

    from cjs.formatting import format_money

    for text in ("12.5", "12.50", "12.505", "12.5050", "12.515", "-3", "0.005", "0", "-0"):
        for language, locale in (("fr", "fr_FR"), ("en", "en_IE")):
            expected = format_currency(Decimal(text), "EUR", locale=locale)
            assert format_money(Decimal(text), "EUR", language=language) == expected, text


def test_french_catalogue_has_every_string_translated(tmp_path: Path):
    """Extract the strings from a copy of the sources, merged with our catalogue: any string
    without a French translation, or marked fuzzy, fails the test by name."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is needed (apt-get install gettext); `make test` installs it.")
    for name in SOURCES:
        source = Path(settings.BASE_DIR) / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif source.exists():
            shutil.copy(source, target)
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": "sqlite:///:memory:"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "--no-location"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    with open(tmp_path / "locale/fr/LC_MESSAGES/django.po", "rb") as po:
        catalogue = read_po(po)
    untranslated = [
        message.id
        for message in catalogue
        if message.id and not (all(message.string) if message.pluralizable else message.string)
    ]
    fuzzy = [message.id for message in catalogue if message.id and message.fuzzy]
    assert untranslated == [], f"{len(untranslated)} strings without French translation"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy French translations"
