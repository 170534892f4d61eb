"""The report, its PDF and the pay pages read a fixed number of queries whatever the season
holds: every figure is summed or counted by the database, block by block."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance import actions
from services.models import ClaimStatus, JobStatus, RequestStatus
from tests.factories import (
    ClaimFactory,
    EnrolmentFactory,
    ExpenseFactory,
    JobFactory,
    MemberFactory,
    SatisfactionFactory,
    ServiceRequestFactory,
    TimesheetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def season_of_size(season, member, issued, leader):
    def make(size: int):
        today = timezone.localdate()
        for index in range(size):
            worker = member if index % 2 else MemberFactory()
            EnrolmentFactory(season=season, user=worker) if worker != member else None
            request = ServiceRequestFactory(
                season=season, status=RequestStatus.DONE, town_name=f"Ville {index % 3}"
            )
            job = JobFactory(
                request=request,
                status=JobStatus.DONE,
                date=today - dt.timedelta(days=index % 20 + 1),
            )
            claim = ClaimFactory(job=job, member=worker, status=ClaimStatus.APPROVED)
            TimesheetFactory(claim=claim, hours=Decimal(3), validated_at=timezone.now())
            SatisfactionFactory(request=request)
            invoice = issued(fixed=Decimal("20"), email=f"r{index}@example.fr")
            actions.payment_record(
                invoice=invoice, amount=Decimal("10"), method="cash", paid_on=today, by=leader
            )
            ExpenseFactory(season=season, spent_on=today)
        return season

    return make


# Session and user, then the cooperative, the season asked for (1), the catalogue (1), the
# members' ages and their work (2), requests and jobs by service and status (2), the
# invoices' total and balance, payments and credit notes (3), the ledger (1), the residents
# (1), satisfaction (1), meetings and decisions (2), roles and committees (2), hours by week
# and work by service (2), the frozen share-out and its lines (2), the seasons to switch to (1)
# and the current season for the layout.
REPORT_BUDGET = 25
# The same without the layout's season and the season list.
PDF_BUDGET = 23
# Session, user, season, cooperative, the member's capabilities for the navigation; my jobs
# (1) and the team's work with its members (2).
MY_PAY_BUDGET = 8
# Session, user, season, cooperative; the team's work with its members (2).
TEAM_PAY_BUDGET = 6


@pytest.mark.parametrize("size", [2, 12])
def test_the_report_stays_within_its_query_budget(
    size, season_of_size, leader_client, django_assert_max_num_queries
):
    season = season_of_size(size)
    with django_assert_max_num_queries(REPORT_BUDGET):
        response = leader_client.get(reverse("finance:report_season", args=[season.pk]))
    assert response.status_code == 200
    assert response.context["report"].members.hours == Decimal(3 * size)
    with django_assert_max_num_queries(PDF_BUDGET):
        assert leader_client.get(reverse("finance:report_pdf", args=[season.pk])).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_the_pay_pages_stay_within_their_query_budget(
    size, season_of_size, member_client, leader_client, django_assert_max_num_queries
):
    season_of_size(size)
    with django_assert_max_num_queries(MY_PAY_BUDGET):
        assert member_client.get(reverse("finance:my_pay")).status_code == 200
    with django_assert_max_num_queries(TEAM_PAY_BUDGET):
        response = leader_client.get(reverse("finance:team_pay"))
    assert len(response.context["page"].rows) == size // 2 + 1
