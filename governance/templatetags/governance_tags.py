from __future__ import annotations

import functools
from collections.abc import Callable

from django import template
from django.urls import get_script_prefix, get_urlconf

from cjs.links import pk_url
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
