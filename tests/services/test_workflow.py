"""The one place where requests and jobs change status refuses impossible moves."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjs.errors import DomainError
from services import actions
from services.models import JobStatus, RequestStatus
from services.rules import (
    JOB_FLOW,
    REQUEST_FLOW,
    derive_request_status,
    ensure_job_transition,
    ensure_request_transition,
)
from tests.services.conftest import start_job_now

R, J = RequestStatus, JobStatus

IMPOSSIBLE_REQUEST_MOVES = [
    (R.NEW, R.ACCEPTED),  # accepting needs a quote
    (R.NEW, R.SCHEDULED),
    (R.QUOTED, R.SCHEDULED),  # planning needs the resident's yes
    (R.ACCEPTED, R.DECLINED),
    (R.ACCEPTED, R.QUOTED),
    (R.SCHEDULED, R.NEW),
    (R.DONE, R.CANCELLED),
    (R.CANCELLED, R.NEW),
    (R.DECLINED, R.QUOTED),
]


def test_every_status_has_a_row_in_the_tables():
    assert set(REQUEST_FLOW) == set(R.values)
    assert set(JOB_FLOW) == set(J.values)


@pytest.mark.parametrize(("current", "target"), IMPOSSIBLE_REQUEST_MOVES)
def test_impossible_request_moves_are_refused_with_a_clear_message(current, target):
    with pytest.raises(DomainError) as refused:
        ensure_request_transition(current, target)
    message = refused.value.message
    assert str(R(current).label) in message


def test_a_closed_request_says_it_is_closed():
    with pytest.raises(DomainError, match="clôturée"):
        ensure_request_transition(R.DONE, R.CANCELLED)


@pytest.mark.parametrize(
    ("current", "target"),
    [(J.DONE, J.OPEN), (J.DONE, J.CANCELLED), (J.CANCELLED, J.OPEN), (J.CANCELLED, J.DONE)],
)
def test_impossible_job_moves_are_refused(current, target):
    with pytest.raises(DomainError):
        ensure_job_transition(current, target)


@pytest.mark.parametrize(("current", "target"), [(J.OPEN, J.STAFFED), (J.STAFFED, J.OPEN)])
def test_the_jobs_issue_can_staff_and_reopen_a_job(current, target):
    ensure_job_transition(current, target)


def test_the_request_follows_its_jobs():
    assert derive_request_status(R.ACCEPTED, [J.OPEN]) == R.SCHEDULED
    assert derive_request_status(R.SCHEDULED, [J.DONE, J.STAFFED]) == R.SCHEDULED
    assert derive_request_status(R.SCHEDULED, [J.DONE, J.CANCELLED]) == R.DONE
    assert derive_request_status(R.SCHEDULED, [J.CANCELLED]) == R.ACCEPTED
    assert derive_request_status(R.SCHEDULED, []) == R.ACCEPTED
    assert derive_request_status(R.CANCELLED, [J.OPEN]) == R.CANCELLED


def _consistent_states():
    """A request and the statuses of its jobs, as they can be: an accepted request has only
    cancelled jobs, plus the one being planned."""
    accepted = st.tuples(
        st.just(R.ACCEPTED),
        st.builds(
            lambda cancelled, planned: cancelled + planned,
            st.lists(st.just(J.CANCELLED), max_size=3),
            st.lists(st.just(J.OPEN), max_size=1),
        ),
    )
    others = st.tuples(
        st.sampled_from([s for s in R if s != R.ACCEPTED]),
        st.lists(st.sampled_from(list(J)), max_size=6),
    )
    return accepted | others


@given(_consistent_states())
def test_the_derived_status_is_always_a_move_the_table_allows(state):
    current, jobs = state
    target = derive_request_status(current, jobs)
    assert target == current or target in REQUEST_FLOW[current]


@pytest.mark.django_db
def test_job_transition_to_staffed_and_back_logs_the_moves(make_request, leader):
    """The call the Jobs issue makes when a team is approved, then when a member withdraws."""
    request = make_request(RequestStatus.SCHEDULED)
    job = request.jobs.get()
    actions.job_transition(job=job, to=J.STAFFED, by=leader)
    assert job.status == J.STAFFED
    actions.job_transition(job=job, to=J.OPEN, by=leader)
    kinds = list(request.events.order_by("pk").values_list("kind", "is_public"))
    assert kinds[-2:] == [("job_staffed", True), ("job_reopened", False)]
    request.refresh_from_db()
    assert request.status == RequestStatus.SCHEDULED


@pytest.mark.django_db
def test_job_transition_refuses_a_done_job_and_changes_nothing(make_request, leader):
    request = make_request(RequestStatus.SCHEDULED)
    job = request.jobs.get()
    start_job_now(job)
    actions.job_transition(job=job, to=J.DONE, by=leader)
    events = request.events.count()
    with pytest.raises(DomainError):
        actions.job_transition(job=job, to=J.OPEN, by=leader)
    job.refresh_from_db()
    assert job.status == J.DONE
    assert request.events.count() == events


@pytest.mark.django_db
def test_archived_seasons_refuse_every_move(make_request, leader):
    request = make_request(RequestStatus.SCHEDULED)
    request.season.status = "archived"
    request.season.save()
    with pytest.raises(DomainError):
        actions.job_transition(job=request.jobs.get(), to=J.CANCELLED, by=leader)
