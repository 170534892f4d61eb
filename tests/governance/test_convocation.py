"""The convocation names the members it did not reach (no email address, or a message that
could not be queued), a printable convocation is offered, and each convened member finds it on their
dashboard with the date, the place and the agenda."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from governance import actions
from governance.models import Meeting
from tests.factories import AgendaItemFactory, EnrolmentFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(meeting):
    AgendaItemFactory(meeting=meeting, title="Tarifs de la tonte", position=1)
    AgendaItemFactory(meeting=meeting, title="Budget du barbecue", position=2)
    return meeting


@pytest.mark.django_db(transaction=True)
def test_the_flash_names_who_has_no_address(agenda, member, other_member, leader, leader_client):
    other_member.email = ""
    other_member.save()
    response = leader_client.post(
        reverse("governance:meeting_convene", args=[agenda.pk]), follow=True
    )
    html = response.content.decode()
    assert "Convocation envoyée par e-mail à 1 membres." in html
    assert "Non joints par e-mail, remettez-leur la convocation imprimable" in html
    assert "Hugo Bernard (pas d’adresse e-mail)" in html
    assert "Léa Martin" not in html.split("Non joints")[1].split("</div>")[0]
    assert [m.to for m in mail.outbox] == [[member.email]]


@pytest.mark.django_db(transaction=True)
def test_a_convocation_the_mail_server_refuses_waits_in_the_queue_not_in_the_flash(
    agenda, member, leader, monkeypatch
):
    """Delivery goes through the email queue: a mail server that hangs up is tried again by
    the worker, and the message stays in the failed tasks a leader sends again (see
    tests/cjs/test_email_retries.py); only what cannot even be queued is named at once."""

    def refuse_all(message, *args, **kwargs):
        raise ConnectionRefusedError("the mail server hung up")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse_all)
    convocation = actions.meeting_convene(meeting=agenda, by=leader)
    assert member in convocation.reached and convocation.unreached == []


def test_the_printable_convocation_has_the_date_place_and_agenda(agenda, member, member_client):
    response = member_client.get(reverse("governance:meeting_convocation", args=[agenda.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Convocation" in html and escape(agenda.title) in html
    assert "Salle du centre social" in html
    assert html.index("Tarifs de la tonte") < html.index("Budget du barbecue")
    assert "data-print" in html
    assert 'data-testid="convened"' not in html  # the list is for those who plan


def test_those_who_plan_see_whom_the_convocation_is_for(agenda, leader_client):
    html = leader_client.get(
        reverse("governance:meeting_convocation", args=[agenda.pk])
    ).content.decode()
    assert "Membres convoqués" in html and "Hugo Bernard" in html and "Léa Martin" in html


def test_anonymous_visitors_are_sent_to_login(agenda, anonymous):
    response = anonymous.get(reverse("governance:meeting_convocation", args=[agenda.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("size", [2, 15])
def test_the_printable_convocation_reads_a_constant_number_of_queries(
    size, agenda, leader_client, django_assert_max_num_queries
):
    for index in range(size):
        AgendaItemFactory(meeting=agenda, title=f"Point {index}", position=10 + index)
        EnrolmentFactory(season=agenda.season, user=MemberFactory())
    # session, user, season, cooperative, capabilities, meeting, items, motions, elections,
    # members convened
    with django_assert_max_num_queries(11):
        response = leader_client.get(reverse("governance:meeting_convocation", args=[agenda.pk]))
    assert response.status_code == 200


def test_a_convened_member_finds_the_convocation_on_their_dashboard(agenda, member_client, leader):
    html = member_client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="convocation-card"' not in html  # not sent yet
    actions.meeting_convene(meeting=agenda, by=leader)
    html = member_client.get(reverse("dashboard")).content.decode()
    card = html.split('data-testid="convocation-card"')[1].split("</div>\n    </div>")[0]
    assert f"Convocation : {escape(agenda.title)}" in card
    assert "Salle du centre social" in card
    assert "Tarifs de la tonte" in card and "Budget du barbecue" in card
    assert reverse("governance:meeting_convocation", args=[agenda.pk]) in card
    assert Meeting.objects.get(pk=agenda.pk).convened_at <= timezone.now()


@pytest.mark.parametrize("size", [1, 5])
def test_the_member_dashboard_with_convocations_reads_a_constant_number_of_queries(
    size, season, member, member_client, leader, django_assert_max_num_queries
):
    from tests.factories import MeetingFactory

    for _ in range(size):
        meeting = MeetingFactory(season=season, chair=leader)
        for position in range(size):
            AgendaItemFactory(meeting=meeting, position=position)
        actions.meeting_convene(meeting=meeting, by=leader)
    # as in tests/cjs/test_dashboard.py, with the agenda items of the convened meetings (1)
    with django_assert_max_num_queries(16):
        html = member_client.get(reverse("dashboard")).content.decode()
    assert html.count('data-testid="convocation-card"') == size
