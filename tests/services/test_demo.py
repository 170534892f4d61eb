"""The demo: the catalogue and a season of requests in every status."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from members.models import PermissionGrant, Season
from services.capabilities import ANSWER_REQUESTS, MANAGE_CATALOGUE, PLAN_JOBS, QUOTE_REQUESTS
from services.models import (
    Job,
    JobStatus,
    QuoteStatus,
    RequestStatus,
    Satisfaction,
    Service,
    ServiceRequest,
)
from services.rules import REQUEST_FLOW, derive_request_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo")


def test_the_demo_has_the_catalogue(demo):
    assert set(Service.objects.values_list("slug", flat=True)) == {
        "jardinage",
        "tonte",
        "menage",
        "peinture",
        "demenagement",
        "garde-enfants",
        "garde-animaux",
        "lavage-auto",
        "informatique",
    }
    assert all(service.name_en for service in Service.objects.all())


def test_the_demo_has_about_forty_requests_in_every_status(demo):
    season = Season.objects.current()
    requests = ServiceRequest.objects.filter(season=season)
    assert 35 <= requests.count() <= 45
    assert set(requests.values_list("status", flat=True)) == set(RequestStatus.values)
    assert Satisfaction.objects.exists()


def test_demo_requests_are_consistent_with_their_quotes_and_jobs(demo):
    for request in ServiceRequest.objects.prefetch_related("jobs", "quotes", "events"):
        statuses = [job.status for job in request.jobs.all()]
        if request.status in (RequestStatus.ACCEPTED, RequestStatus.SCHEDULED, "done"):
            assert derive_request_status(request.status, statuses) == request.status
            assert any(q.status == QuoteStatus.ACCEPTED for q in request.quotes.all())
        if request.status == RequestStatus.QUOTED:
            assert sum(q.status == QuoteStatus.PENDING for q in request.quotes.all()) == 1
        events = list(request.events.all())
        assert events[0].kind == "submitted"
        for event in events:
            if event.status_changed:
                assert event.status_after in REQUEST_FLOW[event.status_before]
        assert events[-1].status_after == request.status or events[-1].kind == "rated"
        for job in request.jobs.all():
            assert request.season.contains(job.date)
            if job.status == JobStatus.DONE:
                assert job.has_started()


def test_the_demo_delegates_the_work_to_the_committees(demo):
    grants = set(PermissionGrant.objects.values_list("capability", "committee__slug"))
    assert {
        (ANSWER_REQUESTS, "marketing"),
        (QUOTE_REQUESTS, "finances"),
        (PLAN_JOBS, "rh"),
        (MANAGE_CATALOGUE, "marketing"),
    } <= grants


def test_the_demo_scales(db):
    call_command("seed_demo", scale=2)
    assert ServiceRequest.objects.count() == 80
    assert Job.objects.exists()
