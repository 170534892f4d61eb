"""Races on the teams settled by the database: PostgreSQL row locks, real threads."""

from __future__ import annotations

import datetime as dt

import pytest

from cjs.errors import DomainError
from services import actions
from services.models import Claim, ClaimStatus
from tests.services.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_thirty_members_claiming_a_two_seat_job_at_once_make_exactly_two_claims(
    make_job, make_member
):
    job = make_job(seats=2)
    members = [make_member() for _ in range(30)]
    results = run_together(30, lambda i: actions.job_claim(job=job, member=members[i]))
    claims = [r for r in results if isinstance(r, Claim)]
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(claims) == 2
    assert len(refusals) == 28 and {r.code for r in refusals} == {"seats"}
    assert Claim.objects.filter(job=job).live().count() == 2


def test_one_member_claiming_two_overlapping_jobs_at_once_gets_one(make_job, make_member):
    member = make_member()
    jobs = [
        make_job(starts_at=dt.time(9, 0), ends_at=dt.time(12, 0)),
        make_job(starts_at=dt.time(10, 0), ends_at=dt.time(13, 0)),
    ]
    results = run_together(2, lambda i: actions.job_claim(job=jobs[i], member=member))
    assert len([r for r in results if isinstance(r, Claim)]) == 1
    assert [r.code for r in results if isinstance(r, DomainError)] == ["overlap"]
    assert Claim.objects.filter(member=member).live().count() == 1


def test_the_same_tap_sent_twice_at_once_makes_one_claim(make_job, make_member):
    member = make_member()
    job = make_job()
    results = run_together(6, lambda _i: actions.job_claim(job=job, member=member))
    assert len([r for r in results if isinstance(r, Claim)]) == 1
    assert Claim.objects.filter(member=member).count() == 1


def test_two_approvers_assigning_the_last_seat_at_once_fill_it_once(make_job, make_member, leader):
    from tests.factories import LeaderFactory

    job = make_job(seats=1)
    candidates = [make_member() for _ in range(4)]
    approvers = [leader, *(LeaderFactory() for _ in range(3))]
    results = run_together(
        4, lambda i: actions.job_assign(job=job, member=candidates[i], by=approvers[i])
    )
    assert len([r for r in results if isinstance(r, Claim)]) == 1
    assert Claim.objects.filter(job=job, status=ClaimStatus.APPROVED).count() == 1
    job.refresh_from_db()
    assert job.status == "staffed"
