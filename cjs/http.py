"""Small HTTP helpers shared by the apps' views.

``attempt`` is the one way a view runs an action: it catches the ``DomainError`` a rule
raised and turns it into an ``Outcome``; the view then shows it as a flash message
(``Outcome.flash``), as a form error (``Outcome.on_form``) or inside an htmx fragment it
renders itself (``Outcome.ok`` / ``Outcome.message``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from cjs.db import fits_a_column
from cjs.errors import DomainError


def safe_next(request: HttpRequest, default: str, field: str = "next") -> str:
    """The ``next`` address posted (or in the query string) when it is a path on this site,
    ``default`` otherwise: a form must never send its user to another site. Only a path (it
    starts with ``/``) will do: ``redirect()`` would take any other text for a URL name, and
    a posted ``next=foo`` would end in ``NoReverseMatch`` (a server error)."""
    candidate = request.POST.get(field) or request.GET.get(field) or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def posted_id(request: HttpRequest, field: str) -> int | None:
    """The id posted in ``field``, or None when it is not a plain number a column can hold:
    ``int()`` would raise on ``"²"`` (``isdigit()`` is true for it) and SQLite on an id past
    64 bits, each a server error instead of a refusal."""
    return parse_id(request.POST.get(field, ""))


def posted_ids(request: HttpRequest, field: str) -> list[int]:
    """Every id posted in ``field`` (a list of checkboxes), leaving out what is not one."""
    ids = (parse_id(value) for value in request.POST.getlist(field))
    return [pk for pk in ids if pk is not None]


def parse_id(value: object) -> int | None:
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    pk = int(text)
    return pk if fits_a_column(pk) else None


@dataclass(frozen=True)
class Outcome:
    """What became of an action: went through (with its return ``value``), or refused by the
    rule in ``message``. ``message`` is the success text when the action went through."""

    ok: bool
    message: str = ""
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok

    def flash(self, request: HttpRequest, *, level: int = messages.SUCCESS) -> Outcome:
        """The refusal as an error message, or the success text (if any) at ``level``."""
        if not self.ok:
            messages.error(request, self.message)
        elif self.message:
            messages.add_message(request, level, self.message)
        return self

    def on_form(self, form) -> Outcome:
        """The refusal as the form's non-field error, so the form re-renders with it."""
        if not self.ok:
            form.add_error(None, self.message)
        return self


def attempt(action: Callable[[], Any], success: str = "") -> Outcome:
    """Run ``action`` (an action call, usually a lambda): its return value, or the domain rule
    that refused it. The transaction inside the action has rolled back on a refusal."""
    try:
        value = action()
    except DomainError as error:
        return Outcome(ok=False, message=error.message)
    return Outcome(ok=True, message=str(success) if success else "", value=value)


def attempt_and_redirect(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    success: str = "",
    then: str,
    level: int = messages.SUCCESS,
) -> HttpResponse:
    """The buttons' pattern: run ``action``, flash its success or refusal, go to ``then``."""
    attempt(action, success).flash(request, level=level)
    return redirect(then)
