"""Fixtures of the services tests: the territory, a service, delegated members, and requests
brought to each status through the real actions."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from services import actions
from services.models import Job, JobStatus, RequestStatus, ServiceRequest
from tests.factories import (
    EnrolmentFactory,
    MemberFactory,
    ServiceFactory,
    TownFactory,
)


@pytest.fixture
def towns(db):
    return [
        TownFactory(name="Bourg-les-Saules", postal_code="71140"),
        TownFactory(name="Vernay-sur-Loue", postal_code="71145"),
    ]


@pytest.fixture
def service(db):
    return ServiceFactory(slug="tonte", name_fr="Tonte de pelouse", name_en="Lawn mowing")


# The resident of most tests, in a town the cooperative serves.
RESIDENT = {
    "description": "Tondre la pelouse derrière la maison, environ 300 m².",
    "time_of_day": "morning",
    "address": "12 rue des Tilleuls",
    "postal_code": "71140",
    "town_name": "Bourg-les-Saules",
    "first_name": "Monique",
    "last_name": "Perrin",
    "phone": "06 12 34 56 78",
    "email": "monique.perrin@example.fr",
}


def form_data(service, **overrides) -> dict:
    """What a resident types in the request form."""
    data = {
        **RESIDENT,
        "service": service.pk,
        "wished_from": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        "wished_until": "",
        "estimated_hours": "2",
        "consent": "on",
        "website": "",
        "form_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def make_request(season, service, towns, leader):
    """``make_request(status)``: a request brought to ``status`` through the actions, as in
    real life (submitted, quoted, accepted, planned, done...)."""

    def make(status: str = RequestStatus.NEW, **fields) -> ServiceRequest:
        data = {
            **RESIDENT,
            "wished_from": timezone.localdate() + dt.timedelta(days=2),
            "wished_until": None,
            "estimated_hours": Decimal("2"),
            **fields,
        }
        request, _ = actions.request_submit(
            season=season,
            service=service,
            town=towns[0],
            form_token=uuid.uuid4(),
            fields=data,
            language="fr",
        )
        if status == RequestStatus.NEW:
            return request
        if status == RequestStatus.DECLINED:
            actions.request_decline(service_request=request, by=leader, reason="Trop loin.")
            return ServiceRequest.objects.get(pk=request.pk)
        if status == RequestStatus.CANCELLED:
            actions.request_cancel(service_request=request)
            return ServiceRequest.objects.get(pk=request.pk)
        actions.quote_send(
            service_request=request,
            by=leader,
            pricing="hourly",
            hours=Decimal("4"),
            hourly_rate=Decimal("12"),
            valid_until=timezone.localdate() + dt.timedelta(days=10),
        )
        if status == RequestStatus.QUOTED:
            return ServiceRequest.objects.get(pk=request.pk)
        actions.quote_accept(service_request=request)
        if status == RequestStatus.ACCEPTED:
            return ServiceRequest.objects.get(pk=request.pk)
        job = plan_job(request, leader)
        if status == RequestStatus.DONE:
            start_job_now(job)
            actions.job_mark_done(job=job, by=leader)
        return ServiceRequest.objects.get(pk=request.pk)

    return make


def plan_job(request: ServiceRequest, by, **overrides) -> Job:
    fields = {
        "date": timezone.localdate() + dt.timedelta(days=2),
        "starts_at": dt.time(9, 0),
        "ends_at": dt.time(12, 0),
        "seats": 2,
        "skills": [],
        "address": request.address,
        "postal_code": request.postal_code,
        "town_name": request.town_name,
        "hourly_rate": Decimal("12.00"),
        "notes": "",
        **overrides,
    }
    return actions.job_create(service_request=request, by=by, **fields)


def start_job_now(job: Job) -> None:
    """Move a planned job into the past (the work has started), as time would."""
    now = timezone.localtime()
    earlier = now - dt.timedelta(hours=3)
    if earlier.date() != now.date():  # just after midnight: yesterday's morning
        earlier = now - dt.timedelta(days=1)
    Job.objects.filter(pk=job.pk).update(
        date=earlier.date(), starts_at=dt.time(earlier.hour, 0), ends_at=dt.time(23, 59)
    )
    job.refresh_from_db()
    assert job.status in (JobStatus.OPEN, JobStatus.STAFFED)


# --- Jobs: teams, claims, hours --------------------------------------------------------------


@pytest.fixture
def make_job(make_request, leader):
    """``make_job(**fields)``: an open job planned through the actions for an accepted
    request (two seats, the day after tomorrow, 9:00-12:00 by default). Its fair head start
    is over unless ``fresh=True``."""

    def make(*, fresh: bool = False, request=None, **overrides) -> Job:
        request = request or make_request(RequestStatus.ACCEPTED)
        job = plan_job(request, leader, **overrides)
        if not fresh:
            Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=1))
            job.refresh_from_db()
        return job

    return make


@pytest.fixture
def make_member(season):
    """``make_member(**profile)``: a member enrolled in the season (an adult by default;
    ``minor=True`` a cleared minor, ``not_cleared=True`` a minor without authorization)."""

    def make(**profile):
        user = MemberFactory(**{f"profile__{key}": value for key, value in profile.items()})
        EnrolmentFactory(season=season, user=user)
        return user

    return make


@pytest.fixture
def approver(delegate):
    """A member of a committee holding ``approve_claims``."""
    from services.capabilities import APPROVE_CLAIMS

    return delegate(APPROVE_CLAIMS)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
