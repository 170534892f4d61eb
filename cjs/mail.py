"""Emails of the cooperative: French by default, plain text and HTML, sent after commit.

``send_after_commit(template="services/request_received", to=[...], context={...})`` renders
``templates/emails/<template>.subject.txt``, ``.txt`` and ``.html`` in the given language
(French unless told otherwise) once the surrounding transaction has committed. A failing mail
server is logged and never breaks the page nor undoes the state change that triggered it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

# Whom the emails come from: a callable returning the cooperative (its ``name`` starts every
# subject, its ``contact_email`` answers replies). The members app registers
# ``Cooperative.load`` from its ``AppConfig.ready()``: ``cjs`` never imports an app.
_sender: list[Callable[[], Any]] = []


def register_sender(load: Callable[[], Any]) -> None:
    _sender[:] = [load]


def render_mail(
    *,
    template: str,
    to: Iterable[str],
    context: dict,
    language: str | None = None,
    reply_to: Iterable[str] = (),
) -> EmailMultiAlternatives:
    cooperative = context.get("cooperative") or _sender[0]()
    context = {**context, "cooperative": cooperative, "site_url": settings.SITE_URL}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _render_plain(f"emails/{template}.subject.txt", context)
        text = _render_plain(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    subject = " ".join(subject.split())
    message = EmailMultiAlternatives(
        subject=f"[{cooperative.name}] {subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to)
        or ([cooperative.contact_email] if cooperative.contact_email else []),
    )
    message.attach_alternative(html, "text/html")
    return message


def _render_plain(name: str, context: dict) -> str:
    """Plain text is not HTML: no escaping (``l'été`` must not become ``l&#x27;été``)."""
    return get_template(name).template.render(Context(context, autoescape=False))


def send_now(**kwargs) -> bool:
    """Send at once; return False (and log) when the mail server fails."""
    recipients = [address for address in kwargs.get("to", ()) if address]
    if not recipients:
        return False
    try:
        render_mail(**{**kwargs, "to": recipients}).send()
    except Exception:  # the mail server's failure must never break the caller
        logger.exception("Email %s to %s could not be sent", kwargs.get("template"), recipients)
        return False
    return True


def send_after_commit(**kwargs) -> None:
    """Queue ``send_now(**kwargs)`` for when the current transaction commits."""
    transaction.on_commit(lambda: send_now(**kwargs))
