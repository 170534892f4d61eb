"""Leaders (or delegated members) answer, quote, decline and cancel requests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from services import actions
from services.capabilities import ANSWER_REQUESTS, QUOTE_REQUESTS
from services.models import EventKind, QuoteStatus, RequestStatus

pytestmark = pytest.mark.django_db


def quote_data(**overrides) -> dict:
    return {
        "pricing": "hourly",
        "hours": "6",
        "hourly_rate": "12.50",
        "amount": "",
        "note": "Deux jeunes pendant trois heures.",
        "valid_until": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        **overrides,
    }


def test_the_quote_form_starts_from_the_catalogue(leader_client, make_request):
    request = make_request()
    form = leader_client.get(reverse("services:quote_create", args=[request.pk])).context["form"]
    assert form.initial["hourly_rate"] == Decimal("12.00")
    assert form.initial["hours"] == Decimal("2")


def test_an_hourly_quote_is_hours_times_the_rate(leader_client, leader, make_request):
    request = make_request()
    response = leader_client.post(reverse("services:quote_create", args=[request.pk]), quote_data())
    assert response.status_code == 302
    request.refresh_from_db()
    quote = request.quotes.get()
    assert quote.amount == Decimal("75.00")
    assert quote.created_by == leader
    assert request.status == RequestStatus.QUOTED
    event = request.events.get(kind=EventKind.QUOTED)
    assert event.actor == leader


def test_a_fixed_price_quote(leader_client, make_request):
    request = make_request()
    leader_client.post(
        reverse("services:quote_create", args=[request.pk]),
        quote_data(pricing="fixed", amount="40", hours="", hourly_rate=""),
    )
    quote = request.quotes.get()
    assert (quote.amount, quote.hours, quote.hourly_rate) == (Decimal("40.00"), None, None)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hours": ""}, "hours"),
        ({"hours": "0"}, "hours"),
        ({"pricing": "fixed", "amount": ""}, "amount"),
        ({"valid_until": "2000-01-01"}, "valid_until"),
        ({"hourly_rate": "-3"}, "hourly_rate"),
    ],
)
def test_a_bad_quote_is_explained_and_nothing_is_sent(
    leader_client, make_request, overrides, field, mailoutbox
):
    request = make_request()
    mailoutbox.clear()
    response = leader_client.post(
        reverse("services:quote_create", args=[request.pk]), quote_data(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not request.quotes.exists()


def test_a_new_quote_replaces_the_one_waiting(leader_client, make_request):
    request = make_request(RequestStatus.QUOTED)
    leader_client.post(reverse("services:quote_create", args=[request.pk]), quote_data())
    statuses = sorted(request.quotes.values_list("status", flat=True))
    assert statuses == [QuoteStatus.PENDING, QuoteStatus.REPLACED]


def test_an_accepted_request_cannot_be_quoted_again(leader_client, make_request):
    request = make_request(RequestStatus.ACCEPTED)
    response = leader_client.post(reverse("services:quote_create", args=[request.pk]), quote_data())
    assert response.status_code == 200
    assert "ne peut pas passer à" in response.content.decode()
    assert request.quotes.count() == 1


def test_declining_needs_a_reason_and_emails_it(
    leader_client, make_request, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_request()
    url = reverse("services:request_decline", args=[request.pk])
    leader_client.post(url, {"reason": ""})
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    with django_capture_on_commit_callbacks(execute=True):
        leader_client.post(url, {"reason": "Pas de jeune disponible ces dates-là."})
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    mail = next(m for m in mailoutbox if m.to == [request.email])
    assert "Pas de jeune disponible ces dates-là." in mail.body


def test_a_leader_cancels_for_the_resident(leader_client, make_request):
    request = make_request(RequestStatus.SCHEDULED)
    leader_client.post(
        reverse("services:request_cancel", args=[request.pk]), {"reason": "Appel du client."}
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    event = request.events.get(kind=EventKind.CANCELLED)
    assert not event.by_resident
    assert event.message == "Appel du client."


def test_a_leader_s_reason_too_long_is_refused_not_dropped(leader_client, make_request):
    request = make_request(RequestStatus.SCHEDULED)
    response = leader_client.post(
        reverse("services:request_cancel", args=[request.pk]), {"reason": "x" * 2001}, follow=True
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.SCHEDULED
    assert not request.events.filter(kind=EventKind.CANCELLED).exists()
    assert "au plus 2000 caractères" in response.content.decode()


def test_notes_are_kept_in_the_history_with_their_author(leader_client, leader, make_request):
    request = make_request()
    leader_client.post(reverse("services:request_note", args=[request.pk]), {"text": "Rappeler."})
    note = request.events.get(kind=EventKind.NOTE)
    assert (note.actor, note.message, note.is_public) == (leader, "Rappeler.", False)
    html = leader_client.get(request.get_absolute_url()).content.decode()
    assert "Rappeler." in html
    assert "Camille Rousseau" in html


def test_the_request_page_shows_who_did_what_and_when(leader_client, make_request):
    request = make_request(RequestStatus.SCHEDULED)
    html = leader_client.get(request.get_absolute_url()).content.decode()
    assert "Devis envoyé : 48,00\xa0€." in html
    assert "l’habitant·e" in html
    assert "Camille Rousseau" in html


def test_a_finance_member_quotes_but_cannot_decline(delegate_client, make_request):
    client = delegate_client(QUOTE_REQUESTS)
    request = make_request()
    page = client.get(request.get_absolute_url()).content.decode()
    assert reverse("services:quote_create", args=[request.pk]) in page
    assert reverse("services:request_decline", args=[request.pk]) not in page
    assert (
        client.post(reverse("services:quote_create", args=[request.pk]), quote_data()).status_code
        == 302
    )
    response = client.post(reverse("services:request_decline", args=[request.pk]), {"reason": "x"})
    assert response.status_code == 403


def test_a_marketing_member_declines_but_cannot_quote(delegate_client, make_request):
    client = delegate_client(ANSWER_REQUESTS)
    request = make_request()
    assert client.get(reverse("services:quote_create", args=[request.pk])).status_code == 403
    client.post(reverse("services:request_decline", args=[request.pk]), {"reason": "Trop loin."})
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED


def test_archived_requests_are_read_only(leader_client, leader, make_request):
    request = make_request()
    request.season.status = "archived"
    request.season.save()
    html = leader_client.get(request.get_absolute_url()).content.decode()
    assert reverse("services:quote_create", args=[request.pk]) not in html
    with pytest.raises(DomainError, match="archivé"):
        actions.quote_send(
            service_request=request,
            by=leader,
            pricing="fixed",
            amount=Decimal("10"),
            valid_until=timezone.localdate(),
        )


@pytest.mark.parametrize("size", [1, 8])
def test_the_request_page_runs_a_constant_number_of_queries(
    size, leader_client, leader, make_request, django_assert_max_num_queries
):
    from tests.services.conftest import plan_job

    request = make_request(RequestStatus.SCHEDULED)
    for day in range(size):
        plan_job(request, leader, date=timezone.localdate() + dt.timedelta(days=3 + day))
        actions.request_note_add(service_request=request, by=leader, text=f"Note {day}")
    # session, user, season, request (with service, season, town), jobs, their skills,
    # quotes (with author), satisfaction, events (with actors), cooperative
    with django_assert_max_num_queries(10):
        assert leader_client.get(request.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_the_quote_form_runs_a_constant_number_of_queries(
    size, leader_client, leader, make_request, django_assert_max_num_queries
):
    request = make_request(RequestStatus.QUOTED)
    for n in range(size):
        actions.quote_send(
            service_request=request,
            by=leader,
            pricing="fixed",
            amount=Decimal(50 + n),
            valid_until=timezone.localdate() + dt.timedelta(days=5),
        )
    url = reverse("services:quote_create", args=[request.pk])
    # session, user, season, capabilities, request (with service, season, town), the quote
    # waiting, cooperative
    with django_assert_max_num_queries(9):
        assert leader_client.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        assert leader_client.post(url, quote_data(hours="")).status_code == 200


def test_a_member_in_a_role_holding_the_quote_permission_quotes_and_is_named(
    client, season, make_request, mailoutbox, django_capture_on_commit_callbacks
):
    """Leaders may delegate to a role as well as to a committee (the treasurer quotes)."""
    from tests.factories import (
        EnrolmentFactory,
        MemberFactory,
        PermissionGrantFactory,
        RoleAssignmentFactory,
        RoleFactory,
    )

    treasurer = MemberFactory(first_name="Inès", last_name="Bernard", email="ines@example.fr")
    EnrolmentFactory(season=season, user=treasurer)
    role = RoleFactory()
    PermissionGrantFactory(capability=QUOTE_REQUESTS, committee=None, role=role)
    RoleAssignmentFactory(season=season, role=role, user=treasurer)
    request = make_request()
    client.force_login(treasurer)
    url = reverse("services:quote_create", args=[request.pk])
    assert client.post(url, quote_data()).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.QUOTED
    assert "Inès Bernard" in client.get(request.get_absolute_url()).content.decode()
    # She hears of the resident's answer: the quote is hers to follow.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.quote_decline(service_request=request, reason="Trop cher.")
    assert any("ines@example.fr" in mail.to for mail in mailoutbox)
