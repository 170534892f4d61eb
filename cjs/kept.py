"""Text made from rows read afresh, kept by each process for each text of the rows: the
dashboards read their figures at every view, and the same figures come back view after view
while drawing them again costs hundreds of Python calls (a chart, a list of rows).

``@kept_by_text()`` keeps what a function makes for each ``repr`` of its arguments and the
active language: the arguments are plain values (tuples of rows, strings, numbers, dates,
decimals), whose text says all they are (a decimal's text keeps what its equality forgets:
1.0 is not 1.00, -0 is not 0). Kept results are shared between requests: they must be
immutable text (a ``SafeString``), made from the arguments and the language only. In
development (``DEBUG``) they are made each time, as templates change."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import get_language

Made = TypeVar("Made")

_ALL_KEPT: list[dict] = []


def kept_by_text(most: int = 64) -> Callable[[Callable[..., Made]], Callable[..., Made]]:
    """Keep at most ``most`` results (all forgotten at once when full: the figures of a
    season change slowly and a process sees few of them)."""

    def keep(make: Callable[..., Made]) -> Callable[..., Made]:
        kept: dict[tuple[str, str | None], Made] = {}
        _ALL_KEPT.append(kept)

        @functools.wraps(make)
        def made(*args) -> Made:
            if settings.DEBUG:  # in development, made each time (its templates change)
                return make(*args)
            key = (repr(args), get_language())
            found = kept.get(key)
            if found is None:
                found = make(*args)
                if len(kept) >= most:
                    kept.clear()
                kept[key] = found
            return found

        made.forget = kept.clear  # type: ignore[attr-defined]
        return made

    return keep


@receiver(setting_changed)
def _forget_all(**kwargs) -> None:
    """A test that changes the settings (URLs, languages, formats) gets fresh text."""
    for kept in _ALL_KEPT:
        kept.clear()
