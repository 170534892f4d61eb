"""Money in the reader's language and the cooperative's currency (Babel's CLDR data)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency
from django.utils import translation

_LOCALES = {
    ("fr", "FR"): "fr_FR",
    ("fr", "CA"): "fr_CA",
    ("en", "FR"): "en_IE",
    ("en", "CA"): "en_CA",
}


def babel_locale(language: str | None = None, region: str = "FR") -> str:
    language = (language or translation.get_language() or "fr")[:2]
    return _LOCALES.get((language, region), _LOCALES[("fr", region if region == "CA" else "FR")])


def format_money(
    amount: Decimal | int | float | None,
    currency: str = "EUR",
    *,
    language: str | None = None,
    region: str = "FR",
) -> str:
    """``format_money(Decimal("12.5"))`` is ``"12,50 €"`` in French, ``"€12.50"`` in English."""
    if amount is None or amount == "":
        return ""
    return format_currency(Decimal(amount), currency, locale=babel_locale(language, region))
