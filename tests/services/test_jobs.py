"""Accepted requests become jobs; the request follows its jobs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from members.models import Skill
from services import actions
from services.capabilities import ANSWER_REQUESTS, PLAN_JOBS
from services.models import EventKind, Job, JobStatus, RequestStatus
from tests.factories import JobFactory
from tests.services.conftest import plan_job, start_job_now

pytestmark = pytest.mark.django_db


def job_data(**overrides) -> dict:
    data = {
        "date": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        "starts_at": "14:00",
        "ends_at": "17:00",
        "seats": "2",
        "skills": [],
        "address": "12 rue des Tilleuls",
        "postal_code": "71140",
        "town_name": "Bourg-les-Saules",
        "hourly_rate": "12.00",
        "notes": "Prendre des gants.",
    }
    data.update(overrides)
    return data


def test_the_job_form_starts_from_the_request(leader_client, make_request):
    request = make_request(RequestStatus.ACCEPTED)
    form = leader_client.get(reverse("services:job_create", args=[request.pk])).context["form"]
    assert form.initial["address"] == "12 rue des Tilleuls"
    assert form.initial["starts_at"] == dt.time(9, 0)  # the resident wished the morning
    assert form.initial["hourly_rate"] == Decimal("12")  # from the accepted quote


def test_a_leader_turns_an_accepted_request_into_a_job(leader_client, leader, make_request):
    request = make_request(RequestStatus.ACCEPTED)
    skill = Skill.objects.get(slug="tonte")
    response = leader_client.post(
        reverse("services:job_create", args=[request.pk]), job_data(skills=[skill.pk])
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.season, job.service, job.request) == (request.season, request.service, request)
    assert job.status == JobStatus.OPEN
    assert list(job.skills.all()) == [skill]
    assert job.created_by == leader
    assert job.duration_hours == Decimal("3.00")
    request.refresh_from_db()
    assert request.status == RequestStatus.SCHEDULED


def test_a_long_piece_of_work_becomes_several_jobs(leader_client, make_request):
    request = make_request(RequestStatus.ACCEPTED)
    url = reverse("services:job_create", args=[request.pk])
    leader_client.post(url, job_data())
    tomorrow = (timezone.localdate() + dt.timedelta(days=4)).isoformat()
    leader_client.post(url, job_data(date=tomorrow))
    assert request.jobs.count() == 2


@pytest.mark.parametrize("status", [RequestStatus.NEW, RequestStatus.QUOTED, "declined", "done"])
def test_only_an_accepted_request_becomes_jobs(leader_client, make_request, status):
    request = make_request(status)
    jobs_before = request.jobs.count()
    response = leader_client.post(reverse("services:job_create", args=[request.pk]), job_data())
    assert response.status_code == 200
    assert "Seule une demande acceptée" in response.content.decode()
    assert request.jobs.count() == jobs_before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "13:00"}, "La fin doit venir après le début."),
        ({"date": "2000-01-01"}, "passé"),
        ({"seats": "0"}, ""),
    ],
)
def test_a_bad_job_is_explained(leader_client, make_request, overrides, message):
    request = make_request(RequestStatus.ACCEPTED)
    response = leader_client.post(
        reverse("services:job_create", args=[request.pk]), job_data(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_a_job_outside_the_season_is_refused(leader_client, make_request, season):
    request = make_request(RequestStatus.ACCEPTED)
    after = (season.ends_on + dt.timedelta(days=1)).isoformat()
    response = leader_client.post(
        reverse("services:job_create", args=[request.pk]), job_data(date=after)
    )
    assert "dans la saison" in response.content.decode()


def test_the_database_refuses_a_job_ending_before_it_starts(make_request):
    with pytest.raises(IntegrityError), transaction.atomic():
        JobFactory(starts_at=dt.time(12, 0), ends_at=dt.time(9, 0))


def test_the_database_refuses_a_job_without_seats(make_request):
    with pytest.raises(IntegrityError), transaction.atomic():
        JobFactory(seats=0)


def test_marking_the_last_job_done_finishes_the_request_and_offers_the_form(
    leader_client, leader, make_request, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_request(RequestStatus.SCHEDULED)
    job = request.jobs.get()
    start_job_now(job)
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(reverse("services:job_done", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    request.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert request.status == RequestStatus.DONE
    mail = next(m for m in mailoutbox if m.to == [request.email])
    assert f"{request.get_tracking_url()}#avis" in mail.body


def test_the_request_is_done_only_when_every_job_is(leader, make_request):
    request = make_request(RequestStatus.SCHEDULED)
    first = request.jobs.get()
    second = plan_job(request, leader, date=timezone.localdate() + dt.timedelta(days=5))
    start_job_now(first)
    actions.job_mark_done(job=first, by=leader)
    request.refresh_from_db()
    assert request.status == RequestStatus.SCHEDULED
    actions.job_cancel(job=second, by=leader, reason="Plus besoin.")
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE


def test_a_job_cannot_be_marked_done_before_it_starts(leader_client, make_request):
    request = make_request(RequestStatus.SCHEDULED)
    job = request.jobs.get()
    response = leader_client.post(reverse("services:job_done", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    assert "une fois commencé" in response.content.decode()


def test_cancelling_the_only_job_sends_the_request_back_to_planning(
    leader_client, make_request, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_request(RequestStatus.SCHEDULED)
    job = request.jobs.get()
    with django_capture_on_commit_callbacks(execute=True):
        leader_client.post(reverse("services:job_cancel", args=[job.pk]), {"reason": "Orage."})
    job.refresh_from_db()
    request.refresh_from_db()
    assert (job.status, job.cancel_reason) == (JobStatus.CANCELLED, "Orage.")
    assert request.status == RequestStatus.ACCEPTED
    event = request.events.get(kind=EventKind.JOB_CANCELLED)
    assert (event.status_before, event.status_after) == ("scheduled", "accepted")
    assert any("Orage." in m.body for m in mailoutbox if m.to == [request.email])


def test_editing_a_job_tells_the_resident_when_the_date_moves(
    leader_client, make_request, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_request(RequestStatus.SCHEDULED)
    job = request.jobs.get()
    url = reverse("services:job_edit", args=[job.pk])
    assert leader_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        leader_client.post(url, job_data(notes="Code portail 1234"))
    job.refresh_from_db()
    assert job.starts_at == dt.time(14, 0)
    assert job.notes == "Code portail 1234"
    event = request.events.filter(kind=EventKind.JOB_CHANGED).get()
    assert event.is_public
    assert event.data["previous"]["starts_at"] == "09:00"
    assert [m for m in mailoutbox if "modification" in m.subject.lower()]


def test_editing_only_the_notes_stays_internal(leader, make_request, mailoutbox):
    request = make_request(RequestStatus.SCHEDULED)
    job = request.jobs.get()
    fields = {
        name: getattr(job, name)
        for name in ("date", "starts_at", "ends_at", "seats", "address", "postal_code")
    }
    actions.job_update(
        job=job,
        by=leader,
        skills=[],
        town_name=job.town_name,
        hourly_rate=job.hourly_rate,
        notes="Nouvelle note",
        **fields,
    )
    assert not request.events.get(kind=EventKind.JOB_CHANGED).is_public


def test_a_done_job_cannot_be_changed_or_cancelled(leader, make_request):
    request = make_request(RequestStatus.DONE)
    job = request.jobs.get()
    with pytest.raises(DomainError, match="terminé"):
        actions.job_cancel(job=job, by=leader)


def test_planning_needs_the_delegated_permission(delegate_client, make_request):
    request = make_request(RequestStatus.ACCEPTED)
    url = reverse("services:job_create", args=[request.pk])
    assert delegate_client(ANSWER_REQUESTS).post(url, job_data()).status_code == 403
    assert delegate_client(PLAN_JOBS).post(url, job_data()).status_code == 302
    assert Job.objects.count() == 1


def test_job_querysets_the_jobs_issue_builds_on(make_request, leader):
    request = make_request(RequestStatus.SCHEDULED)
    morning = request.jobs.get()  # in two days, 9:00-12:00
    afternoon = plan_job(request, leader, starts_at=dt.time(14, 0), ends_at=dt.time(17, 0))
    cancelled = plan_job(request, leader, starts_at=dt.time(11, 0), ends_at=dt.time(15, 0))
    actions.job_cancel(job=cancelled, by=leader)
    day = morning.date
    assert list(Job.objects.active()) == [morning, afternoon]
    assert list(Job.objects.upcoming()) == [morning, afternoon]
    assert list(Job.objects.upcoming(day + dt.timedelta(days=1))) == []
    # Overlap is strict: a job ending at 12:00 does not meet one starting at 12:00.
    assert set(Job.objects.overlapping(day, dt.time(11, 30), dt.time(14, 30))) == {
        morning,
        afternoon,
        cancelled,
    }
    assert list(Job.objects.active().overlapping(day, dt.time(12, 0), dt.time(14, 0))) == []


@pytest.mark.parametrize("size", [1, 8])
def test_the_job_form_runs_a_constant_number_of_queries(
    size, leader_client, leader, make_request, service, django_assert_max_num_queries
):
    from tests.factories import SkillFactory

    request = make_request(RequestStatus.SCHEDULED)
    skills = [SkillFactory() for _ in range(size)]
    service.skills.set(skills)
    for day in range(size):
        plan_job(request, leader, date=timezone.localdate() + dt.timedelta(days=3 + day))
    url = reverse("services:job_create", args=[request.pk])
    # session, user, season, capabilities, request (with service, season, town), the
    # accepted quote, the service's skills, the skill choices, cooperative
    with django_assert_max_num_queries(11):
        assert leader_client.get(url).status_code == 200
