"""The services panels of the dashboards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from services import actions
from services.capabilities import PLAN_JOBS
from services.models import RequestStatus
from tests.services.conftest import login

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


def test_a_members_count_of_open_jobs_is_the_board_they_see(make_job, make_member, leader):
    """A job in its head start counts only for the members it is open to first."""
    busy = [make_member() for _ in range(3)]
    free = [make_member() for _ in range(3)]
    for member in busy:
        actions.job_assign(job=make_job(seats=3), member=member, by=leader)
    make_job(fresh=True, seats=2)

    def count(member) -> str:
        html = login(member).get(reverse("dashboard")).content.decode()
        return html.split("Chantiers : ")[1].split(" ")[0]

    # The three jobs of the busy members are still open (one member of three each).
    assert count(free[0]) == "4"
    assert count(busy[0]) == "3"
    assert (
        login(busy[0])
        .get(reverse("services:job_board"))
        .content.decode()
        .count('data-testid="job-card"')
        == 3
    )


def test_the_claims_panel_speaks_of_candidatures_not_requests(approver):
    html = login(approver).get(reverse("dashboard")).content.decode()
    assert "Candidatures à valider" in html
    assert "Demandes à valider" not in html
