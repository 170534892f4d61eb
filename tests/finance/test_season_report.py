"""The season report (bilan): the figures partners ask for, for the current season or an
archived one, as a page and a PDF, with charts that have a text alternative; figures only,
never a member's or a resident's name; the share-out section shows the result until the
board's share-out is wired in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance import actions
from governance.models import Meeting, Motion
from services.models import ClaimStatus, JobStatus, RequestStatus
from tests.factories import (
    ArchivedSeasonFactory,
    ClaimFactory,
    EnrolmentFactory,
    ExpenseFactory,
    JobFactory,
    MeetingFactory,
    MemberFactory,
    MotionFactory,
    OtherIncomeFactory,
    RoleAssignmentFactory,
    SatisfactionFactory,
    ServiceRequestFactory,
    TimesheetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def summer(season, member, issued, leader):
    """A season with a bit of everything: a paid invoice of 72 €, an expense of 20 €, a
    self-financing income of 30 €, two residents (one returning), a rating, a closed
    meeting with an adopted motion, a role held, 3 validated hours at 12 €."""
    minor = MemberFactory(profile__minor=True, last_name="Mineur")
    EnrolmentFactory(season=season, user=minor)
    invoice = issued(fixed=Decimal("72.00"), email="monique.perrin@example.fr")
    actions.payment_record(
        invoice=invoice,
        amount=Decimal("72.00"),
        method="cash",
        paid_on=timezone.localdate(),
        by=leader,
    )
    ExpenseFactory(season=season, amount=Decimal("20.00"), spent_on=timezone.localdate())
    OtherIncomeFactory(season=season, amount=Decimal("30.00"), received_on=timezone.localdate())
    earlier = ArchivedSeasonFactory()
    ServiceRequestFactory(season=earlier, email="Jean.Dupont@example.fr")
    returning = ServiceRequestFactory(
        season=season, email="jean.dupont@example.fr", town_name="Mâcon", status=RequestStatus.DONE
    )
    SatisfactionFactory(request=returning, punctuality=5, quality=4, politeness=3)
    job = JobFactory(
        request=returning,
        status=JobStatus.DONE,
        hourly_rate=Decimal("12.00"),
        date=timezone.localdate() - dt.timedelta(days=1),
    )
    claim = ClaimFactory(job=job, member=minor, status=ClaimStatus.APPROVED)
    TimesheetFactory(claim=claim, hours=Decimal(3), validated_at=timezone.now())
    meeting = MeetingFactory(season=season, status=Meeting.Status.CLOSED)
    MotionFactory(item__meeting=meeting, status=Motion.Status.ADOPTED)
    RoleAssignmentFactory(season=season, user=member)
    return season


def test_the_report_gathers_the_seasons_figures(leader_client, summer, member):
    response = leader_client.get(reverse("finance:report"))
    report = response.context["report"]
    assert report.members.count == 2
    assert (report.members.minors, report.members.adults) == (1, 1)
    assert report.members.hours == Decimal(3)
    assert report.members.value == Decimal("36.00")
    assert report.money.invoiced == Decimal("72.00")
    assert report.money.turnover == Decimal("102.00")  # 72 invoiced + 30 self-financing
    assert report.money.figures.result == Decimal("82.00")  # 72 + 30 - 20
    assert report.money.outstanding == 0
    assert (report.residents.count, report.residents.returning) == (2, 1)
    assert ("Mâcon", 1) in report.residents.towns
    assert report.satisfaction["forms"] == 1
    assert (report.meetings, report.decisions) == (1, 1)
    assert report.roles["members"] == 1
    assert report.requests.total == 2
    assert report.jobs.total == 1


def test_the_report_names_no_member_and_no_resident(leader_client, summer, member):
    html = leader_client.get(reverse("finance:report")).content.decode()
    assert member.last_name not in html
    assert "Mineur" not in html
    assert "Perrin" not in html and "dupont" not in html.lower()


def test_the_share_out_section_shows_the_result_until_the_share_out_is_wired(leader_client, summer):
    html = leader_client.get(reverse("finance:report")).content.decode()
    section = html.split('data-testid="shareout"', 1)[1].split("</section>", 1)[0]
    assert "82,00" in section


def test_each_chart_has_a_title_and_a_table_of_its_figures(leader_client, summer):
    html = leader_client.get(reverse("finance:report")).content.decode()
    assert html.count('role="img"') >= 3
    assert html.count("<details") == html.count('role="img"')
    assert "style=" not in html.split("<main", 1)[-1]


def test_an_archived_season_keeps_its_report(leader_client, season):
    archive = ArchivedSeasonFactory()
    request = ServiceRequestFactory(season=archive, status=RequestStatus.DONE)
    job = JobFactory(request=request, status=JobStatus.DONE, hourly_rate=Decimal("10"))
    TimesheetFactory(
        claim=ClaimFactory(job=job, status=ClaimStatus.APPROVED),
        hours=Decimal(4),
        validated_at=timezone.now(),
    )
    response = leader_client.get(reverse("finance:report_season", args=[archive.pk]))
    assert response.context["report"].members.hours == Decimal(4)
    assert response.context["report"].season == archive
    current = leader_client.get(reverse("finance:report")).context["report"]
    assert current.members.hours == 0


def test_the_report_as_a_pdf(leader_client, summer):
    response = leader_client.get(reverse("finance:report_pdf", args=[summer.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"bilan-{summer.year}.pdf" in response["Content-Disposition"]


def test_without_a_season_the_report_is_not_found(leader_client):
    assert leader_client.get(reverse("finance:report")).status_code == 404


def test_the_report_and_its_pdf_speak_english_too(leader_client, summer):
    leader_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = leader_client.get(reverse("finance:report")).content.decode()
    assert "Season report – Summer" in html
    assert "Income by week" in html and "The figures as a table" in html
    assert leader_client.get(reverse("finance:report_pdf", args=[summer.pk])).status_code == 200
