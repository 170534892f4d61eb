"""Fixtures of the cjs tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cjs import email_worker


@pytest.fixture
def hello_templates(tmp_path: Path, settings):
    emails = tmp_path / "emails" / "tests"
    emails.mkdir(parents=True)
    (emails / "hello.subject.txt").write_text("{% load i18n %}{% translate 'Home page' %}\n")
    (emails / "hello.txt").write_text(
        '{% extends "emails/base.txt" %}{% block content %}Bonjour {{ name }} & co{% endblock %}'
    )
    (emails / "hello.html").write_text(
        '{% extends "emails/base.html" %}{% block content %}<p>Bonjour {{ name }}</p>{% endblock %}'
    )
    engine = settings.TEMPLATES[0]
    # Assign a new value (not an in-place change) so that Django resets its template engines.
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    return "tests/hello"


@pytest.fixture
def database_tasks(settings):
    """Tasks queued in the database; the mail server fails on demand (``email_worker``)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "tests.cjs.email_worker.FlakyEmailBackend"
    settings.EMAIL_MAX_ATTEMPTS = 3
    settings.EMAIL_RETRY_SECONDS = 60
    yield
    email_worker.FAILURES["left"] = 0
