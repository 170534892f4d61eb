"""A member's services panel reads its counts and next jobs from SQL built once per member and
day (``services.queries.dashboard``), with the request's local time and instant put in place
of stand-ins: the counts are those the querysets built at each request give (the leaders' and
approvers' path, ``services.dashboard._figures``), at any time of the day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from members.models import Cooperative
from services import dashboard
from services.models import ClaimStatus, Job, JobStatus
from services.queries import dashboard as member_panel
from services.queries.work import HeadStart
from tests.factories import ClaimFactory, JobFactory, TimesheetFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    request.cooperative = Cooperative.load()
    return request


def _former_figures(user, season, today, now, monkeypatch) -> dict:
    monkeypatch.setattr(timezone, "now", lambda: now)
    figures = dashboard._figures(_request(user), season, today, frozenset())
    monkeypatch.undo()
    return figures


def _figures(user, season, today, now) -> dict:
    head_start = HeadStart(Cooperative.load(), season, now)
    to_log, open_jobs = member_panel.member_counts(user.pk, head_start, today)
    return {"hours_to_log": to_log, "open_jobs_count": open_jobs}


@pytest.mark.parametrize("head_start", [True, False])
def test_the_counts_are_those_of_the_querysets_at_each_instant(
    head_start, season, member, other_member, monkeypatch
):
    cooperative = Cooperative.load()
    cooperative.head_start_enabled = head_start
    cooperative.save()
    today = timezone.localdate()
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12, 0)))
    yesterday = timezone.localtime(noon - dt.timedelta(days=1)).date()
    long_ago = noon - dt.timedelta(days=2)
    jobs = [
        JobFactory(request__season=season, date=yesterday, seats=3),
        JobFactory(
            request__season=season,
            date=today,
            starts_at=dt.time(11, 30),
            ends_at=dt.time(16, 0),
            seats=3,
        ),
        JobFactory(
            request__season=season,
            date=today,
            starts_at=dt.time(12, 30),
            ends_at=dt.time(16, 0),
            seats=3,
        ),
        JobFactory(request__season=season, date=today + dt.timedelta(days=3), seats=2),
        JobFactory(request__season=season, date=today + dt.timedelta(days=60)),
        JobFactory(request__season=season, date=today, status=JobStatus.CANCELLED),
    ]
    Job.objects.filter(pk__in=[job.pk for job in jobs]).update(created_at=long_ago)
    for job in jobs[:3]:
        ClaimFactory(job=job, member=member, status=ClaimStatus.APPROVED)
    logged = ClaimFactory(job=jobs[3], member=member, status=ClaimStatus.APPROVED)
    TimesheetFactory(claim=logged)
    ClaimFactory(job=jobs[1], member=other_member, status=ClaimStatus.APPROVED)
    # Fresh jobs, in their head start at noon (created ten minutes before).
    for seats in (1, 2):
        fresh = JobFactory(request__season=season, seats=seats)
        Job.objects.filter(pk=fresh.pk).update(created_at=noon - dt.timedelta(minutes=10))

    seen = set()
    for hour, minute in ((0, 5), (11, 29), (11, 30), (12, 0), (12, 31), (23, 59)):
        now = timezone.make_aware(dt.datetime.combine(today, dt.time(hour, minute)))
        for user in (member, other_member):
            expected = _former_figures(user, season, today, now, monkeypatch)
            assert _figures(user, season, today, now) == expected
            seen.add(tuple(expected.values()))
    assert len(seen) > 3  # the instants gave different counts


def test_the_next_claims_are_those_of_the_queryset(season, member, other_member, make_job):
    from services.dashboard import SERVICE_NAME, UPCOMING_JOBS
    from services.models import Claim

    today = timezone.localdate()
    for days in (-1, 0, 1, 2, 3, 4, 5, 6):
        job = JobFactory(request__season=season, date=today + dt.timedelta(days=days))
        ClaimFactory(
            job=job, member=member, status=ClaimStatus.APPROVED if days % 2 else ClaimStatus.PENDING
        )
    ClaimFactory(
        job=JobFactory(request__season=season), member=member, status=ClaimStatus.WITHDRAWN
    )
    former = list(
        Claim.objects.live()
        .filter(
            member=member,
            job__season=season,
            job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
            job__date__gte=today,
        )
        .order_by("job__date", "job__starts_at")
        .values_list("status", "job_id", "job__date", "job__starts_at", *SERVICE_NAME)[
            :UPCOMING_JOBS
        ]
    )
    assert member_panel.next_claims(member.pk, season.pk, today) == former
    assert len(former) == 5
    # The same SQL for every member, each call giving its own: the other member's are theirs.
    theirs = ClaimFactory(job=JobFactory(request__season=season, date=today), member=other_member)
    assert [row[1] for row in member_panel.next_claims(other_member.pk, season.pk, today)] == [
        theirs.job_id
    ]
    assert member_panel.next_claims(member.pk, season.pk, today) == former


def test_the_request_counts_are_those_of_the_queryset(season, make_request):
    from members.models import Season
    from services.models import RequestStatus, ServiceRequest
    from tests.factories import ArchivedSeasonFactory, ServiceRequestFactory

    for status in (RequestStatus.NEW, RequestStatus.NEW, RequestStatus.ACCEPTED):
        make_request(status)
    ServiceRequestFactory(season=ArchivedSeasonFactory(), status=RequestStatus.NEW)
    for one in Season.objects.all():
        former = ServiceRequest.objects.filter(season=one).status_counts()
        assert member_panel.request_counts(one.pk) == former
    assert member_panel.request_counts(season.pk)[RequestStatus.NEW] == 2
