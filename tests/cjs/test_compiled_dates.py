"""A query compiled for its dates holds them in its SQL, so that PostgreSQL's plan of the
statement, prepared once for any parameters, still knows how many rows the dates hold."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import pytest
from django.db import connection, transaction
from django.utils import timezone

from cjs.db import CompiledQuery, inline_dates
from members.models import Season
from members.queries.work_facts import _union_plan
from services import actions
from services.models import Claim, ClaimStatus, Job, Timesheet
from services.queries.board_reads import _member_union, member_facts
from tests.factories import ArchivedSeasonFactory, ClaimFactory, JobFactory, MemberFactory

INSTANT = dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.UTC)


def test_dates_are_written_into_the_sql_and_the_other_parameters_kept_in_order():
    sql = "a = %s AND b LIKE 'x%%' AND c >= %s AND d = %s AND e <= %s"
    params = (7, dt.date(2026, 7, 1), INSTANT, dt.date(2026, 7, 14))
    assert inline_dates(sql, params, "postgresql") == (
        "a = %s AND b LIKE 'x%%' AND c >= '2026-07-01'::date AND d = %s"
        " AND e <= '2026-07-14'::date",
        (7, INSTANT),
    )
    assert inline_dates(sql, params, "sqlite")[0].endswith("e <= '2026-07-14'")


def test_sql_without_dates_is_left_as_it_is():
    assert inline_dates("a = %s AND b = %s", [1, INSTANT], "postgresql") == (
        "a = %s AND b = %s",
        (1, INSTANT),
    )


def test_placeholders_and_parameters_that_do_not_match_are_refused():
    with pytest.raises(ValueError, match="do not match"):
        inline_dates("a = %s", (dt.date(2026, 7, 1), 2), "postgresql")
    with pytest.raises(ValueError, match="do not match"):
        inline_dates("a = %s AND b = %s", (dt.date(2026, 7, 1),), "postgresql")


@pytest.mark.django_db
def test_a_compiled_query_reads_the_rows_of_its_dates():
    ArchivedSeasonFactory(year=2031, starts_on=dt.date(2031, 6, 29), ends_on=dt.date(2031, 9, 1))
    ArchivedSeasonFactory(year=2032, starts_on=dt.date(2032, 6, 27), ends_on=dt.date(2032, 8, 29))
    query = Season.objects.filter(
        starts_on__gte=dt.date(2031, 6, 29), starts_on__lt=dt.date(2032, 1, 1)
    ).values_list("year")
    compiled = CompiledQuery.of(query)
    assert compiled.rows() == [(2031,)] == list(query)
    if connection.vendor == "postgresql":  # SQLite's parameters are texts already
        assert "'2031-06-29'::date" in compiled.sql
        assert not any(isinstance(param, dt.date) for param in compiled.params)


@pytest.fixture
def busy_fortnight(season):
    """Ten weeks of 700 jobs from tomorrow, each with a member on it and half of them with
    hours logged, and one member on two jobs of the first fortnight; the statistics up to
    date, as on a server."""
    first = timezone.localdate() + dt.timedelta(days=1)
    model = JobFactory(date=first)
    fields = {
        name: getattr(model, name)
        for name in ("request", "season", "service", "address", "postal_code", "town_name")
    }
    jobs = Job.objects.bulk_create(
        Job(
            date=first + dt.timedelta(days=index % 70),
            starts_at=dt.time(9),
            ends_at=dt.time(11),
            seats=2,
            hourly_rate=model.hourly_rate,
            **fields,
        )
        for index in range(700)
    )
    others = [MemberFactory() for _ in range(20)]
    claims = Claim.objects.bulk_create(
        Claim(job=job, member=others[index % 20], status=ClaimStatus.APPROVED)
        for index, job in enumerate(jobs)
    )
    Timesheet.objects.bulk_create(
        Timesheet(
            claim=claim,
            started_at=dt.time(9),
            ended_at=dt.time(11),
            logged_started_at=dt.time(9),
            logged_ended_at=dt.time(11),
            logged_break_minutes=0,
            hours=2,
            logged_at=timezone.now(),
        )
        for claim in claims[::2]
    )
    actions.tally_rebuild(season_ids={job.season_id for job in jobs})  # written in bulk
    member = MemberFactory()
    for job in (jobs[3], jobs[10]):
        ClaimFactory(job=job, member=member, status=ClaimStatus.APPROVED)
    with connection.cursor() as cursor:
        for table in ("services_job", "services_claim", "services_timesheet"):
            cursor.execute(f"ANALYZE {table}")
    return member, first, first + dt.timedelta(days=13)


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_plan_made_for_any_member_knows_how_many_jobs_the_fortnight_holds(busy_fortnight):
    """The plan PostgreSQL keeps for the prepared statement of a member's commitments (a
    generic plan, made for any member) counts the fortnight's jobs from the dates written in
    the SQL. Given as parameters, the dates of a range are guessed to hold 0.5% of the rows:
    on a long-lived season's board, one job instead of 87, and the board read the member's
    commitments joining each of those jobs to every timesheet (1.4 ms instead of 0.2)."""
    member, first, last = busy_fortnight
    assert len(member_facts(member.pk, first, last).slots) == 2
    compiled = _union_plan(_member_union, (first, last), 1, "default")
    numbered = itertools.count(1)
    # The member, in the WITH, first: typed as the driver types it (nothing else gives a
    # type to a value of a VALUES list).
    sql = compiled.sql.replace("VALUES (%s)", "VALUES (%s::bigint)", 1)
    statement = re.sub(r"%[s%]", lambda m: "%" if m.group() == "%%" else f"${next(numbered)}", sql)
    values = [member.pk, *compiled.params]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE commitments AS {statement}")
        execute = connection.ops.compose_sql(
            "EXECUTE commitments (" + ", ".join(["%s"] * len(values)) + ")", values
        )
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {execute}")
        plan = cursor.fetchone()[0]
        cursor.execute("DEALLOCATE commitments")
    plan = plan if isinstance(plan, list) else json.loads(plan)
    jobs = [node for node in _nodes(plan[0]["Plan"]) if node.get("Relation Name") == "services_job"]
    assert jobs, json.dumps(plan, indent=1)
    for node in jobs:
        read = node["Actual Rows"] * node["Actual Loops"]
        assert node["Plan Rows"] * node["Actual Loops"] * 3 >= read, json.dumps(plan, indent=1)


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)
