"""After a job the team logs its hours; a leader or a delegate validates or corrects them;
validated hours feed the directory, the attestation and the fairness figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from services import staffing
from services.capabilities import VALIDATE_HOURS
from services.models import Job, JobStatus, RequestStatus, Timesheet
from tests.factories import MemberFactory
from tests.services.conftest import login

pytestmark = pytest.mark.django_db


def into_the_past(job: Job, days: int = 1) -> Job:
    """Time passes: the job happened ``days`` ago."""
    Job.objects.filter(pk=job.pk).update(date=timezone.localdate() - dt.timedelta(days=days))
    return Job.objects.get(pk=job.pk)


@pytest.fixture
def worked_job(make_job, make_member, leader):
    job = make_job(seats=2, starts_at=dt.time(9, 0), ends_at=dt.time(12, 0))
    team = [make_member(), make_member()]
    claims = [staffing.job_assign(job=job, member=m, by=leader) for m in team]
    return into_the_past(job), team, claims


def test_hours_are_logged_only_once_the_job_started(make_job, member, leader):
    job = make_job()
    claim = staffing.job_assign(job=job, member=member, by=leader)
    with pytest.raises(DomainError, match="une fois le chantier commencé"):
        staffing.hours_log(
            claim=claim, by=member, started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
        )


def test_the_member_logs_then_a_validator_corrects_and_the_job_is_done(worked_job, delegate):
    job, team, claims = worked_job
    client = login(team[0])
    response = client.post(
        reverse("services:hours_log", args=[claims[0].pk]),
        {"started_at": "09:10", "ended_at": "12:30", "break_minutes": "10"},
        follow=True,
    )
    assert "Vos heures sont enregistrées" in response.content.decode()
    timesheet = Timesheet.objects.get(claim=claims[0])
    assert timesheet.hours == Decimal("3.17") and not timesheet.is_validated
    validator = delegate(VALIDATE_HOURS)
    staffing.hours_validate(claim=claims[0], by=validator)
    assert Job.objects.get(pk=job.pk).status == JobStatus.STAFFED  # a teammate is missing
    # The other member forgot: the validator enters the hours, correcting the time.
    staffing.hours_validate(
        claim=claims[1], by=validator, started_at=dt.time(9, 0), ended_at=dt.time(11, 30)
    )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.request.status == RequestStatus.DONE
    assert Timesheet.objects.get(claim=claims[1]).hours == Decimal("2.50")


def test_validated_hours_can_no_longer_be_changed_by_the_member(worked_job, leader):
    _job, team, claims = worked_job
    staffing.hours_log(
        claim=claims[0], by=team[0], started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
    )
    staffing.hours_validate(
        claim=claims[0], by=leader, ended_at=dt.time(11, 0), started_at=dt.time(9, 0)
    )
    timesheet = Timesheet.objects.get(claim=claims[0])
    assert timesheet.was_corrected and timesheet.logged_ended_at == dt.time(12, 0)
    with pytest.raises(DomainError, match="déjà validées"):
        staffing.hours_log(
            claim=claims[0], by=team[0], started_at=dt.time(9, 0), ended_at=dt.time(13, 0)
        )


def test_nobody_logs_or_validates_hours_for_themselves(worked_job):
    _job, team, claims = worked_job
    with pytest.raises(DomainError, match="Seul le membre"):
        staffing.hours_log(
            claim=claims[0], by=team[1], started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
        )
    with pytest.raises(DomainError, match="une autre personne doit valider"):
        staffing.hours_validate(
            claim=claims[0], by=team[0], started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
        )


def test_bad_times_are_refused(worked_job):
    _job, team, claims = worked_job
    with pytest.raises(DomainError, match="La pause est plus longue"):
        staffing.hours_log(
            claim=claims[0],
            by=team[0],
            started_at=dt.time(9, 0),
            ended_at=dt.time(9, 30),
            break_minutes=45,
        )
    response = login(team[0]).post(
        reverse("services:hours_log", args=[claims[0].pk]),
        {"started_at": "12:00", "ended_at": "09:00", "break_minutes": "0"},
        follow=True,
    )
    assert "La fin doit venir après le début." in response.content.decode()
    assert not Timesheet.objects.exists()


def test_the_hours_page_validates_a_row_in_place(worked_job, leader_client):
    _job, team, claims = worked_job
    staffing.hours_log(
        claim=claims[0], by=team[0], started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
    )
    page = leader_client.get(reverse("services:hours_queue")).content.decode()
    assert "Déclaré 09:00 – 12:00 : 3 h" in page
    assert "Pas encore déclaré" in page
    prefix = claims[0].pk
    response = leader_client.post(
        reverse("services:hours_validate", args=[claims[0].pk]),
        {
            f"{prefix}-started_at": "09:00",
            f"{prefix}-ended_at": "12:00",
            f"{prefix}-break_minutes": "0",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "3 h validées" in response.content.decode()


def test_validated_hours_feed_the_directory_the_attestation_and_my_jobs(
    worked_job, leader, leader_client
):
    _job, team, claims = worked_job
    staffing.hours_validate(
        claim=claims[0], by=leader, started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
    )
    directory = leader_client.get(reverse("members:directory")).content.decode()
    assert "Heures validées" in directory
    assert 'data-testid="hours-worked">3' in directory
    attestation = leader_client.get(
        reverse("members:attestation", args=[team[0].pk])
    ).content.decode()
    assert "Chantiers et heures" in attestation
    assert "Tonte de pelouse" in attestation
    mine = login(team[0]).get(reverse("services:my_jobs")).content.decode()
    assert "Cette saison : 3 h validées" in mine
    assert "36,00\xa0€" in mine


def test_the_directory_keeps_its_query_budget_with_hours(
    worked_job, leader, leader_client, django_assert_max_num_queries
):
    _job, _team, claims = worked_job
    for claim in claims:
        staffing.hours_validate(
            claim=claim, by=leader, started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
        )
    with django_assert_max_num_queries(12):
        leader_client.get(reverse("members:directory"))


def test_a_member_links_a_job_worked_to_a_portfolio_entry(worked_job, season):
    from members.portfolio import activity_choices

    job, team, _claims = worked_job
    groups = dict(activity_choices(team[0], season))
    assert [label for _value, label in groups["Chantier"]] == [str(job)]
    outsider = MemberFactory()
    assert "Chantier" not in dict(activity_choices(outsider, season))
