"""The leaders' dashboard reads the services through queries compiled once per season and day
(``services.queries.dashboard``): their figures are the ORM's, whatever the time of day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Q
from django.template import Context, Template
from django.utils import timezone, translation

from services.models import Claim, ClaimStatus, Job, JobStatus, RequestStatus
from services.queries import dashboard, understaffed_jobs
from tests.factories import (
    ClaimFactory,
    JobFactory,
    ServiceFactory,
    ServiceRequestFactory,
    TimesheetFactory,
)

pytestmark = pytest.mark.django_db

WORKED_JOBS = (JobStatus.OPEN, JobStatus.STAFFED, JobStatus.DONE)


def orm_counts(season, today: dt.date, now: dt.datetime) -> dict[str, int]:
    """The counts as the dashboard's ORM aggregate made them before they were compiled."""
    local = timezone.localtime(now)
    started = Q(job__date__lt=local.date()) | Q(
        job__date=local.date(), job__starts_at__lte=local.time()
    )
    worked = Q(status=ClaimStatus.APPROVED, job__status__in=WORKED_JOBS) & started
    return Claim.objects.filter(job__season=season).aggregate(
        claims_waiting=Count(
            "pk",
            filter=Q(
                status=ClaimStatus.PENDING,
                job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
                job__date__gte=today,
            ),
        ),
        hours_waiting=Count("pk", filter=worked & Q(timesheet__validated_at__isnull=True)),
    )


@pytest.fixture
def claims(season):
    """Claims of every kind on jobs of yesterday, today (9:00, 11:30, 14:00) and tomorrow,
    one of them cancelled and one done."""
    today = timezone.localdate()
    days = {"yesterday": -1, "today": 0, "tomorrow": 1}
    jobs = []
    for day, shift in days.items():
        for starts in (dt.time(9), dt.time(11, 30), dt.time(14)) if day == "today" else [None]:
            jobs.append(
                JobFactory(
                    request__season=season,
                    date=today + dt.timedelta(days=shift),
                    starts_at=starts or dt.time(9),
                    ends_at=dt.time(18),
                )
            )
    jobs.append(JobFactory(request__season=season, date=today, status=JobStatus.CANCELLED))
    jobs.append(JobFactory(request__season=season, date=today, status=JobStatus.DONE))
    for job in jobs:
        ClaimFactory(job=job)
        ClaimFactory(job=job, status=ClaimStatus.REJECTED)
        ClaimFactory(job=job, status=ClaimStatus.APPROVED)  # no hours logged
        TimesheetFactory(claim__job=job)  # hours logged, to validate
        TimesheetFactory(claim__job=job, validated_at=timezone.now())
    return jobs


@pytest.mark.parametrize(
    "clock",
    [dt.time(0, 0), dt.time(9, 0), dt.time(11, 29, 59), dt.time(11, 30), dt.time(15, 0)],
)
def test_the_team_counts_are_the_orms_at_any_time_of_the_day(season, claims, clock):
    today = timezone.localdate()
    now = timezone.make_aware(dt.datetime.combine(today, clock))
    counts = dashboard.team_counts(season.pk, today, now, approve=True, validate=True)
    assert counts == orm_counts(season, today, now)


def test_the_team_counts_are_only_those_asked(season, claims):
    today, now = timezone.localdate(), timezone.now()
    expected = orm_counts(season, today, now)
    assert dashboard.team_counts(season.pk, today, now, approve=True, validate=False) == {
        "claims_waiting": expected["claims_waiting"]
    }
    assert dashboard.team_counts(season.pk, today, now, approve=False, validate=True) == {
        "hours_waiting": expected["hours_waiting"]
    }
    assert dashboard.team_counts(season.pk, today, now, approve=False, validate=False) == {}


def test_the_request_counts_list_every_status_read_afresh(season):
    assert dashboard.request_counts(season.pk) == dict.fromkeys(RequestStatus.values, 0)
    ServiceRequestFactory(season=season)
    ServiceRequestFactory(season=season, status=RequestStatus.DONE)
    counts = dashboard.request_counts(season.pk)
    assert counts[RequestStatus.NEW] == 1 and counts[RequestStatus.DONE] == 1
    assert sum(counts.values()) == 2


def test_the_leaders_counts_read_the_team_and_the_requests_together(season, claims):
    """``leader_counts`` reads in one query what ``team_counts`` and ``request_counts`` say,
    the requests even when no team count is asked."""
    today, now = timezone.localdate(), timezone.now()
    ServiceRequestFactory(season=season)
    ServiceRequestFactory(season=season, status=RequestStatus.QUOTED)
    requests = dashboard.request_counts(season.pk)
    assert sum(requests.values()) > 2
    for approve in (True, False):
        for validate in (True, False):
            asked = {"approve": approve, "validate": validate}
            team = dashboard.team_counts(season.pk, today, now, **asked)
            assert dashboard.leader_counts(season.pk, today, now, **asked) == (team, requests)
    assert dashboard.leader_counts(season.pk, today, now, approve=True, validate=True)[0] == (
        orm_counts(season, today, now)
    )


