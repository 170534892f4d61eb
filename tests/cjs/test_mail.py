from __future__ import annotations

import logging

import pytest

from cjs.mail import enqueue, enqueue_each, send_after_commit, send_each_after_commit

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


def test_each_address_gets_its_own_message_rendered_once(
    hello_templates, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    import cjs.mail

    rendered = []
    render = cjs.mail.render_mail
    monkeypatch.setattr(cjs.mail, "render_mail", lambda **kw: rendered.append(kw) or render(**kw))
    to = ["lea@example.org", "", "hugo@example.org", "lea@example.org", None, "zoe@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        send_each_after_commit(template=hello_templates, to=to, context={"name": "Léa"})
        assert mailoutbox == []
    assert len(rendered) == 1
    assert [m.to for m in mailoutbox] == [
        ["lea@example.org"],
        ["hugo@example.org"],
        ["zoe@example.org"],
    ]
    assert {m.subject for m in mailoutbox} == {mailoutbox[0].subject}
    assert all("Bonjour Léa & co" in m.body for m in mailoutbox)
    assert all(m.alternatives == mailoutbox[0].alternatives for m in mailoutbox)


def test_each_message_is_queued_even_when_another_cannot_be(
    hello_templates, mailoutbox, monkeypatch, caplog
):
    import cjs.mail

    real = cjs.mail.deliver

    class RefusingHugo:
        @staticmethod
        def enqueue(payload, *args, **kwargs):
            if payload["to"] == ["hugo@example.org"]:
                raise ConnectionError("queue down")
            return real.enqueue(payload, *args, **kwargs)

    monkeypatch.setattr(cjs.mail, "deliver", RefusingHugo)
    to = ["lea@example.org", "hugo@example.org", "zoe@example.org"]
    with caplog.at_level(logging.ERROR, logger="cjs.mail"):
        # The three copies are handed to the worker (``deliver_each``), which queues two.
        assert enqueue_each(template=hello_templates, to=to, context={}) == 3
    assert [m.to for m in mailoutbox] == [["lea@example.org"], ["zoe@example.org"]]
    assert "hugo@example.org could not be queued" in caplog.text


def test_each_with_a_template_that_cannot_render_or_nobody_sends_nothing(caplog, mailoutbox):
    with caplog.at_level(logging.ERROR, logger="cjs.mail"):
        assert enqueue_each(template="tests/missing", to=["lea@example.org"], context={}) == 0
        assert enqueue_each(template="tests/missing", to=["", None], context={}) == 0
    assert "could not be rendered" in caplog.text
    assert mailoutbox == []


def test_a_message_to_several_costs_the_request_one_task_the_worker_queues_the_copies(
    hello_templates, mailoutbox, monkeypatch
):
    """The web request queues one ``deliver_each`` for a message to several people (the
    worker queues a ``deliver`` for each); a message to one person is a ``deliver`` at once."""
    import cjs.mail

    queued = []
    for name in ("deliver", "deliver_each"):
        real = getattr(cjs.mail, name)
        monkeypatch.setattr(
            cjs.mail,
            name,
            type(
                name,
                (),
                {
                    "enqueue": staticmethod(
                        lambda *args, _real=real, _name=name: (
                            queued.append(_name) or _real.enqueue(*args)
                        )
                    )
                },
            ),
        )
    to = ["lea@example.org", "hugo@example.org", "zoe@example.org"]
    assert enqueue_each(template=hello_templates, to=to, context={"name": "Léa"}) == 3
    assert queued == ["deliver_each", "deliver", "deliver", "deliver"]
    assert [m.to for m in mailoutbox] == [[address] for address in to]
    queued.clear()
    assert enqueue_each(template=hello_templates, to=["lea@example.org"], context={}) == 1
    assert queued == ["deliver"]
