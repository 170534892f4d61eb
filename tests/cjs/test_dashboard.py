from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import EnrolmentFactory, JobFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db


def test_member_dashboard_shows_my_roles_today_with_duties(member_client, member, season):
    RoleAssignmentFactory(
        season=season,
        user=member,
        role__name="Animation du débrief",
        role__duties="Rédiger le procès-verbal",
    )
    html = member_client.get(reverse("dashboard")).content.decode()
    assert "Animation du débrief" in html
    assert "Rédiger le procès-verbal" in html


def test_member_not_enrolled_is_told_so(client, season):
    from tests.factories import MemberFactory

    client.force_login(MemberFactory())
    html = client.get(reverse("dashboard")).content.decode()
    assert "pas inscrit" in html


def test_leader_dashboard_without_season_invites_to_start_one(leader_client):
    html = leader_client.get(reverse("dashboard")).content.decode()
    assert reverse("members:season_start") in html


@pytest.mark.parametrize("size", [3, 30])
def test_dashboards_run_a_constant_number_of_queries(
    size, leader_client, member_client, member, season, django_assert_max_num_queries
):
    for _ in range(size):
        assignment = RoleAssignmentFactory(season=season)
        EnrolmentFactory(season=season, user=assignment.user)
    JobFactory(request__season=season)  # a new job, in its fair head start
    # leader: session, user, season, roles today (joined), cooperative, members panel (1:
    # enrolled, not cleared, portfolio entries to confirm and rotations to publish, counted
    # together), services panel (3: claims and hours waiting with the requests per status,
    # next jobs, teams incomplete within 48 h), governance panel (1: next meetings and open
    # consultations together), finance money panel (4: the ledger's sums in one, money owed,
    # work by service with the services' names, hours by member)
    with django_assert_max_num_queries(14):
        assert leader_client.get(reverse("dashboard")).status_code == 200
    # member: session, user, season, my enrolment with my profile, my roles and committees
    # this week (1), cooperative, capabilities, governance panel (2: next meetings; open
    # consultations I have not answered, since not every member has an email to hear of
    # them), services panel (3: my next jobs; hours to log; the board's jobs counted by
    # seats, those in their head start apart; and while jobs are in their head start, 1 more:
    # the hours validated and booked that decide who sees them; requests only with a
    # capability)
    with django_assert_max_num_queries(14):
        assert member_client.get(reverse("dashboard")).status_code == 200


def _view_archive(client, season):
    client.post(reverse("members:season_view", args=[season.year]))


@pytest.mark.parametrize("size", [2, 12])
def test_an_archived_season_shows_what_the_summer_amounted_to(
    size, leader_client, season, django_assert_max_num_queries
):
    from decimal import Decimal

    from services.models import ClaimStatus, JobStatus, RequestStatus
    from tests.factories import (
        ArchivedSeasonFactory,
        ClaimFactory,
        JobFactory,
        SatisfactionFactory,
        ServiceRequestFactory,
        TimesheetFactory,
    )

    archive = ArchivedSeasonFactory()
    for _ in range(size):
        request = ServiceRequestFactory(season=archive, status=RequestStatus.DONE)
        job = JobFactory(request=request, status=JobStatus.DONE, hourly_rate=Decimal("10"))
        claim = ClaimFactory(job=job, status=ClaimStatus.APPROVED)
        TimesheetFactory(claim=claim, hours=Decimal("3"), validated_at=job.request.created_at)
        SatisfactionFactory(request=request, punctuality=5, quality=4, politeness=5)
    _view_archive(leader_client, archive)
    # session, user, season, then one query per figure (9), cooperative
    with django_assert_max_num_queries(13):
        response = leader_client.get(reverse("dashboard"))
    summary = response.context["summary"]
    assert summary["requests"] == summary["requests_done"] == summary["jobs_done"] == size
    assert summary["hours"] == Decimal(3 * size)
    assert summary["earned"] == Decimal(30 * size)
    assert summary["rating"] == 4.7
    assert "Ce que cet été a donné" in response.content.decode()
