"""The email tests' mail server and worker: an email backend that fails its first
``FAILURES`` sends, then delivers to the locmem outbox (a mail server that comes back), and
the database backend's own worker run until no task is ready."""

from __future__ import annotations

import datetime as dt

from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from cjs import mail

FAILURES = {"left": 0}


class FlakyEmailBackend(EmailBackend):
    def send_messages(self, messages):
        if FAILURES["left"] > 0:
            FAILURES["left"] -= 1
            raise ConnectionRefusedError("the mail server is down")
        return super().send_messages(messages)


def queue_for_lea(template: str, *, failures: int) -> None:
    """The mail server refuses its next ``failures`` sends; an email to Léa is queued."""
    FAILURES["left"] = failures
    mail.enqueue(template=template, to=["lea@example.org"], context={"name": "Léa"})


def run_worker() -> None:
    """The database backend's own worker, run until no task is ready (``db_worker --batch``)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def later(minutes: int) -> None:
    """The clock moves on: the retries waiting until then are due now."""
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - dt.timedelta(minutes=minutes)
    )
