"""The columns of a translated field (django-modeltranslation: ``title_fr``, ``title_en``, see
README "Libraries"), filled either from the translation catalogue or from one typed text."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from modeltranslation.utils import build_localized_fieldname, resolution_order


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


def read_columns(model: type, field: str, language: str, prefix: str = "") -> list[str]:
    """The columns of a translated field in the order django-modeltranslation reads them in
    ``language`` (that language, then its fallbacks), for a ``values_list`` that reads the
    text without making instances: ``read_columns(Role, "name", "en", "role__")`` is
    ``["role__name_en", "role__name_fr"]``. ``first_text`` picks what the attribute reads."""
    languages = resolution_order(language, getattr(model, field).fallback_languages)
    return [prefix + build_localized_fieldname(field, code) for code in languages]


def first_text(values) -> str:
    """What the model's attribute reads of a text, given the values of ``read_columns``: the
    first one not empty (empty when all are). A loop, not ``next()`` over a generator: a page
    of rows calls it for every name it shows."""
    for value in values:
        if value:
            return value
    return ""


def localized(french: str | None, english: str | None, language: str | None = None) -> str | None:
    """A translated field read from its two columns as django-modeltranslation reads the plain
    attribute: the English text on the English site when there is one, the French otherwise
    (for rows read as values, without a model instance). ``language``: the active one, for
    a caller reading many rows (asked once, not at each row)."""
    if english and (language or translation.get_language() or "fr").startswith("en"):
        return english
    return french
