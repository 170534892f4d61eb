"""Links at the price of a string format instead of a ``reverse``.

Each ``{% url %}`` or ``reverse`` costs about a hundred Python calls. The URL of a view does
not change while the process runs (no URL of the site is translated), for a given script
prefix and URL configuration, which is all ``reverse`` reads here: a view taking one key is
reversed once with a stand-in key, each row's key then put in its place (the URL converters
for ids write ``str(pk)``: ``pk_url``); a view taking none is reversed once (``fixed_url``)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# A key no row has, written where the row's key goes.
_STAND_IN = 918273645546372819


def pk_url(name: str) -> Callable[[object], str]:
    """``pk -> reverse(name, args=[pk])``, for URL ``name`` taking one key."""
    return _pk_url(name, get_script_prefix(), get_urlconf())


def pk_urls(*names: str) -> list[Callable[[object], str]]:
    """``pk_url`` of each of ``names``, the script prefix and URL configuration read once
    (reading them costs more than the rest of a ``pk_url``)."""
    prefix, urlconf = get_script_prefix(), get_urlconf()
    return [_pk_url(name, prefix, urlconf) for name in names]


@functools.lru_cache(maxsize=512)
def _pk_url(name: str, _prefix: str, _urlconf) -> Callable[[object], str]:
    head, found, tail = reverse(name, args=[_STAND_IN]).rpartition(str(_STAND_IN))
    if not found:
        raise ValueError(f"{name} does not write its key as it is given.")
    return lambda pk: f"{head}{pk}{tail}"


def fixed_url(name: str) -> str:
    """``reverse(name)`` for a view taking no argument."""
    return _fixed_url(name, get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=256)
def _fixed_url(name: str, _prefix: str, _urlconf) -> str:
    return reverse(name)


@receiver(setting_changed)
def _forget_links(**kwargs) -> None:
    """A test that changes the settings (the URLs) gets fresh links."""
    _pk_url.cache_clear()
    _fixed_url.cache_clear()
