"""A job planned in the past is allowed (recording work already done), said so, and its team
page offers no button the actions would refuse."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import Job, RequestStatus
from tests.services.conftest import plan_job
from tests.services.test_jobs import job_data

pytestmark = pytest.mark.django_db


def test_planning_a_job_in_the_past_warns_that_it_records_work_already_done(
    leader_client, make_request
):
    """Today at 00:00–00:01, planned later in the day (a date before today is refused)."""
    request = make_request(RequestStatus.ACCEPTED)
    today = timezone.localdate().isoformat()
    data = job_data(date=today, starts_at="00:00", ends_at="00:01")
    response = leader_client.post(
        reverse("services:job_create", args=[request.pk]), data, follow=True
    )
    html = response.content.decode()
    assert request.jobs.count() == 1
    assert "Ce chantier est dans le passé" in html


def test_planning_a_job_to_come_gives_no_such_warning(leader_client, make_request):
    request = make_request(RequestStatus.ACCEPTED)
    response = leader_client.post(
        reverse("services:job_create", args=[request.pk]), job_data(), follow=True
    )
    assert "Ce chantier est dans le passé" not in response.content.decode()


def test_the_team_page_of_a_job_whose_time_passed_offers_no_button(
    leader, leader_client, make_request, make_member
):
    job = plan_job(make_request(RequestStatus.ACCEPTED), leader)
    make_member()
    Job.objects.filter(pk=job.pk).update(date=timezone.localdate() - dt.timedelta(days=1))
    url = reverse("services:job_team", args=[job.pk])
    html = leader_client.get(url).content.decode()
    assert 'data-testid="job-over"' in html
    assert reverse("services:job_assign", args=[job.pk]) not in html
    assert 'data-testid="suggestion"' not in html


def test_the_team_page_of_a_job_to_come_keeps_its_buttons(
    leader, leader_client, make_request, make_member
):
    job = plan_job(make_request(RequestStatus.ACCEPTED), leader)
    make_member()
    html = leader_client.get(reverse("services:job_team", args=[job.pk])).content.decode()
    assert 'data-testid="job-over"' not in html
    assert reverse("services:job_assign", args=[job.pk]) in html
