"""The share-out pages read a fixed number of queries whatever the number of members and
movements: the hours are summed by the database (one subquery per member row, in one
query), the ledger by week and category."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from finance import actions
from tests.factories import EnrolmentFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_of_size(season, leader, worked, season_result, share_out_motion):
    def make(size: int, *, freeze: bool):
        for index in range(size):
            member = MemberFactory()
            EnrolmentFactory(season=season, user=member)
            worked(member, 5 + index)
            season_result(Decimal("100"), Decimal("10"))
        share_out_motion(equal_percent=Decimal("30"), pro_rata_percent=Decimal("70"))
        if freeze:
            actions.share_out_freeze(season=season, by=leader)
        return season

    return make


# The session and the user; the layout adds the cooperative and the current season. Then:
# - preview: the season (1), the seasons to switch to (1), no frozen share-out (1, its
#   lines are not fetched), the rule in force with its motion and meeting (1), the ledger's
#   three sums (3) and the members with their hours (1);
# - frozen page: the season, the seasons, the share-out with its motion and its lines (2);
# - my share: the season, the share-out, my line (the layout too);
# - CSV and PDF (no layout): the season, the share-out and its lines.
PREVIEW = 12
FROZEN = {"finance:share_out_season": 8, "finance:share_out_csv": 5, "finance:share_out_pdf": 6}


@pytest.mark.parametrize("size", [2, 12])
def test_the_preview_stays_within_its_budget(
    size, team_of_size, leader_client, django_assert_max_num_queries
):
    season = team_of_size(size, freeze=False)
    with django_assert_max_num_queries(PREVIEW):
        response = leader_client.get(reverse("finance:share_out_season", args=[season.pk]))
    assert len(response.context["page"].lines) == size


@pytest.mark.parametrize("name", sorted(FROZEN))
@pytest.mark.parametrize("size", [2, 12])
def test_the_frozen_pages_stay_within_their_budget(
    name, size, team_of_size, leader_client, django_assert_max_num_queries
):
    season = team_of_size(size, freeze=True)
    with django_assert_max_num_queries(FROZEN[name]):
        response = leader_client.get(reverse(name, args=[season.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_my_share_stays_within_its_budget(
    size, team_of_size, member_client, django_assert_max_num_queries
):
    season = team_of_size(size, freeze=True)
    with django_assert_max_num_queries(8):
        response = member_client.get(reverse("finance:my_share_out_season", args=[season.pk]))
    assert response.status_code == 200
