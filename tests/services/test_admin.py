"""The back office shows requests and jobs but leaves their statuses to the workflow."""

from __future__ import annotations

import pytest
from django.urls import reverse

from services.models import RequestStatus
from tests.factories import LeaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(LeaderFactory(is_staff=True, is_superuser=True))
    return client


def test_the_back_office_lists_and_opens_requests_and_jobs(admin_client, make_request):
    request = make_request(RequestStatus.SCHEDULED)
    job = request.jobs.get()
    for url in [
        reverse("admin:services_servicerequest_changelist"),
        reverse("admin:services_servicerequest_change", args=[request.pk]),
        reverse("admin:services_job_changelist"),
        reverse("admin:services_job_change", args=[job.pk]),
        reverse("admin:services_service_changelist"),
        reverse("admin:services_satisfaction_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_requests_and_jobs_are_not_created_in_the_back_office(admin_client):
    assert admin_client.get(reverse("admin:services_servicerequest_add")).status_code == 403
    assert admin_client.get(reverse("admin:services_job_add")).status_code == 403


def test_statuses_are_read_only_in_the_back_office(admin_client, make_request):
    request = make_request(RequestStatus.SCHEDULED)
    html = admin_client.get(
        reverse("admin:services_servicerequest_change", args=[request.pk])
    ).content.decode()
    assert 'name="status"' not in html
