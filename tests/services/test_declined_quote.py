"""A declined quote is a state both sides see, with what happens next."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from services import actions
from services.models import RequestStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def declined(anonymous, make_request):
    request = make_request(RequestStatus.QUOTED)
    anonymous.post(reverse("services:track_decline", args=[request.token]), {"reason": "Cher."})
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    return request


def test_the_resident_reads_that_they_declined_the_quote_and_what_comes_next(anonymous, declined):
    html = anonymous.get(declined.get_tracking_url()).content.decode()
    assert "Vous avez refusé le devis" in html
    assert "annuler votre demande" in html
    assert "en général avec un devis" not in html


def test_the_inbox_marks_a_request_whose_quote_was_declined(leader_client, declined):
    html = leader_client.get(reverse("services:inbox")).content.decode()
    assert 'data-testid="quote-declined"' in html


def test_a_new_request_never_quoted_has_no_declined_mark(anonymous, leader_client, make_request):
    request = make_request(RequestStatus.NEW)
    assert "Vous avez refusé" not in anonymous.get(request.get_tracking_url()).content.decode()
    html = leader_client.get(reverse("services:inbox")).content.decode()
    assert 'data-testid="quote-declined"' not in html


def test_a_new_quote_after_a_declined_one_clears_the_mark(leader, leader_client, declined):
    actions.quote_send(
        service_request=declined,
        by=leader,
        pricing="fixed",
        amount=Decimal("40.00"),
        valid_until=timezone.localdate() + dt.timedelta(days=10),
    )
    html = leader_client.get(reverse("services:inbox")).content.decode()
    assert 'data-testid="quote-declined"' not in html
