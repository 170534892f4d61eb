"""Leaders see in the back office the emails the mail server refused at every attempt, whole,
and send them again; members and visitors do not see them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.cjs.email_worker import queue_for_lea, run_worker

# The worker commits as it does in production (and closes a connection inside a transaction).
pytestmark = pytest.mark.django_db(transaction=True)

CHANGELIST = reverse("admin:cjs_emailtask_changelist")


@pytest.fixture
def failed_email(database_tasks, settings, hello_templates):
    settings.EMAIL_MAX_ATTEMPTS = 1
    queue_for_lea(hello_templates, failures=1)
    run_worker()
    return DBTaskResult.objects.get(status="FAILED")


def test_a_leader_sees_the_failed_email_whole(failed_email, leader_client):
    response = leader_client.get(CHANGELIST, {"status__exact": "FAILED"})
    assert response.status_code == 200
    assert "lea@example.org" in response.content.decode()
    page = leader_client.get(reverse("admin:cjs_emailtask_change", args=[failed_email.pk]))
    assert page.status_code == 200
    assert "Bonjour Léa" in page.content.decode()


def test_a_leader_sends_a_failed_email_again_once(failed_email, leader_client, mailoutbox):
    response = leader_client.post(
        CHANGELIST, {"action": "send_again", "_selected_action": [str(failed_email.pk)]}
    )
    assert response.status_code == 302
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    run_worker()
    leader_client.post(
        CHANGELIST, {"action": "send_again", "_selected_action": [str(failed_email.pk)]}
    )
    run_worker()
    assert [message.to for message in mailoutbox] == [["lea@example.org"]]


def test_a_member_cannot_see_the_emails(failed_email, member_client):
    assert member_client.get(CHANGELIST, follow=True).status_code == 403


def test_a_visitor_is_sent_to_the_login_page(failed_email, anonymous):
    response = anonymous.get(CHANGELIST)
    assert response.status_code == 302
    assert reverse("login") in response.url or "/admin/login" in response.url
