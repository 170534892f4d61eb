from __future__ import annotations

import functools
from collections.abc import Callable

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from cjs.links import pk_url
from cjs.templatetags.icons import icon_html
from governance.minutes import motion_result_sentence
from governance.queries import motion_record

register = template.Library()


@functools.lru_cache(maxsize=256)
def _pk_url(name: str, prefix: str, urlconf) -> Callable[[object], str]:
    return pk_url(name)


@register.filter
def pk_link(pk, name: str) -> str:
    """``{{ item.pk|pk_link:"governance:item_up" }}`` writes ``{% url "governance:item_up"
    item.pk %}`` for a view taking one id, at the price of a format: the URL is reversed once
    per process (and script prefix and URL configuration, all ``reverse`` reads here), not at
    each row of each page."""
    return _pk_url(name, get_script_prefix(), get_urlconf())(pk)


def _links(*names: str) -> list[Callable[[object], str]]:
    prefix, urlconf = get_script_prefix(), get_urlconf()
    return [_pk_url(name, prefix, urlconf) for name in names]


# An agenda item's buttons for those who change the agenda (the meeting page writes them for
# each item: in Python, as the template wrote them, whitespace included).
_BUTTONS = (
    '<div class="d-flex align-items-start gap-1 flex-shrink-0" data-testid="item-buttons">'
    "\n          "
)
_MOVE = (
    '\n          <form method="post" action="{}" data-hx-post="{}" data-hx-target="#agenda" '
    'data-hx-swap="outerHTML">{}\n            <button class="btn btn-sm btn-outline-secondary" '
    'type="submit" aria-label="{}">{}</button>\n          </form>\n          '
)


@register.simple_tag(takes_context=True)
def item_buttons(context, item, first: bool, last: bool) -> SafeString:
    """Move the item up (not the first) or down (not the last), change it."""
    up, down, edit = _links("governance:item_up", "governance:item_down", "governance:item_edit")
    csrf = CsrfTokenNode().render(context)
    title = conditional_escape(item.title)
    parts = [_BUTTONS]
    if not first:
        label = mark_safe(gettext("Move up: %(title)s") % {"title": title})
        parts.append(
            format_html(_MOVE, up(item.pk), up(item.pk), csrf, label, icon_html("arrow-up"))
        )
    parts.append("\n          ")
    if not last:
        label = mark_safe(gettext("Move down: %(title)s") % {"title": title})
        parts.append(
            format_html(_MOVE, down(item.pk), down(item.pk), csrf, label, icon_html("arrow-down"))
        )
    label = mark_safe(gettext("Change: %(title)s") % {"title": title})
    parts.append(
        format_html(
            '\n          <a class="btn btn-sm btn-outline-secondary" href="{}" '
            'aria-label="{}">{}</a>\n        </div>',
            edit(item.pk),
            label,
            icon_html("pencil"),
        )
    )
    return mark_safe("".join(parts))  # escaped piece by piece above


@register.simple_tag(takes_context=True)
def item_additions(context, item) -> SafeString:
    """Add a motion or an election to the item; remove it while it holds neither."""
    motion_add, election_add, delete = _links(
        "governance:motion_add", "governance:election_add", "governance:item_delete"
    )
    plus = icon_html("plus")
    html = format_html(
        '<div class="d-flex gap-2 mt-1">\n'
        '          <a class="btn btn-sm btn-link px-0" href="{}">{} {}</a>\n'
        '          <a class="btn btn-sm btn-link" href="{}">{} {}</a>\n          ',
        motion_add(item.pk),
        plus,
        gettext("Motion"),
        election_add(item.pk),
        plus,
        gettext("Election"),
    )
    if not item.motions.all() and not item.elections.all():
        html += format_html(
            '\n          <form method="post" action="{}" data-confirm="{}">{}<button '
            'class="btn btn-sm btn-link text-danger" type="submit">{}</button></form>\n          ',
            delete(item.pk),
            gettext("Remove this item from the agenda?"),
            CsrfTokenNode().render(context),
            gettext("Remove"),
        )
    return html + mark_safe("\n        </div>")


@register.filter
def motion_summary(motion) -> str:
    """The vote and result of a motion in one sentence (its ballots prefetched)."""
    return motion_result_sentence(motion_record(motion))


STATUS_CLASSES = {
    "planned": "text-bg-secondary",
    "in_progress": "text-bg-success",
    "closed": "text-bg-dark",
    "draft": "text-bg-light border",
    "open": "text-bg-warning",
    "adopted": "text-bg-success",
    "rejected": "text-bg-danger",
    "withdrawn": "text-bg-secondary",
    "postponed": "text-bg-info",
    "voting": "text-bg-warning",
    "decided": "text-bg-success",
    "applied": "text-bg-primary",
    "approved": "text-bg-success",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "text-bg-light")
