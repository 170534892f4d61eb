from __future__ import annotations

import datetime as dt
import functools
import secrets
from decimal import Decimal
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import render_value_in_context
from django.template.defaulttags import querystring
from django.template.loader import get_template
from django.utils.functional import LazyObject, empty
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from cjs import links
from cjs.escaping import escape
from cjs.formatting import format_duration, format_money, tel_uri

register = template.Library()


@register.simple_tag
def shared_fragment(template_name: str, **facts) -> SafeString:
    """``{% shared_fragment "includes/main_menu.html" is_leader=user.is_leader ... %}``: a
    fragment whose HTML depends only on ``facts`` and the active language (the same menu for
    every member holding the same capabilities), so each process renders it once per distinct
    facts and reuses it. The template sees ``facts`` and nothing else: no request, no user, no
    CSRF token. A value that changes with every request (the CSRF token, the page's address)
    is given as a hole (``next=request.get_full_path|hole``): the fragment is written once with
    a marker in its place and each use puts the value there, escaped as ``{{ next }}`` would
    be. In development (``DEBUG``) it is rendered every time, as templates change."""
    holes = {name: value.value for name, value in facts.items() if type(value) is Hole}
    frozen = tuple(
        sorted((name, _frozen(value)) for name, value in facts.items() if name not in holes)
    )
    names = tuple(sorted(holes))
    if settings.DEBUG:
        html = _render_fragment(template_name, frozen, names)
    else:
        html = _shared_fragment(template_name, get_language(), frozen, names)
    for name, value in holes.items():
        html = html.replace(_marker(name), escape(value))
    return mark_safe(html)


class Hole:
    """A value of a shared fragment that is not part of what it is shared by (``|hole``)."""

    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = "" if value is None else value


@register.filter
def hole(value) -> Hole:
    """``{% shared_fragment ... csrf_token=csrf_token|hole %}``: see ``shared_fragment``."""
    return Hole(value)


# Letters, digits and dashes only: escaping leaves a marker as it is. Random for each process,
# so that no text of a fact can be taken for one.
_HOLE = f"cjs-hole-{secrets.token_hex(8)}-"


def _marker(name: str) -> str:
    return _HOLE + name


def _frozen(value):
    """A hashable stand-in of a fact: a set (the capabilities) becomes a frozenset; booleans,
    numbers, texts (safe ones stay safe), dates and tuples (rows of columns, in their order,
    the fragment's template reading them as they are) stay as they are. A lazy fact
    (``reads_minors_data``, the capabilities) is read now, so that the cache keeps no request
    alive."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    if value is None or isinstance(value, bool | int | str | Decimal | dt.date):
        return value
    if isinstance(value, tuple):
        hash(value)  # a row holds columns only: a list or a set in it is refused
        return value
    return frozenset(value)


def _render_fragment(template_name: str, facts: tuple, holes: tuple = ()) -> str:
    context = dict(facts)
    context.update((name, _marker(name)) for name in holes)
    return get_template(template_name).render(context)


@lru_cache(maxsize=256)
def _shared_fragment(template_name: str, _language: str, facts: tuple, holes: tuple) -> str:
    return _render_fragment(template_name, facts, holes)


@register.simple_tag
def fixed_url(name: str) -> str:
    """``{% fixed_url "services:my_jobs" %}``: what ``{% url "services:my_jobs" %}`` writes, for
    a view taking no argument, reversed once per process (``cjs.links.fixed_url``; a
    ``{% url %}`` costs some 120 Python calls)."""
    return links.fixed_url(name)


@receiver(setting_changed)
def _forget_fragments(**kwargs) -> None:
    """A test that changes the settings (URLs, languages, templates) gets fresh fragments."""
    _shared_fragment.cache_clear()


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


@register.simple_tag(takes_context=True)
def pager(context: template.Context, page, target: str = "") -> SafeString:
    """``{% pager page target="#results" %}``: the links to the other pages of a long list
    (``page``: a Django ``Page``), keeping the other parameters of the address (the
    filters); with ``target``, htmx swaps that element. Written here as the former
    ``includes/_pager.html`` wrote it (its text is kept in tests/cjs/former_pager.html, the
    test renders both): the include cost a paged page ~600 Python calls."""
    if not hasattr(page, "has_other_pages") or not page.has_other_pages():  # no page: none
        return mark_safe("\n\n")
    shown = functools.partial(render_value_in_context, context=context)
    links = [
        f'\n<nav aria-label="{shown(gettext("Pages"))}" data-testid="pager">\n'
        '  <ul class="pagination pagination-sm">\n    '
    ]
    if page.has_previous():
        links.append(
            _page_link(context, page.previous_page_number(), "prev", gettext("Previous"), target)
        )
    number, total = shown(page.number), shown(page.paginator.num_pages)
    links.append(
        '\n    <li class="page-item disabled"><span class="page-link">'
        f"{gettext('Page %(number)s of %(total)s') % {'number': number, 'total': total}}"
        "</span></li>\n    "
    )
    if page.has_next():
        links.append(_page_link(context, page.next_page_number(), "next", gettext("Next"), target))
    links.append("\n  </ul>\n</nav>\n")
    return mark_safe("\n" + "".join(links) + "\n")  # each value escaped as {{ }} escaped it


def _page_link(context: template.Context, number: int, rel: str, text: str, target: str) -> str:
    url = escape(querystring(context, page=number))
    htmx = (
        f' data-hx-get="{url}" data-hx-target="{escape(target)}" data-hx-push-url="true"'
        if target
        else ""
    )
    return (
        f'\n      \n      <li class="page-item"><a class="page-link" rel="{rel}" href="{url}"'
        f"{htmx}>{render_value_in_context(text, context)}</a></li>\n    "
    )
