from __future__ import annotations

from django import template

from cjs.formatting import format_duration, format_money, tel_uri

register = template.Library()


@register.simple_tag(takes_context=True)
def money(context: template.Context, amount) -> str:
    """``{% money job.price %}``: the amount in the cooperative's currency and the page's
    language."""
    cooperative = context.get("cooperative")
    if cooperative:
        return format_money(amount, cooperative.currency, region=cooperative.babel_locale_suffix)
    return format_money(amount)


@register.filter
def paragraphs(text: str) -> list[str]:
    """Split a text on blank lines, for ``{% for p in text|paragraphs %}<p>{{ p }}</p>``."""
    return [block.strip() for block in (text or "").split("\n\n") if block.strip()]


@register.filter
def hours(value) -> str:
    """``{{ timesheet.hours|hours }}``: ``3.17`` shows as ``3 h 10`` (see ``format_duration``)."""
    return format_duration(value)


@register.simple_tag(takes_context=True)
def tel(context: template.Context, number: str) -> str:
    """``<a href="{% tel phone %}">``: a dial link without spaces, with the country code of
    the cooperative's country (``tel:+33385123456``)."""
    cooperative = context.get("cooperative")
    return tel_uri(number, cooperative.babel_locale_suffix if cooperative else "FR")
