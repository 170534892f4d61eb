"""The resident is emailed at each step, in French with text and HTML; the mail server's
failure never breaks the page nor loses the change."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from services import actions
from services.models import RequestStatus, ServiceRequest
from tests.services.conftest import form_data, start_job_now

pytestmark = pytest.mark.django_db


def resident_mails(mailoutbox, request):
    return [m for m in mailoutbox if m.to == [request.email]]


def assert_french_with_two_parts(message):
    assert message.alternatives[0][1] == "text/html"
    html = message.alternatives[0][0]
    assert "<html" in html
    assert "<html" not in message.body


def test_received_email_has_the_tracking_link_not_the_id(
    anonymous, season, service, towns, leader, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(reverse("services:request_create"), form_data(service))
    request = ServiceRequest.objects.get()
    [mail] = resident_mails(mailoutbox, request)
    assert mail.subject.endswith("Nous avons bien reçu votre demande")
    assert f"http://127.0.0.1:8000/suivi/{request.token}/" in mail.body
    assert request.get_tracking_url() in mail.alternatives[0][0]
    assert_french_with_two_parts(mail)
    [staff] = [m for m in mailoutbox if m.to == [leader.email]]
    assert "Nouvelle demande : Tonte de pelouse à Bourg-les-Saules" in staff.subject
    assert request.get_absolute_url() in staff.body


def test_members_holding_the_answer_permission_hear_of_new_requests(
    delegate, make_request, mailoutbox, django_capture_on_commit_callbacks, leader
):
    from services.capabilities import ANSWER_REQUESTS, PLAN_JOBS

    marketing = delegate(ANSWER_REQUESTS)
    planner = delegate(PLAN_JOBS)
    with django_capture_on_commit_callbacks(execute=True):
        make_request()
    recipients = {address for m in mailoutbox for address in m.to}
    assert marketing.email in recipients
    assert leader.email in recipients
    assert planner.email not in recipients
    # Each gets their own email: nobody learns the others' addresses.
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mailoutbox)


def test_the_staff_addresses_are_read_afresh_at_each_email(
    delegate, make_request, mailoutbox, django_capture_on_commit_callbacks, leader
):
    """Their SQL is compiled once a day (``staff_emails``); who holds the capability is read
    at each email: a new delegate hears of the next request, a deactivated leader does not."""
    from services.capabilities import ANSWER_REQUESTS

    with django_capture_on_commit_callbacks(execute=True):
        make_request()
    first = {address for m in mailoutbox for address in m.to}
    marketing = delegate(ANSWER_REQUESTS)
    leader.is_active = False
    leader.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_request()
    second = {address for m in mailoutbox for address in m.to}
    assert leader.email in first and leader.email not in second
    assert marketing.email not in first and marketing.email in second
    staff = [m for m in mailoutbox if m.to == [marketing.email]]
    assert len(staff) == 1 and "Nouvelle demande" in staff[0].subject


def test_each_step_emails_the_resident_in_french(
    make_request, leader, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(RequestStatus.SCHEDULED)
        job = request.jobs.get()
        start_job_now(job)
        actions.job_mark_done(job=job, by=leader)
    subjects = [m.subject.split("] ", 1)[1] for m in resident_mails(mailoutbox, request)]
    assert subjects[0] == "Nous avons bien reçu votre demande"
    assert subjects[1] == "Votre devis : 48,00 €"  # subjects are on one plain line
    assert subjects[2].startswith("Date fixée : ")
    assert subjects[3] == "Travail terminé : comment ça s’est passé ?"
    for message in resident_mails(mailoutbox, request):
        assert_french_with_two_parts(message)


def test_the_satisfaction_reminder_goes_once(
    make_request, mailoutbox, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    request = make_request(RequestStatus.DONE)
    ServiceRequest.objects.filter(pk=request.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=4)
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_satisfaction_reminders")
        call_command("send_satisfaction_reminders")
    [reminder] = resident_mails(mailoutbox, request)
    assert "comment ça s’est passé" in reminder.subject
    assert f"{request.get_tracking_url()}#avis" in reminder.body


def test_a_failing_mail_server_never_breaks_the_page_nor_loses_the_request(
    anonymous, season, service, towns, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken_send)
    with (
        caplog.at_level(logging.ERROR, logger="cjs.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = anonymous.post(reverse("services:request_create"), form_data(service))
    assert response.status_code == 302
    assert ServiceRequest.objects.count() == 1
    assert "was not sent" in caplog.text  # after its retries, kept in the failed task


def test_a_failing_mail_server_does_not_undo_a_quote(
    make_request, leader_client, monkeypatch, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    request = make_request()

    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken_send)
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(
            reverse("services:quote_create", args=[request.pk]),
            {
                "pricing": "fixed",
                "amount": "30",
                "valid_until": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
            },
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.QUOTED


def test_no_email_leaves_before_the_commit(make_request, mailoutbox):
    # Without running the on-commit callbacks (the test's transaction never commits),
    # nothing is sent: a rolled-back change never emails anyone.
    make_request(RequestStatus.QUOTED)
    assert mailoutbox == []
