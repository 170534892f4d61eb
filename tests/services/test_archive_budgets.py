"""A long-lived cooperative: the pages of the jobs and the register read a constant number
of queries whatever the number of archived seasons behind the current one, and show the
current season only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Motion
from members.models import Season
from services import actions
from services.models import ClaimStatus, RequestStatus
from tests.factories import (
    AgendaItemFactory,
    ArchivedSeasonFactory,
    ClaimFactory,
    EnrolmentFactory,
    JobFactory,
    MeetingFactory,
    MemberFactory,
    MotionFactory,
    ServiceRequestFactory,
    TimesheetFactory,
)

ARCHIVED_TITLE = "Décision d'une saison archivée"


def _archived_season(member, service) -> Season:
    """A past season: requests done, jobs worked by ``member`` and others (hours
    validated), a claim left waiting, a decision adopted."""
    season = ArchivedSeasonFactory()
    EnrolmentFactory(season=season, user=member)
    others = [MemberFactory() for _ in range(3)]
    for other in others:
        EnrolmentFactory(season=season, user=other)
    for index in range(4):
        request = ServiceRequestFactory(season=season, service=service, status=RequestStatus.DONE)
        job = JobFactory(
            request=request, date=dt.date(season.year, 7, 2 + index), status="done", seats=2
        )
        for worker in (member, others[index % 3]):
            TimesheetFactory(
                claim__job=job,
                claim__member=worker,
                validated_at=timezone.now(),
            )
        ClaimFactory(job=job, member=others[(index + 1) % 3], status=ClaimStatus.PENDING)
    item = AgendaItemFactory(meeting=MeetingFactory(season=season))
    MotionFactory(
        item=item, title=ARCHIVED_TITLE, status=Motion.Status.ADOPTED, decided_at=timezone.now()
    )
    return season


@pytest.fixture(params=[1, 4], ids=["one archived season", "four archived seasons"])
def long_lived(request, member, other_member, service, make_job, make_member, leader):
    """The current season with jobs to take, claims waiting, hours to validate; behind it
    one or four archived seasons."""
    for _ in range(request.param):
        _archived_season(member, service)
    for index in range(3):
        job = make_job(date=timezone.localdate() + dt.timedelta(days=1 + index))
        actions.job_claim(job=job, member=make_member(minor=index % 2 == 0))
    worked = make_job(seats=1)
    actions.job_assign(job=worked, member=other_member, by=leader)
    type(worked).objects.filter(pk=worked.pk).update(
        date=timezone.localdate() - dt.timedelta(days=1)
    )
    mine = make_job(date=timezone.localdate() + dt.timedelta(days=5))
    actions.job_claim(job=mine, member=member)
    return make_job(date=timezone.localdate() + dt.timedelta(days=6))


@pytest.mark.parametrize(
    ("persona", "name", "budget"),
    [
        # as in test_claims: the board's keys, the page's jobs, the member's facts...
        ("member", "services:job_board", 12),
        # session, user, season, my claims (whether I asked to be replaced with them), my
        # hours, the calendar feed (made on the first visit: read, savepoint, insert,
        # release), cooperative, capabilities
        ("member", "services:my_jobs", 11),
        # as in test_approvals, and the page's count
        ("leader", "services:approvals", 19),
        # as in test_hours, and the page's count
        ("leader", "services:hours_queue", 10),
        ("leader", "services:inbox", 8),
        ("member", "governance:register", 10),
    ],
)
def test_the_pages_read_the_same_queries_whatever_the_archive(
    long_lived,
    member_client,
    leader_client,
    django_assert_max_num_queries,
    persona,
    name,
    budget,
):
    client = member_client if persona == "member" else leader_client
    with django_assert_max_num_queries(budget):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert ARCHIVED_TITLE not in response.content.decode()


def test_claiming_reads_the_same_queries_whatever_the_archive(
    long_lived, member_client, django_assert_max_num_queries
):
    # session, user; the action: savepoint, the request (found through the job) and the job
    # locked, the live and turned-down claims and the seats (one query), cooperative, the
    # member locked, their work facts and commitments (one union), skills, insert, its
    # history, the member's working time (``WorkTally``: inserted or locked, then written
    # from its sums), release; the card again: season, its job and skills, the member's
    # claims (the rules are not asked again: the claim is made)
    with django_assert_max_num_queries(19):
        response = member_client.post(
            reverse("services:job_claim", args=[long_lived.pk]), HTTP_HX_REQUEST="true"
        )
    assert 'data-testid="job-card"' in response.content.decode()


def test_my_jobs_count_this_seasons_hours_only(long_lived, member_client):
    """The member worked hours in the archived seasons, none validated this season."""
    response = member_client.get(reverse("services:my_jobs"))
    figures = response.content.decode().split('data-testid="my-figures">')[1].split("</p>")[0]
    assert "Cette saison : 0 h validée" in figures or "Cette saison : 0 h validées" in figures
