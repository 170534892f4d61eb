"""The members' working time per season (``WorkTally``), which the head-start circle reads
instead of summing the season's claims on every board and dashboard: kept by every write
that changes it, equal to what the claims, jobs and hours say (the suite-wide check in
``tests/conftest.py`` compares them after every test; these follow one member through)."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import threading
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from services import actions
from services.models import Claim, ClaimStatus, Job, WorkTally
from services.queries import circle_hours
from tests.services.conftest import start_job_now

pytestmark = pytest.mark.django_db


def _tally(season, member) -> tuple:
    row = WorkTally.objects.filter(season=season, member=member).first()
    return (row.worked, row.logged, row.planned) if row else None


def test_the_working_time_follows_a_claim_from_asked_to_validated(
    season, make_job, make_member, leader
):
    member = make_member()
    job = make_job(starts_at=dt.time(9, 0), ends_at=dt.time(11, 20))
    claim = actions.job_claim(job=job, member=member)
    assert _tally(season, member) == (0, 0, 233)  # 2 h 20 planned, in hundredths
    actions.claim_approve(claim=claim, by=leader)
    assert _tally(season, member) == (0, 0, 233)
    # Time passes: the job happened yesterday (an update, behind the receivers: same sums).
    Job.objects.filter(pk=job.pk).update(date=timezone.localdate() - dt.timedelta(days=1))
    sheet = actions.hours_log(
        claim=claim, by=member, started_at=dt.time(9, 0), ended_at=dt.time(11, 30)
    )
    assert _tally(season, member) == (0, Decimal("2.50"), 0)
    actions.hours_validate(claim=sheet.claim, by=leader)
    assert _tally(season, member) == (Decimal("2.50"), 0, 0)
    assert circle_hours(season, dt.date.today())[member.pk] == Decimal("2.50")


def test_a_job_done_turns_down_its_waiting_claims_and_their_planned_hours(
    season, make_job, make_member, leader
):
    on_team, waiting = make_member(), make_member()
    job = make_job(seats=2)
    actions.job_assign(job=job, member=on_team, by=leader)
    actions.job_claim(job=job, member=waiting)
    start_job_now(job)
    actions.job_mark_done(job=job, by=leader)
    assert Claim.objects.get(member=waiting).status == ClaimStatus.REJECTED
    assert _tally(season, waiting) == (0, 0, 0)
    assert _tally(season, on_team)[2] > 0  # on the team: their hours are still to log


def test_a_cancelled_job_and_a_withdrawn_claim_count_no_more(season, make_job, make_member, leader):
    member = make_member()
    first, second = make_job(date=dt.date.today() + dt.timedelta(days=3)), make_job()
    kept = actions.job_claim(job=first, member=member)
    withdrawn = actions.job_claim(job=second, member=member)
    assert _tally(season, member) == (0, 0, 600)
    actions.claim_withdraw(claim=withdrawn, by=member)
    assert _tally(season, member) == (0, 0, 300)
    actions.job_cancel(job=kept.job, by=leader, reason="Météo.")
    assert _tally(season, member) == (0, 0, 0)


def test_a_job_moved_to_other_times_moves_its_teams_working_time(
    season, make_job, make_member, leader
):
    member = make_member()
    job = make_job()
    actions.job_assign(job=job, member=member, by=leader)
    job.ends_at = dt.time(13, 30)
    job.save()  # as the back office would
    assert _tally(season, member) == (0, 0, 450)


def test_a_claim_deleted_in_the_back_office_counts_no_more(season, make_job, make_member):
    member = make_member()
    claim = actions.job_claim(job=make_job(), member=member)
    Claim.objects.get(pk=claim.pk).delete()
    assert _tally(season, member) == (0, 0, 0)


def test_rebuild_work_tallies_recomputes_what_was_changed_behind_the_apps_back(
    season, make_job, make_member, leader
):
    member = make_member()
    actions.job_assign(job=make_job(), member=member, by=leader)
    WorkTally.objects.update(planned=1)
    call_command("rebuild_work_tallies", stdout=io.StringIO())
    assert _tally(season, member) == (0, 0, 300)


def test_the_migration_fills_the_working_time_of_the_work_already_there(
    season, make_job, make_member, leader
):
    member = make_member()
    actions.job_assign(job=make_job(), member=member, by=leader)
    WorkTally.objects.all().delete()
    migration = importlib.import_module("services.migrations.0009_work_tally")
    migration.fill_tallies(apps, None)
    assert _tally(season, member) == (0, 0, 300)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_jobs_claimed_at_once_by_one_member_both_count(make_job, make_member, season):
    """Two transactions change one member's working time at the same moment: the second
    reads the sums after the first's commit (the claim locks the member, the tally its
    row), so neither writes a sum that misses the other job."""
    member = make_member()
    jobs = [make_job(date=dt.date.today() + dt.timedelta(days=day)) for day in (3, 4)]
    barrier = threading.Barrier(2)
    errors = []

    def claim(job):
        try:
            barrier.wait(timeout=10)
            actions.job_claim(job=job, member=member)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert _tally(season, member) == (0, 0, 600)
