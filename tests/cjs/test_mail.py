from __future__ import annotations

import logging

import pytest

from cjs.mail import enqueue, send_after_commit

pytestmark = pytest.mark.django_db


def test_mail_renders_french_plain_text_and_html(hello_templates, mailoutbox):
    assert enqueue(template=hello_templates, to=["lea@example.org"], context={"name": "Léa"})
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


def test_a_failing_mail_server_is_tried_again_logged_and_does_not_raise(
    hello_templates, settings, caplog, monkeypatch
):
    settings.EMAIL_MAX_ATTEMPTS = 3
    tries = []

    def broken_send(self, fail_silently=False):
        tries.append(self.to)
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken_send)
    with caplog.at_level(logging.WARNING, logger="cjs.mail"):
        assert enqueue(template=hello_templates, to=["lea@example.org"], context={})
    assert tries == [["lea@example.org"]] * 3
    assert "tried again later" in caplog.text
    assert "was not sent" in caplog.text


def test_a_template_that_cannot_render_is_logged_and_does_not_raise(caplog, mailoutbox):
    with caplog.at_level(logging.ERROR, logger="cjs.mail"):
        assert enqueue(template="tests/missing", to=["lea@example.org"], context={}) is False
    assert "could not be queued" in caplog.text
    assert mailoutbox == []


def test_no_recipient_sends_nothing(hello_templates, mailoutbox):
    assert enqueue(template=hello_templates, to=["", None], context={}) is False
    assert mailoutbox == []


def test_plain_text_parts_are_not_html_escaped(tmp_path, settings, mailoutbox):
    emails = tmp_path / "emails" / "tests"
    emails.mkdir(parents=True)
    (emails / "quote.subject.txt").write_text("Conseil de {{ title }}\n")
    (emails / "quote.txt").write_text("Réunion : {{ title }} <b>")
    (emails / "quote.html").write_text("<p>{{ title }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    enqueue(template="tests/quote", to=["lea@example.org"], context={"title": "l'été & <co>"})
    message = mailoutbox[0]
    assert message.subject.endswith("Conseil de l'été & <co>")
    assert message.body == "Réunion : l'été & <co> <b>"
    assert "<p>l&#x27;été &amp; &lt;co&gt;</p>" in message.alternatives[0][0]
