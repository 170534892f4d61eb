"""The members app's panels on the dashboards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import EnrolmentFactory, MemberFactory, PortfolioEntryFactory

pytestmark = pytest.mark.django_db


def test_the_leader_sees_who_is_not_cleared_and_what_to_confirm(leader_client, season, member):
    for _ in range(2):
        EnrolmentFactory(season=season, user=MemberFactory(profile__not_cleared=True))
    EnrolmentFactory(season=season, user=MemberFactory(profile__date_of_birth=None))
    EnrolmentFactory(season=season, user=MemberFactory(profile__minor=True))  # cleared
    PortfolioEntryFactory(user=member, season=season)
    html = leader_client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="not-cleared-count">3<' in html
    assert "Membres non autorisés" in html
    assert reverse("members:directory") + "?status=not_cleared" in html
    assert reverse("members:portfolio_queue") in html
