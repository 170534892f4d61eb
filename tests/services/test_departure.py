"""A member who leaves the cooperative frees their seats on the jobs still to come."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cjs.errors import DomainError
from members import actions as member_actions
from members.signals import member_leaving
from services import actions
from services.models import Claim, ClaimStatus, Job, JobStatus

pytestmark = pytest.mark.django_db


def test_leaving_frees_the_seats_of_jobs_to_come_and_reopens_them(make_job, make_member, leader):
    member, teammate = make_member(), make_member()
    staffed = make_job(seats=2)
    actions.job_assign(job=staffed, member=member, by=leader)
    actions.job_assign(job=staffed, member=teammate, by=leader)
    later = make_job(seats=1, date=timezone.localdate() + dt.timedelta(days=3))
    waiting = actions.job_claim(job=later, member=member)
    assert Job.objects.get(pk=staffed.pk).status == JobStatus.STAFFED

    member_actions.member_deactivate(user=member, on=timezone.localdate(), by=leader)

    assert not Claim.objects.live().filter(member=member).exists()
    assert Claim.objects.get(pk=waiting.pk).status == ClaimStatus.WITHDRAWN
    assert Job.objects.get(pk=staffed.pk).status == JobStatus.OPEN
    assert Claim.objects.live().filter(member=teammate, job=staffed).exists()


def test_seats_before_the_departure_day_stay_as_they_are(make_job, make_member, leader):
    member = make_member()
    job = make_job(seats=1)
    claim = actions.job_assign(job=job, member=member, by=leader)
    # Leaving after the job's day: the job is still theirs.
    member_actions.member_deactivate(user=member, on=job.date + dt.timedelta(days=1), by=leader)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED


def test_a_claim_made_during_the_departure_rolls_it_back(make_job, make_member, leader):
    """The seats are freed before the member's row is locked; a claim that slips in between
    is caught once the row is locked, and nothing of the departure is saved."""
    member = make_member()
    job = make_job(seats=1)

    def claim_meanwhile(sender, *, user, **kwargs):
        Claim.objects.create(job=job, member=user)

    member_leaving.connect(claim_meanwhile, dispatch_uid="test.claim_meanwhile")
    try:
        with pytest.raises(DomainError, match="au même moment"):
            member_actions.member_deactivate(user=member, on=timezone.localdate(), by=leader)
    finally:
        member_leaving.disconnect(dispatch_uid="test.claim_meanwhile")
    member.refresh_from_db()
    assert member.is_active
    assert not Claim.objects.filter(job=job).exists()
