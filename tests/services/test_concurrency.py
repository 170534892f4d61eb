"""Races settled by the database (PostgreSQL, real threads)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from cjs.errors import DomainError
from members.models import Town
from services import actions
from services.models import Job, Quote, RequestStatus, ServiceRequest
from tests.factories import LeaderFactory, SeasonFactory, ServiceFactory
from tests.services.conftest import RESIDENT

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(count: int, work) -> list:
    """Run ``work(i)`` in ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # collected and checked by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def submit(*, form_token: uuid.UUID | None = None) -> ServiceRequest:
    """A resident's request through the action, as the form sends it."""
    season = SeasonFactory()
    town, _ = Town.objects.get_or_create(name="Bourg-les-Saules", postal_code="71140")
    request, _created = actions.request_submit(
        season=season,
        service=ServiceFactory(slug="tonte"),
        town=town,
        form_token=form_token or uuid.uuid4(),
        fields={**RESIDENT, "wished_from": timezone.localdate() + dt.timedelta(days=2)},
        language="fr",
    )
    return request


def test_the_same_form_sent_from_two_tabs_at_once_creates_one_request():
    SeasonFactory()
    ServiceFactory(slug="tonte")
    Town.objects.create(name="Bourg-les-Saules", postal_code="71140")
    token = uuid.uuid4()
    results = run_together(8, lambda _index: submit(form_token=token).pk)
    assert ServiceRequest.objects.count() == 1
    assert set(results) == {ServiceRequest.objects.get().pk}


def test_two_leaders_quoting_at_once_leave_one_quote_waiting():
    request = submit()
    leaders = [LeaderFactory() for _ in range(4)]

    def quote(index):
        return actions.quote_send(
            service_request=request,
            by=leaders[index],
            pricing="fixed",
            amount=Decimal(20 + index),
            valid_until=timezone.localdate() + dt.timedelta(days=5),
        )

    results = run_together(4, quote)
    assert not [r for r in results if isinstance(r, Exception)]
    assert Quote.objects.filter(request=request, status="pending").count() == 1
    assert Quote.objects.filter(request=request, status="replaced").count() == 3


def test_the_resident_accepting_while_the_leader_cancels_ends_in_one_coherent_state():
    leader = LeaderFactory()
    request = submit()
    actions.quote_send(
        service_request=request,
        by=leader,
        pricing="fixed",
        amount=Decimal("30"),
        valid_until=timezone.localdate() + dt.timedelta(days=5),
    )

    def act(index):
        if index == 0:
            return actions.quote_accept(service_request=request)
        return actions.request_decline(service_request=request, by=leader, reason="Complet.")

    results = run_together(2, act)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
    request.refresh_from_db()
    assert request.status in (RequestStatus.ACCEPTED, RequestStatus.DECLINED)
    assert not Job.objects.exists()
