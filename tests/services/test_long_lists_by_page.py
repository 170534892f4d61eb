"""The long lists of the jobs come by page: the job board, the approval queue and the hours
to validate show a page at a time, with links to the other pages that keep the filters; a
page past the end shows the last one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from services import actions, queries
from services.models import Job, RequestStatus
from services.views.board import BOARD_PAGE_SIZE
from services.views.team import HOURS_PAGE_SIZE, QUEUE_PAGE_SIZE
from tests.factories import ServiceFactory

BOARD = reverse("services:job_board")
QUEUE = reverse("services:approvals")
HOURS = reverse("services:hours_queue")


def _cards(response) -> int:
    return response.content.decode().count('data-testid="job-card"')


@pytest.fixture
def many_jobs(make_job, make_request):
    """One page and three jobs more on the board, all for one request, a day apart."""
    request = make_request(RequestStatus.ACCEPTED)
    return [
        make_job(request=request, date=timezone.localdate() + dt.timedelta(days=1 + index % 12))
        for index in range(BOARD_PAGE_SIZE + 3)
    ]


def test_the_job_board_shows_a_page_of_cards_and_links_to_the_next(many_jobs, member_client):
    first = member_client.get(BOARD)
    assert _cards(first) == BOARD_PAGE_SIZE
    assert 'href="?page=2"' in first.content.decode()
    second = member_client.get(BOARD, {"page": 2})
    assert _cards(second) == 3
    shown = {
        job.pk
        for job in many_jobs
        if f'data-job="{job.pk}"' in first.content.decode() + second.content.decode()
    }
    assert shown == {job.pk for job in many_jobs}  # every job once, on one page or the other


def test_a_board_page_past_the_end_shows_the_last_and_a_bad_number_the_first(
    many_jobs, member_client
):
    assert _cards(member_client.get(BOARD, {"page": 99})) == 3
    assert _cards(member_client.get(BOARD, {"page": "abc"})) == BOARD_PAGE_SIZE


def test_the_board_pages_keep_the_service_filter(many_jobs, make_job, member_client):
    other = ServiceFactory(slug="jardin", name_fr="Jardinage", name_en="Gardening")
    request = many_jobs[0].request
    for _index in range(BOARD_PAGE_SIZE + 1):
        job = make_job(request=request, date=timezone.localdate() + dt.timedelta(days=2))
        Job.objects.filter(pk=job.pk).update(service=other)
    first = member_client.get(BOARD, {"service": other.slug})
    assert _cards(first) == BOARD_PAGE_SIZE
    assert "?service=jardin&amp;page=2" in first.content.decode()
    second = member_client.get(BOARD, {"service": other.slug, "page": 2})
    assert _cards(second) == 1
    assert "?service=jardin&amp;page=1" in second.content.decode()


def test_the_rules_answer_on_the_second_page_of_the_board(
    many_jobs, make_job, member_client, member, leader
):
    """The rules run for the cards of the page shown: a job of page 2 at the same time as a
    job the member is on says why it is out of reach."""
    last = many_jobs[BOARD_PAGE_SIZE + 1]  # the latest day: on page 2
    held = make_job(request=last.request, seats=1, date=last.date)
    actions.job_assign(job=held, member=member, by=leader)  # staffed: off the board
    second = member_client.get(BOARD, {"page": 2}).content.decode()
    card = second[second.index(f'data-job="{last.pk}"') :]
    card = card[: card.index("</article>")]
    assert 'data-testid="job-refusal"' in card


@pytest.fixture
def long_queue(make_job, make_member, make_request):
    """A page of claims and two more waiting in the approval queue (two per job)."""
    request = make_request(RequestStatus.ACCEPTED)
    members = [make_member() for _ in range(QUEUE_PAGE_SIZE + 2)]
    for pair in range(0, len(members), 2):
        job = make_job(request=request, seats=2)
        for member in members[pair : pair + 2]:
            actions.job_claim(job=job, member=member)
    return members


def test_the_approval_queue_shows_a_page_of_claims(long_queue, leader_client):
    first = leader_client.get(QUEUE).content.decode()
    assert first.count('data-testid="claim-row"') == QUEUE_PAGE_SIZE
    assert 'href="?page=2"' in first
    second = leader_client.get(QUEUE, {"page": 2}).content.decode()
    assert second.count('data-testid="claim-row"') == 2
    members = long_queue
    assert all(str(member) in first + second for member in members)


def test_an_approval_queue_page_past_the_end_shows_the_last(long_queue, leader_client):
    page = leader_client.get(QUEUE, {"page": 7}).content.decode()
    assert page.count('data-testid="claim-row"') == 2


def _worked(make_job, make_member, leader, request, count: int) -> list:
    claims = []
    for index in range(count):
        job = make_job(request=request, seats=1)
        claims.append(actions.job_assign(job=job, member=make_member(), by=leader))
        Job.objects.filter(pk=job.pk).update(
            date=timezone.localdate() - dt.timedelta(days=1 + index)
        )
    return claims


def test_the_hours_to_validate_come_by_page(
    make_job, make_member, make_request, leader, leader_client
):
    request = make_request(RequestStatus.ACCEPTED)
    _worked(make_job, make_member, leader, request, HOURS_PAGE_SIZE + 1)
    first = leader_client.get(HOURS).content.decode()
    assert first.count('data-testid="hours-row"') == HOURS_PAGE_SIZE
    assert 'href="?page=2"' in first
    second = leader_client.get(HOURS, {"page": 2}).content.decode()
    assert second.count('data-testid="hours-row"') == 1
    past_the_end = leader_client.get(HOURS, {"page": 5}).content.decode()
    assert past_the_end.count('data-testid="hours-row"') == 1


def test_the_hours_to_validate_wait_for_the_job_to_start(make_job, make_member, leader, season):
    """The database answers ``Job.has_started``, so that a page is a slice of the query."""
    job = make_job(seats=1, starts_at=dt.time(9, 0), ends_at=dt.time(12, 0))
    claim = actions.job_assign(job=job, member=make_member(), by=leader)
    Job.objects.filter(pk=job.pk).update(date=timezone.localdate())
    today = timezone.localdate()
    before = timezone.make_aware(dt.datetime.combine(today, dt.time(8, 59)))
    at_start = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    claims = queries.hours_claims(season)
    assert not claims.filter(queries.started_by(before)).exists()
    assert list(claims.filter(queries.started_by(at_start))) == [claim]


def test_the_board_page_links_swap_the_results_in_place(many_jobs, member_client):
    """With htmx the results alone come back, their page links swapping the results."""
    fragment = member_client.get(BOARD, {"page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert _cards(member_client.get(BOARD, {"page": 2}, HTTP_HX_REQUEST="true")) == 3
    assert 'data-hx-get="?page=1" data-hx-target="#board-results"' in fragment
