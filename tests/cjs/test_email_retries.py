"""Emails go through the database task backend: the web request only stores the message, the
worker sends it, and a failed send is retried later until it goes out, exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cjs import mail
from tests.cjs.email_worker import later, queue_for_lea, run_worker

# The worker commits as it does in production (and closes a connection inside a transaction).
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_request_only_stores_the_message(database_tasks, hello_templates, mailoutbox):
    assert mail.enqueue(template=hello_templates, to=["lea@example.org"], context={"name": "L"})
    assert mailoutbox == []
    stored = DBTaskResult.objects.get()
    assert stored.task_path == "cjs.mail.deliver"
    assert stored.args_kwargs["args"][0]["to"] == ["lea@example.org"]


def test_a_failed_send_is_retried_later_and_delivered_exactly_once(
    database_tasks,
    hello_templates,
    mailoutbox,
):
    queue_for_lea(hello_templates, failures=1)
    before = timezone.now()
    run_worker()
    assert mailoutbox == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after >= before + dt.timedelta(seconds=60)  # not at once: backoff
    run_worker()  # too early: nothing is due
    assert mailoutbox == []
    later(minutes=1)
    run_worker()
    run_worker()
    assert len(mailoutbox) == 1
    assert "Bonjour Léa" in mailoutbox[0].body
    assert mailoutbox[0].alternatives[0][1] == "text/html"
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_after_the_last_attempt_the_message_stays_in_the_failed_task(
    database_tasks,
    hello_templates,
    mailoutbox,
):
    queue_for_lea(hello_templates, failures=10)
    for _ in range(3):
        run_worker()
        later(minutes=10)
    assert mailoutbox == []
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.args_kwargs["kwargs"] == {"attempt": 3}
    message = mail.from_payload(failed.args_kwargs["args"][0])
    assert message.to == ["lea@example.org"]
    assert "Bonjour Léa" in message.body


def test_the_wait_doubles_after_each_failure(settings):
    settings.EMAIL_RETRY_SECONDS = 60
    assert [mail.retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
