"""``ShapedPages``: the approvers' queues paginated by queries compiled once, whatever the day
and the time they depend on (given as texts, ``as_text``), count and read the same pages
as their querysets, at every moment of a day (a job starting, a job ending)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.paginator import Paginator
from django.utils import timezone

from services import actions
from services.models import Job
from services.queries import (
    hours_claims,
    hours_page_claims,
    started_by,
    waiting_claims,
    waiting_rows,
)
from services.queries.paging import ShapedPages, as_text

pytestmark = pytest.mark.django_db


def _pages(found, size: int) -> list[list[int]]:
    paginator = Paginator(found, size)
    return [[_pk(claim) for claim in paginator.page(n)] for n in paginator.page_range]


def _pk(claim) -> int:
    """A claim's id, a model's or a row's (``waiting_rows``: the id first)."""
    return claim[0] if isinstance(claim, tuple) else claim.pk


@pytest.fixture
def day_of_jobs(make_job, make_member, leader):
    """Jobs today (morning, noon, afternoon), yesterday and tomorrow, each with a claim
    waiting and a member on the team who logged their hours or not."""
    today = timezone.localdate()
    times = [(dt.time(8, 0), dt.time(10, 0)), (dt.time(10, 0), dt.time(12, 30))]
    times += [(dt.time(14, 0), dt.time(17, 0))]
    jobs = [make_job(seats=3, starts_at=start, ends_at=end) for start, end in times]
    jobs += [make_job(seats=3), make_job(seats=3)]
    for job in jobs:
        actions.job_claim(job=job, member=make_member())
        actions.job_assign(job=job, member=make_member(), by=leader)
    days = [today, today, today, today - dt.timedelta(days=1), today + dt.timedelta(days=1)]
    for job, day in zip(jobs, days, strict=True):
        Job.objects.filter(pk=job.pk).update(date=day)
    return jobs


@pytest.mark.parametrize(
    "moment", [dt.time(7, 59), dt.time(10, 0), dt.time(10, 0, 0, 1), dt.time(12, 30), dt.time(23)]
)
def test_the_queues_pages_are_those_of_their_querysets(day_of_jobs, season, moment):
    now = timezone.make_aware(dt.datetime.combine(timezone.localdate(), moment))
    with time_machine.travel(now, tick=False):
        for size in (1, 2, 10):
            assert _pages(waiting_rows(season), size) == _pages(waiting_claims(season), size)
            expected = hours_claims(season).filter(started_by(now))
            assert _pages(hours_page_claims(season, now), size) == _pages(expected, size)
        assert Paginator(waiting_rows(season), 2).count == waiting_claims(season).count()
        assert [row[9] for row in waiting_rows(season)[0:10]] == [
            c.job.service.name_fr for c in waiting_claims(season)
        ]


def test_without_a_season_the_queues_are_their_querysets(db):
    assert _pages(waiting_rows(None), 10) == [[]]
    assert _pages(hours_page_claims(None, timezone.now()), 10) == [[]]


def test_a_date_compared_as_text_is_compared_as_a_date(day_of_jobs):
    def on(day):
        return Job.objects.filter(pk__in=[j.pk for j in day_of_jobs]).filter(date__lte=day)

    for day in {job.date for job in Job.objects.all()}:
        by_text = list(on(as_text(day)).values_list("pk", flat=True).order_by("pk"))
        assert by_text == list(on(day).values_list("pk", flat=True).order_by("pk"))


def test_shaped_pages_read_slices_only(db):
    pages = ShapedPages(lambda pk: Job.objects.filter(pk=pk), (int,), (1,))
    assert pages.count() == 0
    assert pages[0:0] == []
    with pytest.raises(TypeError):
        pages[0]
