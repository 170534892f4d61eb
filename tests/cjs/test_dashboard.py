from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import EnrolmentFactory, RoleAssignmentFactory

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
    # leader: session, user, season, enrolled count, roles today (joined), cooperative,
    # services panel (4: counts per status, next jobs, claims and hours waiting, teams
    # incomplete within 48 h), members panel (1: not cleared minors),
    # governance panel (2: next meetings, open consultations)
    with django_assert_max_num_queries(13):
        assert leader_client.get(reverse("dashboard")).status_code == 200
    # member: session, user, season, enrolment, my roles this week, my committees, cooperative,
    # capabilities, governance panel (2: next meetings; open consultations I have not
    # answered, since not every member has an email to hear of them), services panel (2: my
    # next jobs; open jobs and hours to log, counted together; requests only with a
    # capability)
    with django_assert_max_num_queries(13):
        assert member_client.get(reverse("dashboard")).status_code == 200
