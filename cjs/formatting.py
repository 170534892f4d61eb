"""Money in the reader's language and the cooperative's currency (Babel's CLDR data), hours
as hours and minutes, phone numbers as dial links, short days ("3 nov.")."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import format_currency
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from cjs.escaping import escape

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
    return _format_currency(str(Decimal(amount)), currency, babel_locale(language, region))


# A page writes the same few amounts (rates, prices, totals) many times; Babel spends ~200
# Python calls on each, so each is written once per process. Keyed by the decimal's text,
# which keeps what equality forgets (-0 is not 0 to Babel).
@lru_cache(maxsize=4096)
def _format_currency(amount: str, currency: str, locale: str) -> str:
    return format_currency(Decimal(amount), currency, locale=locale)


# Country calling codes of the regions a cooperative can be in
# (``Cooperative.babel_locale_suffix``).
CALLING_CODES = {"FR": "33", "CA": "1"}


@lru_cache(maxsize=4096)  # a page lists the same phone numbers at every view
def tel_uri(number: str, region: str = "FR") -> str:
    """A dial link for a phone number typed the way people type it: ``03 85 12 34 56`` in
    France gives ``tel:+33385123456``, ``(514) 555-0199`` in Quebec ``tel:+15145550199``.
    A ``tel:`` link must not contain spaces; an international number keeps its own code."""
    text = (number or "").strip()
    digits = "".join(character for character in text if character.isdigit())
    if not digits:
        return ""
    if text.startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    code = CALLING_CODES.get(region, "")
    if code == "33" and len(digits) == 10 and digits.startswith("0"):
        return f"tel:+33{digits[1:]}"
    if code == "1" and len(digits) == 10:
        return f"tel:+1{digits}"
    if code == "1" and len(digits) == 11 and digits.startswith("1"):
        return f"tel:+{digits}"
    return f"tel:{digits}"


def format_duration(hours: Decimal | int | float | str | None) -> str:
    """``Decimal("3.17")`` is ``"3 h 10"``, ``4`` is ``"4 h"``, ``0.75`` is ``"0 h 45"``: hours
    and minutes, the way both French and English readers write a time worked (no decimal a
    reader must convert). Machines (CSV exports) keep the decimals."""
    if hours is None or hours == "":
        return ""
    minutes = int((Decimal(str(hours)) * 60).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    sign = "-" if minutes < 0 else ""
    whole, rest = divmod(abs(minutes), 60)
    return f"{sign}{whole} h {rest:02d}" if rest else f"{sign}{whole} h"


@lru_cache(maxsize=1024)
def day_month(day: dt.date, _language: str | None) -> SafeString:
    """``day`` as ``{{ day|date:"j N" }}`` writes it ("3 nov.") in ``_language``, the active
    one, escaped: lists write the same days again and again (the rotation's weeks, the
    inbox's dates), so each is written once per process, day and language."""
    return mark_safe(escape(date_format(day, "j N")))


@receiver(setting_changed)
def _forget_days(**kwargs) -> None:
    """A test that changes the settings (languages, formats) gets fresh days."""
    day_month.cache_clear()
