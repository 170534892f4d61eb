"""The services panels of the dashboards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from services.capabilities import PLAN_JOBS
from services.models import RequestStatus

pytestmark = pytest.mark.django_db


def test_the_leader_dashboard_counts_the_requests_and_lists_the_next_jobs(
    leader_client, make_request
):
    make_request()
    make_request(RequestStatus.SCHEDULED)
    response = leader_client.get(reverse("dashboard"))
    assert response.context["request_counts"]["new"] == 1
    assert len(response.context["upcoming_jobs"]) == 1
    assert 'data-testid="dashboard-new">1<' in response.content.decode()


def test_a_planner_sees_the_accepted_requests_to_plan(delegate, make_request, client):
    planner = delegate(PLAN_JOBS)
    make_request(RequestStatus.ACCEPTED)
    client.force_login(planner)
    response = client.get(reverse("dashboard"))
    assert response.context["requests_todo"] == [(RequestStatus.ACCEPTED, 1)]
    assert "Demandes acceptées à planifier" in response.content.decode()


def test_a_member_without_delegation_sees_no_requests_panel(member_client, make_request):
    make_request()
    response = member_client.get(reverse("dashboard"))
    assert "requests_todo" not in response.context
