from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cjs.mail import send_after_commit, send_now

pytestmark = pytest.mark.django_db


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


def test_mail_renders_french_plain_text_and_html(hello_templates, mailoutbox):
    assert send_now(template=hello_templates, to=["lea@example.org"], context={"name": "Léa"})
    message = mailoutbox[0]
    assert message.subject.endswith("Page d’accueil")  # French by default
    assert "Bonjour Léa & co" in message.body  # plain text is not HTML-escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<p>Bonjour Léa</p>" in html


def test_send_after_commit_waits_for_the_commit(
    hello_templates, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_after_commit(template=hello_templates, to=["lea@example.org"], context={"name": "L"})
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1


def test_a_failing_mail_server_is_logged_and_does_not_raise(
    hello_templates, settings, caplog, monkeypatch
):
    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken_send)
    with caplog.at_level(logging.ERROR, logger="cjs.mail"):
        assert send_now(template=hello_templates, to=["lea@example.org"], context={}) is False
    assert "could not be sent" in caplog.text


def test_no_recipient_sends_nothing(hello_templates, mailoutbox):
    assert send_now(template=hello_templates, to=["", None], context={}) is False
    assert mailoutbox == []


def test_plain_text_parts_are_not_html_escaped(tmp_path, settings, mailoutbox):
    emails = tmp_path / "emails" / "tests"
    emails.mkdir(parents=True)
    (emails / "quote.subject.txt").write_text("Conseil de {{ title }}\n")
    (emails / "quote.txt").write_text("Réunion : {{ title }} <b>")
    (emails / "quote.html").write_text("<p>{{ title }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    send_now(template="tests/quote", to=["lea@example.org"], context={"title": "l'été & <co>"})
    message = mailoutbox[0]
    assert message.subject.endswith("Conseil de l'été & <co>")
    assert message.body == "Réunion : l'été & <co> <b>"
    assert "<p>l&#x27;été &amp; &lt;co&gt;</p>" in message.alternatives[0][0]
