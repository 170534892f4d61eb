"""The demo's teams: jobs past and coming, claims waiting, hours, a replacement request, and
not one assignment breaking a rule."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from members.models import Cooperative, PermissionGrant, User
from services import queries
from services.capabilities import APPROVE_CLAIMS, VALIDATE_HOURS
from services.models import (
    Claim,
    ClaimStatus,
    Job,
    JobStatus,
    Replacement,
    Satisfaction,
    Timesheet,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo")


def test_the_demo_has_teams_waiting_claims_hours_and_a_replacement(demo):
    assert Claim.objects.filter(status=ClaimStatus.PENDING, job__status=JobStatus.OPEN).exists()
    assert Job.objects.filter(status=JobStatus.STAFFED).exists()
    assert Timesheet.objects.filter(validated_at__isnull=False).exists()
    assert Timesheet.objects.filter(validated_at__isnull=True).exists()
    assert Replacement.objects.filter(status="open").count() == 1
    assert Satisfaction.objects.exists()
    for job in Job.objects.filter(status=JobStatus.DONE):
        assert job.claims.approved().exists()
    assert (
        PermissionGrant.objects.filter(
            capability__in=[APPROVE_CLAIMS, VALIDATE_HOURS], committee__slug="rh"
        ).count()
        == 2
    )


def test_the_demo_breaks_no_rule(demo):
    book = queries.RuleBook(Cooperative.load())
    claims = list(Claim.objects.counted().select_related("job__service"))
    members = {u.pk: u for u in User.objects.members().with_work_facts()}
    for claim in claims:
        job = claim.job
        first, last = queries.around(job.date)
        slots = queries.commitments([claim.member_id], first, last, exclude_job=job.pk)
        worker = queries.worker_of(members[claim.member_id], job.date, slots[claim.member_id])
        assert book.refusals(worker, queries.needs_of(job)) == [], (claim, job)
    # The hours logged and validated keep the limits of minors too (breaks included).
    worked = list(
        Claim.objects.filter(timesheet__isnull=False).select_related(
            "member__profile", "job__service", "timesheet"
        )
    )
    check = queries.HoursCheck(worked, Cooperative.load())
    assert worked
    for claim in worked:
        assert check.of(claim) == [], (claim, claim.timesheet)
    for job in Job.objects.annotate(**queries.seat_counts()):
        assert job.approved_count + job.waiting_count <= job.seats
        if job.status in (JobStatus.OPEN, JobStatus.STAFFED):
            assert (job.status == JobStatus.STAFFED) == (job.approved_count == job.seats)


def test_seeding_the_teams_twice_changes_nothing(demo):
    before = (Claim.objects.count(), Timesheet.objects.count(), Replacement.objects.count())
    call_command("seed_demo")
    assert (Claim.objects.count(), Timesheet.objects.count(), Replacement.objects.count()) == before
