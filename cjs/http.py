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

from cjs.errors import DomainError


def safe_next(request: HttpRequest, default: str, field: str = "next") -> str:
    """The ``next`` address posted (or in the query string) when it stays on this site,
    ``default`` otherwise: a form must never send its user to another site."""
    candidate = request.POST.get(field) or request.GET.get(field) or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


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
