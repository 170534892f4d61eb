"""The locks every writer takes and the counts a tapped claim reads are compiled once per
process (``cjs.db.QueryShape``): they answer what the ORM queries they replace answered."""

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Count, Q
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from members.models import User
from services.actions.claims import claim_counts
from services.actions.team import lock_member
from services.actions.transitions import lock_job, lock_request
from services.models import (
    LIVE_CLAIM_STATUSES,
    STANDING_REJECTION,
    TAKES_A_SEAT,
    ClaimStatus,
    Job,
    ServiceRequest,
)
from tests.factories import ClaimFactory, JobFactory, MemberFactory

pytestmark = pytest.mark.django_db


def former_counts(job: Job, member) -> dict[str, int]:
    """The aggregate ``job_claim`` ran before its counts were compiled."""
    return job.claims.aggregate(
        live=Count("pk", filter=Q(member=member, status__in=LIVE_CLAIM_STATUSES)),
        turned_down=Count("pk", filter=Q(member=member) & STANDING_REJECTION),
        taken=Count("pk", filter=TAKES_A_SEAT),
    )


def test_claim_counts_are_the_former_aggregates_whatever_the_claims():
    job = JobFactory(seats=4)
    member, other, third = MemberFactory(), MemberFactory(), MemberFactory()
    assert claim_counts(job.pk, member.pk) == former_counts(job, member)  # no claim: no row
    ClaimFactory(job=job, member=other, status=ClaimStatus.APPROVED)
    ClaimFactory(job=job, member=third, status=ClaimStatus.PENDING)
    refused = ClaimFactory(job=job, member=member, status=ClaimStatus.REJECTED)
    Job.objects.filter(pk=job.pk).update(rescheduled_at=timezone.now())
    refused.decided_at = timezone.now() - dt.timedelta(hours=1)  # before the new date: void
    refused.save()
    for someone in (member, other, third):
        assert claim_counts(job.pk, someone.pk) == former_counts(job, someone)
    refused.decided_at = timezone.now() + dt.timedelta(hours=1)  # after it: the no stands
    refused.save()
    ClaimFactory(job=job, member=member, status=ClaimStatus.PENDING)
    assert claim_counts(job.pk, member.pk) == former_counts(job, member)
    assert claim_counts(job.pk, member.pk) == {"live": 1, "turned_down": 1, "taken": 3}


def test_claim_counts_of_another_job_are_its_own():
    job, elsewhere = JobFactory(), JobFactory()
    member = MemberFactory()
    ClaimFactory(job=elsewhere, member=member, status=ClaimStatus.APPROVED)
    assert claim_counts(job.pk, member.pk) == {"live": 0, "turned_down": 0, "taken": 0}
    assert claim_counts(elsewhere.pk, member.pk) == {"live": 1, "turned_down": 0, "taken": 1}


def test_a_locked_job_comes_with_its_request_season_and_service(django_assert_num_queries):
    job = JobFactory()
    # Two queries: the job's request (found through the job), the job.
    with transaction.atomic(), django_assert_num_queries(2):
        locked = lock_job(job.pk)
        assert locked.request.pk == job.request_id
        assert locked.season.pk == job.season_id
        assert locked.service.name == job.service.name


def test_locking_what_does_not_exist_says_so():
    with transaction.atomic():
        with pytest.raises(Job.DoesNotExist):
            lock_job(2_000_000)
        with pytest.raises(ServiceRequest.DoesNotExist):
            lock_request(2_000_000)
        with pytest.raises(ServiceRequest.DoesNotExist):
            lock_request(2**70)  # no column holds it: not found, not a server error


@pytest.mark.django_db(transaction=True)  # the test itself outside a transaction
def test_a_lock_outside_a_transaction_is_refused():
    job = JobFactory()
    with pytest.raises(TransactionManagementError):
        lock_request(job.request_id)
    with pytest.raises(TransactionManagementError):
        lock_job(job.pk)


def test_a_locked_member_is_their_row_read_in_one_query(django_assert_num_queries):
    member = MemberFactory()
    with transaction.atomic(), django_assert_num_queries(1):
        locked = lock_member(member.pk)
        assert (locked.pk, locked.username) == (member.pk, member.username)
    with transaction.atomic(), pytest.raises(User.DoesNotExist):
        lock_member(2_000_000)


@pytest.mark.django_db(transaction=True)
def test_a_member_lock_outside_a_transaction_is_refused():
    member = MemberFactory()
    with pytest.raises(TransactionManagementError):
        lock_member(member.pk)
