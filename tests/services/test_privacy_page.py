"""The privacy page states exactly the retention periods ``apply_retention`` applies (they
come from the same settings) and the rights, in French and in English."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(client, language: str = "fr") -> str:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("services:privacy")).content.decode()


def test_the_privacy_page_states_the_retention_periods_in_french(anonymous):
    page = _page(anonymous)
    assert "effacés 12 mois après votre dernier chantier" in page
    assert "à la fin de la 2e saison qui suit la dernière saison du membre" in page
    assert "conservées 10 ans" in page
    assert "jamais son choix" in page
    assert "Tout ce que la coopérative sait de moi" in page  # the right of access
    assert "effacement" in page


def test_the_privacy_page_states_them_in_english(anonymous):
    page = _page(anonymous, "en")
    assert "erased 12 months after your last job" in page
    assert "once 2 more seasons have ended" in page and "season after next" in page
    assert "kept 10 years" in page


def test_the_privacy_page_follows_the_settings(anonymous, settings):
    settings.RETENTION_RESIDENT_MONTHS = 6
    settings.RETENTION_MEMBER_SEASONS = 1
    page = _page(anonymous)
    assert "effacés 6 mois après votre dernier chantier" in page
    assert "à la fin de la saison qui suit la dernière saison du membre" in page
