"""Helpers shared by the views of the services app."""

from __future__ import annotations

from django.http import HttpRequest

from cjs.errors import DomainError
from services.forms import ReasonForm


def posted_reason(request: HttpRequest) -> str:
    """The optional ``reason`` of a POST (declining, cancelling). A reason the form refuses
    (too long) refuses the action too, with the form's message: call it inside the action,
    never let the action run without the reason that was typed."""
    form = ReasonForm(request.POST, required=False)
    if not form.is_valid():
        raise DomainError(" ".join(form.errors["reason"]))
    return form.cleaned_data["reason"]