FORMER_NEXT_JOBS = (
    "{% load i18n %}{% for job in upcoming_jobs %}"
    '<a href="{% url \'services:job_team\' job.pk %}">{{ job.date|date:"D j N" }} '
    '{{ job.starts_at|time:"H:i" }} · {{ job.service.name }}</a>'
    '<span class="text-body-secondary">{{ job.town_name }} · {% blocktranslate count '
    "seats=job.seats %}{{ seats }} member{% plural %}{{ seats }} members{% endblocktranslate %}"
    "</span>{% endfor %}"
)
NEXT_JOBS = (
    "{% for job in upcoming_jobs %}"
    '<a href="{{ job.url }}">{{ job.label }}</a>'
    '<span class="text-body-secondary">{{ job.place }}</span>{% endfor %}'
)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_next_jobs_are_written_as_the_former_template_wrote_them(season, language):
    today = timezone.localdate()
    hostile = '<b>"Tonte" & l\'herbe</b> {{ x }} %(seats)s'
    jobs = [
        JobFactory(
            request__season=season,
            request__service=ServiceFactory(name_fr=hostile, name_en=""),
            town_name=hostile,
            seats=1,
        ),
        JobFactory(
            request__season=season,
            request__service=ServiceFactory(name_en="<i>Car wash</i>"),
            date=today,
            starts_at=dt.time(7, 5),
            seats=3,
        ),
        JobFactory(request__season=season, date=today + dt.timedelta(days=9)),
        JobFactory(request__season=season, status=JobStatus.CANCELLED),
        JobFactory(request__season=season, date=today - dt.timedelta(days=1)),
    ]
    with translation.override(language):
        former = Template(FORMER_NEXT_JOBS).render(
            Context(
                {
                    "upcoming_jobs": Job.objects.filter(pk__in=[job.pk for job in jobs])
                    .upcoming(today)
                    .select_related("service")
                }
            )
        )
        rows = dashboard.upcoming_jobs(season.pk, today)
        assert Template(NEXT_JOBS).render(Context({"upcoming_jobs": rows})) == former
    assert len(rows) == 3


def test_without_a_season_no_team_is_short():
    assert understaffed_jobs(None) == []


def test_the_next_jobs_items_are_written_as_the_former_loop_wrote_them(season):
    hostile = '<b>"Tonte" & l\'herbe</b> {{ x }} %(seats)s'
    JobFactory(
        request__season=season,
        request__service=ServiceFactory(name_fr=hostile, name_en=""),
        town_name=hostile,
        seats=1,
    )
    JobFactory(request__season=season, seats=3)
    rows = dashboard.upcoming_jobs(season.pk, timezone.localdate())
    former = Template(
        "{% for job in upcoming_jobs %}"
        '\n        <li class="list-group-item d-flex flex-wrap justify-content-between gap-2">'
        '\n          <a href="{{ job.url }}">{{ job.label }}</a>'
        '\n          <span class="text-body-secondary">{{ job.place }}</span>'
        "\n        </li>\n      {% endfor %}"
    ).render(Context({"upcoming_jobs": rows}))
    assert dashboard.upcoming_job_items(rows) == former
    assert len(rows) == 2 and dashboard.upcoming_job_items([]) == ""


def test_the_kept_next_jobs_items_follow_the_jobs_and_the_language(season):
    """``kept_upcoming_job_items`` writes the items once per rows read, language and script
    prefix (``cjs.kept``): what ``upcoming_job_items`` writes of ``upcoming_jobs``, anew when a
    job is planned."""
    today = timezone.localdate()
    hostile = '<b>"Tonte" & l\'herbe</b>'
    JobFactory(request__season=season, town_name=hostile, seats=2)

    def items():
        return dashboard.kept_upcoming_job_items(dashboard.upcoming_job_rows(season.pk, today))

    for language in ("fr", "en", "fr"):
        with translation.override(language):
            assert items() == dashboard.upcoming_job_items(
                dashboard.upcoming_jobs(season.pk, today)
            )
    first = items()
    JobFactory(request__season=season, town_name="Saint-Jean", seats=1)
    assert items() == dashboard.upcoming_job_items(dashboard.upcoming_jobs(season.pk, today))
    assert items() != first and "Saint-Jean" in items() and hostile not in items()
