"""HTML escaping for the code that writes a list's rows in Python (template tags that replace
a template loop): what ``conditional_escape`` answers, without its wrapper for lazy texts and
its checks (a dozen Python calls a value, and a page of rows escapes hundreds of values)."""

from __future__ import annotations

import html
import re

_SPECIAL = re.compile("[&<>\"']")


def escape(value) -> str:
    """``conditional_escape(value)``'s text: what has ``__html__`` (safe strings) as it is,
    the rest escaped as Django's ``escape`` escapes it; a plain string with nothing to escape
    (most names and values) is answered as it is."""
    if type(value) is str:
        return html.escape(value) if _SPECIAL.search(value) else value
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
