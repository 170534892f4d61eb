"""On PostgreSQL, with the tables of a long-lived cooperative (twenty seasons of jobs and
claims: with ten, reading every timesheet once cost about what probing their index does, and
the planner's pick turned on how bloated the table was from earlier tests), the big list
queries of the job board, the approval queue and the hours to validate find their rows
through indexes, not by reading the whole jobs or claims table. The migration
``0008_job_index_for_the_board_queue_and_hours`` adds the jobs' index they use."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from services import actions, queries
from services.models import (
    Claim,
    ClaimStatus,
    Job,
    JobStatus,
    RequestStatus,
    ServiceRequest,
    Timesheet,
)
from services.queries.dashboard import request_counts
from tests.factories import ArchivedSeasonFactory, MemberFactory, ServiceRequestFactory

pytestmark = pytest.mark.postgres

SEASONS = 20
JOBS_PER_SEASON = 400
BIG_TABLES = ("services_job", "services_claim")


@pytest.fixture
def long_lived(season, service):
    """Twenty seasons of 400 jobs each (the current one among them), two claims per job, the
    hours of the jobs done logged and validated."""
    members = [MemberFactory() for _ in range(20)]
    seasons = [season] + [ArchivedSeasonFactory() for _ in range(SEASONS - 1)]
    today = timezone.localdate()
    jobs = []
    for number, each in enumerate(seasons):
        request = ServiceRequestFactory(
            season=each, service=service, status=RequestStatus.SCHEDULED
        )
        first = today - dt.timedelta(days=20) if number == 0 else dt.date(each.year, 7, 1)
        for index in range(JOBS_PER_SEASON):
            day = first + dt.timedelta(days=index % 90)
            past = number or day < today
            jobs.append(
                Job(
                    request=request,
                    season=each,
                    service=service,
                    date=day,
                    starts_at=dt.time(9, 0),
                    ends_at=dt.time(12, 0),
                    seats=2,
                    hourly_rate=Decimal("12.00"),
                    status=JobStatus.DONE if past and index % 5 else JobStatus.OPEN,
                    address=request.address,
                    postal_code=request.postal_code,
                    town_name=request.town_name,
                )
            )
    jobs = Job.objects.bulk_create(jobs)
    claims = Claim.objects.bulk_create(
        Claim(
            job=job,
            member=members[(job.pk + offset) % len(members)],
            status=ClaimStatus.APPROVED if offset else ClaimStatus.PENDING,
        )
        for job in jobs
        for offset in (0, 1)
    )
    # The hours of the jobs done are validated (the current season's last week's are not).
    validated = timezone.now()
    Timesheet.objects.bulk_create(
        Timesheet(
            claim=claim,
            started_at=claim.job.starts_at,
            ended_at=claim.job.ends_at,
            hours=Decimal("3.00"),
            logged_at=validated,
            validated_at=validated if claim.job.date < today - dt.timedelta(days=7) else None,
        )
        for claim in claims
        if claim.status == ClaimStatus.APPROVED and claim.job.date < today
    )
    actions.tally_rebuild(season_ids={job.season_id for job in jobs})  # written in bulk
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return season


def _plan(queryset) -> str:
    return queryset.explain()


def _full_scans(plan: str) -> list[str]:
    return [table for table in BIG_TABLES if re.search(rf"Seq Scan on {table}\b", plan)]


def test_the_job_board_reads_its_jobs_through_an_index(long_lived):
    plan = _plan(queries.board_jobs(long_lived, timezone.localdate(), timezone.now()))
    assert _full_scans(plan) == [], plan
    assert "job_season_status_date" in plan, plan


def test_the_approval_queue_reads_its_claims_through_indexes(long_lived):
    plan = _plan(queries.waiting_claims(long_lived)[:10])
    assert _full_scans(plan) == [], plan


def test_the_hours_to_validate_read_their_jobs_and_timesheets_through_indexes(long_lived):
    """The season's started jobs come from an index and each claim's timesheet from its
    own; the claims themselves PostgreSQL may hash-join from one pass over the table (at
    this size, cheaper than a probe per job: it decides, not this test)."""
    plan = _plan(queries.hours_claims(long_lived).filter(queries.started_by(timezone.now()))[:8])
    assert "Seq Scan on services_job " not in plan + " ", plan
    assert "Seq Scan on services_timesheet" not in plan, plan


@pytest.fixture
def requests_of_twenty_seasons(transactional_db, season, service):
    """Two hundred requests a season over twenty seasons, vacuumed and their statistics up
    to date (what autovacuum keeps on a server: an index-only scan needs the visibility map
    a vacuum sets, and VACUUM runs outside a transaction)."""
    seasons = [season] + [ArchivedSeasonFactory() for _ in range(SEASONS - 1)]
    statuses = list(RequestStatus.values)
    ServiceRequest.objects.bulk_create(
        ServiceRequestFactory.build(
            season=each, service=service, status=statuses[index % len(statuses)]
        )
        for each in seasons
        for index in range(200)
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE services_servicerequest")
    return season


def test_the_dashboards_count_the_seasons_requests_from_their_index_alone(
    requests_of_twenty_seasons,
):
    """``COUNT(*)``, not of a column: the (season, status) index holds all a count by
    status needs, and PostgreSQL reads no row (0.41 -> 0.19 ms on the member dashboard at
    the long-lived size)."""
    season = requests_of_twenty_seasons
    for count in (
        lambda: ServiceRequest.objects.filter(season=season).status_counts(),
        lambda: request_counts(season.pk),
    ):
        with CaptureQueriesContext(connection) as run:
            counts = count()
        assert sum(counts.values()) == 200
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {run.captured_queries[0]['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Index Only Scan using request_season_status" in plan, plan
