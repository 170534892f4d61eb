"""Emails of the cooperative: French by default, plain text and HTML, sent by a background task.

``send_after_commit(template="services/request_received", to=[...], context={...})`` renders
``templates/emails/<template>.subject.txt``, ``.txt`` and ``.html`` in the given language
(French unless told otherwise) once the surrounding transaction has committed, and enqueues
the ``deliver`` task with the rendered message: the web request never talks to the mail
server (``send_each_after_commit``: one message to each address of ``to`` alone, rendered
once). A failed send is tried again later (``EMAIL_MAX_ATTEMPTS`` in all, waiting twice as
long each time); after the last attempt the task fails with the whole message in its
arguments, so nothing is lost: leaders see them in the back office and send them again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django_tasks import task

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


def as_payload(message: EmailMultiAlternatives) -> dict:
    """What a task stores to send ``message`` later: plain JSON, the whole message."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "reply_to": list(message.reply_to),
        "alternatives": [[content, mimetype] for content, mimetype in message.alternatives],
    }


def from_payload(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        reply_to=payload["reply_to"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def retry_delay(attempt: int) -> dt.timedelta:
    """How long to wait after the ``attempt``-th failure: 1, 2, 4, 8… times the base."""
    return dt.timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 2 ** (attempt - 1))


@task()
def deliver(payload: dict, attempt: int = 1) -> dict:
    """Send one rendered message. On failure, enqueue the next attempt after a growing delay
    and report it; the last attempt's failure is raised, so the task ends failed with the
    message in its arguments."""
    try:
        from_payload(payload).send()
    except Exception:
        if attempt >= settings.EMAIL_MAX_ATTEMPTS:
            logger.exception("Email %r to %s was not sent", payload["subject"], payload["to"])
            raise
        logger.warning(
            "Email %r to %s failed (attempt %s), tried again later",
            payload["subject"],
            payload["to"],
            attempt,
            exc_info=True,
        )
        retry = deliver
        if retry.get_backend().supports_defer:
            retry = deliver.using(run_after=timezone.now() + retry_delay(attempt))
        retry.enqueue(payload, attempt=attempt + 1)
        return {"sent": False, "attempt": attempt}
    return {"sent": True, "attempt": attempt}


DELIVER_PATH = deliver.module_path


def enqueue(**kwargs) -> bool:
    """Render the message now and hand it to the ``deliver`` task; return False (and log)
    when there is nobody to write to or the message cannot be rendered or queued."""
    recipients = [address for address in kwargs.get("to", ()) if address]
    if not recipients:
        return False
    try:
        deliver.enqueue(as_payload(render_mail(**{**kwargs, "to": recipients})))
    except Exception:  # a broken email must never break the caller
        logger.exception("Email %s to %s could not be queued", kwargs.get("template"), recipients)
        return False
    return True


def send_after_commit(**kwargs) -> None:
    """Queue the message for when the current transaction commits."""
    transaction.on_commit(lambda: enqueue(**kwargs))


def _queue_copies(payload: dict, recipients: list[str], template: str | None) -> int:
    """A ``deliver`` task for each address, the message to that address alone; how many were
    queued (a failure is logged, never raised)."""
    queued = 0
    for address in recipients:
        try:
            deliver.enqueue({**payload, "to": [address]})
        except Exception:
            logger.exception("Email %s to %s could not be queued", template, address)
        else:
            queued += 1
    return queued


@task()
def deliver_each(payload: dict, recipients: list[str], template: str | None = None) -> dict:
    """Queue one ``deliver`` task for each of ``recipients``: the web request that sends a
    message to several people queues this one task, the worker the copies."""
    return {"queued": _queue_copies(payload, recipients, template), "of": len(recipients)}


def enqueue_each(**kwargs) -> int:
    """One message per address of ``to``, each to that address alone (nobody sees the
    others' addresses), rendered once: they say the same thing in the same language (a new
    request told to every leader and delegate costs one rendering, not one each). For several
    addresses, the copies are queued by the worker (``deliver_each``), not by the request.
    Return how many copies were queued or handed to the worker; as ``enqueue``, a failure is
    logged, never raised."""
    template = kwargs.get("template")
    recipients = list(dict.fromkeys(address for address in kwargs.get("to", ()) if address))
    if not recipients:
        return 0
    try:
        payload = as_payload(render_mail(**{**kwargs, "to": recipients[:1]}))
    except Exception:  # a broken email must never break the caller
        logger.exception("Email %s to %s could not be rendered", template, recipients)
        return 0
    if len(recipients) == 1:
        return _queue_copies(payload, recipients, template)
    try:
        deliver_each.enqueue(payload, recipients, template)
    except Exception:
        logger.exception("Email %s to %s could not be queued", template, recipients)
        return 0
    return len(recipients)


def send_each_after_commit(**kwargs) -> None:
    """``enqueue_each`` when the current transaction commits."""
    transaction.on_commit(lambda: enqueue_each(**kwargs))


def resend_failed(results) -> int:
    """Queue again the messages of failed ``deliver`` tasks (a ``DBTaskResult`` queryset), each
    once: the failed row goes when its message is queued, in the same transaction."""
    sent = 0
    with transaction.atomic():
        for result in results.select_for_update().filter(status="FAILED", task_path=DELIVER_PATH):
            deliver.enqueue(result.args_kwargs["args"][0])
            result.delete()
            sent += 1
    return sent
