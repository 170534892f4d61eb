"""Each member sees their own validated hours and the value of their work, job by job (hours
× the job's hourly rate, labelled as such: not a wage), and the team's spread without
anyone's name; leaders see every member's, those who have not worked included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from services.models import ClaimStatus, JobStatus
from tests.factories import (
    ClaimFactory,
    EnrolmentFactory,
    JobFactory,
    MemberFactory,
    ServiceFactory,
    TimesheetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(season):
    """``worked(member, hours, rate=..., validated=True)``: a done job of the season."""

    def make(member, hours, *, rate=Decimal("12.00"), validated=True, service=None, days=1):
        job = JobFactory(
            request__season=season,
            request__service=service or ServiceFactory(),
            status=JobStatus.DONE,
            hourly_rate=rate,
            date=timezone.localdate() - dt.timedelta(days=days),
        )
        claim = ClaimFactory(job=job, member=member, status=ClaimStatus.APPROVED)
        return TimesheetFactory(
            claim=claim,
            hours=Decimal(hours),
            validated_at=timezone.now() if validated else None,
        )

    return make


def test_a_member_sees_each_validated_job_with_its_value(member_client, member, worked):
    worked(member, "3", rate=Decimal("12.00"), days=2)
    worked(member, "2.5", rate=Decimal("10.00"), days=1)
    response = member_client.get(reverse("finance:my_pay"))
    page = response.context["page"]
    assert [(line.hours, line.value) for line in page.lines] == [
        (Decimal("3"), Decimal("36.00")),
        (Decimal("2.5"), Decimal("25.00")),
    ]
    assert page.hours == Decimal("5.5")
    assert page.value == Decimal("61.00")
    html = response.content.decode()
    assert "61,00" in html
    assert "Ce n’est pas un salaire" in html


def test_hours_not_validated_yet_are_not_counted(member_client, member, worked):
    worked(member, "4", validated=False)
    page = member_client.get(reverse("finance:my_pay")).context["page"]
    assert page.lines == []
    assert page.value == 0


def test_a_member_never_sees_another_members_jobs_or_name(
    member_client, member, other_member, worked
):
    worked(member, "1")
    worked(other_member, "6", rate=Decimal("15.00"))
    response = member_client.get(reverse("finance:my_pay"))
    assert len(response.context["page"].lines) == 1
    assert other_member.last_name not in response.content.decode()
    # ...but the spread of the team is there, as figures.
    team = response.context["page"].team
    assert (team.hours.lowest, team.hours.highest) == (Decimal(1), Decimal(6))


def test_leaders_see_every_member_those_who_have_not_worked_included(
    leader_client, member, other_member, season, worked
):
    idle = MemberFactory(first_name="Inès", last_name="Garnier")
    EnrolmentFactory(season=season, user=idle)
    worked(member, "3")
    worked(member, "2")
    worked(other_member, "6")
    response = leader_client.get(reverse("finance:team_pay"))
    rows = {
        row.member.pk: (row.jobs, row.hours, row.value) for row in response.context["page"].rows
    }
    assert rows == {
        other_member.pk: (1, Decimal(6), Decimal("72.00")),
        member.pk: (2, Decimal(5), Decimal("60.00")),
        idle.pk: (0, Decimal(0), Decimal(0)),
    }
    team = response.context["page"].team
    assert team.hours.median == Decimal(5)
    assert team.hours.lowest == 0
    html = response.content.decode()
    assert "Garnier" in html and "coefficient de Gini" in html


def test_pages_say_so_when_there_is_no_season(db, leader_client):
    member = MemberFactory()
    client = Client()
    client.force_login(member)
    assert client.get(reverse("finance:my_pay")).context["page"] is None
    assert leader_client.get(reverse("finance:team_pay")).context["page"] is None
