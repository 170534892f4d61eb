"""The columns of a translated field (django-modeltranslation: ``title_fr``, ``title_en``, see
README "Libraries"), filled either from the translation catalogue or from one typed text."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise


def in_every_language(**texts: str | Promise) -> dict[str, str]:
    """Texts of the catalogue (``gettext_lazy``) rendered in each language of the site:
    ``title=_("Other business")`` -> ``{"title_fr": "Divers", "title_en": "Other business"}``."""
    columns: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            columns |= {f"{field}_{code}": str(text) for field, text in texts.items()}
    return columns


def one_text(**texts: str) -> dict[str, str | None]:
    """Texts a person typed, whatever language their page was in: they become the text of
    record (French) and the other languages are emptied, so that every reader sees them rather
    than a translation of what they replaced."""
    columns: dict[str, str | None] = {}
    for code, _name in settings.LANGUAGES:
        record = code == settings.LANGUAGE_CODE
        columns |= {f"{field}_{code}": text if record else None for field, text in texts.items()}
    return columns


def localized(french: str | None, english: str | None) -> str | None:
    """A translated field read from its two columns as django-modeltranslation reads the plain
    attribute: the English text on the English site when there is one, the French otherwise
    (for rows read as values, without a model instance)."""
    if english and (translation.get_language() or "fr").startswith("en"):
        return english
    return french
