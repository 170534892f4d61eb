"""The one place where service requests and jobs change status.

Two transition tables say which moves exist; ``request_transition`` and ``job_transition``
refuse any other with a translated message naming the rule, log the change in the request's
history (``RequestEvent``) and keep the request in step with its jobs:

    new ──quote──▶ quoted ──resident accepts──▶ accepted ──first job──▶ scheduled ──▶ done
     │               │  ▲ (new quote)              ▲                       │
     │               └──┘ resident declines: new   └── all jobs cancelled ─┘
     └──────────────▶ declined (by the cooperative)      cancelled (before the work starts)

A job is open, staffed (its team is complete), done or cancelled. When every job of a request
that is not cancelled is done, the request is done; when all are cancelled, it goes back to
accepted (to be planned again).

Locking: writers lock the request first, then its jobs (``lock_request``, ``lock_job``), so
that two writers never wait for each other in opposite orders.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, transaction
from django.db.models import Model
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs.db import QueryShape
from cjs.errors import DomainError
from members.models import User
from services import notify
from services.actions.tally import tally_refresh
from services.models import (
    Claim,
    ClaimStatus,
    EventKind,
    Job,
    JobStatus,
    Replacement,
    ReplacementStatus,
    RequestEvent,
    RequestStatus,
    ServiceRequest,
)
from services.rules import (
    derive_request_status,
    ensure_job_transition,
    ensure_request_transition,
    ensure_season_open,
    job_facts,
    job_when,
)

R = RequestStatus
J = JobStatus


# Which event a job's move writes in the request's history, and whether the resident sees it.
_JOB_EVENTS: dict[str, tuple[str, bool]] = {
    J.STAFFED: (EventKind.JOB_STAFFED, True),
    J.OPEN: (EventKind.JOB_REOPENED, False),
    J.DONE: (EventKind.JOB_DONE, True),
    J.CANCELLED: (EventKind.JOB_CANCELLED, True),
}


# The locks every writer takes, their SQL compiled once per process (``cjs.db.QueryShape``):
# building a locking query with its related rows costs the ORM some 2,500 Python calls, and
# thirty members tapping a job the second it opens run them thirty times over.
def _locked_requests():
    """The requests as a lock reads them: the request's row only, with its season and service."""
    return ServiceRequest.objects.select_for_update(of=("self",)).select_related(
        "season", "service"
    )


_REQUEST_LOCK = QueryShape(lambda pk: _locked_requests().filter(pk=pk), int)
# The request of a job, found through the job and locked in the same query (the job's own
# row is not locked by it: ``of`` names the request only).
_REQUEST_OF_JOB_LOCK = QueryShape(lambda pk: _locked_requests().filter(jobs=pk), int)
_JOB_LOCK = QueryShape(
    lambda pk: Job.objects.select_for_update(of=("self",)).select_related("service").filter(pk=pk),
    int,
)


def require_transaction(using: str) -> None:
    """What Django checks when it compiles a ``select_for_update``: a lock lasts until the end
    of the transaction, so a lock outside one is a mistake (the SQL here is compiled once)."""
    if connections[using].get_autocommit():
        raise TransactionManagementError(
            "select_for_update cannot be used outside of a transaction."
        )


def locked_row(shape: QueryShape, model: type[Model], pk: int):
    """Row ``pk`` of ``model`` read by ``shape`` (a compiled ``select_for_update``), locked
    until the end of the transaction; ``model.DoesNotExist`` when there is none."""
    using = model.objects.db
    require_transaction(using)
    for found in shape.instances(pk, using=using):
        return found
    raise model.DoesNotExist(f"{model.__name__} matching query does not exist.")


def lock_request(pk: int) -> ServiceRequest:
    """The request, locked until the end of the transaction (call inside ``atomic``)."""
    return locked_row(_REQUEST_LOCK, ServiceRequest, pk)


def lock_job(pk: int) -> Job:
    """The job, locked with its request (request first, the order every writer follows)."""
    using = Job.objects.db
    require_transaction(using)
    for service_request in _REQUEST_OF_JOB_LOCK.instances(pk, using=using):
        for job in _JOB_LOCK.instances(pk, using=using):
            job.request = service_request
            job.season = service_request.season
            return job
    raise Job.DoesNotExist("Job matching query does not exist.")


def event_log(
    *,
    service_request: ServiceRequest,
    kind: str,
    actor: User | None = None,
    by_resident: bool = False,
    job: Job | None = None,
    message: str = "",
    data: dict | None = None,
    is_public: bool = True,
    status_before: str = "",
    status_after: str = "",
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=service_request,
        kind=kind,
        actor=actor,
        by_resident=by_resident,
        job=job,
        message=message,
        data=data or {},
        is_public=is_public,
        status_before=status_before or service_request.status,
        status_after=status_after or service_request.status,
    )


def request_transition(
    *,
    service_request: ServiceRequest,
    to: str,
    kind: str,
    by: User | None = None,
    by_resident: bool = False,
    job: Job | None = None,
    message: str = "",
    data: dict | None = None,
    is_public: bool = True,
) -> RequestEvent:
    """Move a request locked by the caller to ``to`` and log it as a ``kind`` event.

    Raises ``DomainError`` for a move the table does not allow or an archived season.
    """
    ensure_season_open(service_request.season)
    before = service_request.status
    ensure_request_transition(before, to)
    service_request.status = to
    service_request.status_changed_at = timezone.now()
    service_request.save(update_fields=["status", "status_changed_at", "updated_at"])
    return event_log(
        service_request=service_request,
        kind=kind,
        actor=by,
        by_resident=by_resident,
        job=job,
        message=message,
        data=data,
        is_public=is_public,
        status_before=before,
        status_after=to,
    )


def request_sync_with_jobs(
    *,
    service_request: ServiceRequest,
    kind: str,
    by: User | None,
    job: Job,
    message: str = "",
    is_public: bool = True,
) -> RequestEvent:
    """Log ``kind`` for ``job`` and move the (locked) request to the status its jobs give it."""
    statuses = list(service_request.jobs.values_list("status", flat=True))
    target = derive_request_status(service_request.status, statuses)
    if target != service_request.status:
        event = request_transition(
            service_request=service_request,
            to=target,
            kind=kind,
            by=by,
            job=job,
            message=message,
            data=job_facts(job),
            is_public=is_public,
        )
    else:
        event = event_log(
            service_request=service_request,
            kind=kind,
            actor=by,
            job=job,
            message=message,
            data=job_facts(job),
            is_public=is_public,
        )
    if event.status_after == R.DONE and event.status_before != R.DONE:
        notify.request_done(service_request)
    return event


def _move_job(job: Job, to: str, reason: str) -> None:
    """Check and write a locked job's move (no event, no request sync)."""
    ensure_job_transition(job.status, to)
    if to == J.DONE and not job.has_started():
        raise DomainError(
            _("A job can be marked done only once it has started (%(when)s).")
            % {"when": job_when(job)},
            code="job_not_started",
        )
    job.status = to
    job.status_changed_at = timezone.now()
    job.revision += 1
    if to == J.CANCELLED:
        job.cancel_reason = reason
    job.save(
        update_fields=["status", "status_changed_at", "cancel_reason", "revision", "updated_at"]
    )
    if to in (J.DONE, J.CANCELLED):
        _close_team_requests(job, to)


def _close_team_requests(job: Job, to: str) -> None:
    """A job done or cancelled takes no more claims: those still waiting get a "no", and the
    open replacement requests close. The team itself stays as it was, for the record."""
    now = timezone.now()
    note = _("The job is cancelled.") if to == J.CANCELLED else _("The job is done.")
    waiting = Claim.objects.filter(job=job, status=ClaimStatus.PENDING)
    members = list(waiting.values_list("member_id", flat=True))
    waiting.update(status=ClaimStatus.REJECTED, decided_at=now, decision_note=note)
    tally_refresh(season_id=job.season_id, member_ids=members)  # no receiver sees an update
    Replacement.objects.filter(claim__job=job, status=ReplacementStatus.OPEN).update(
        status=ReplacementStatus.CLOSED, closed_at=now
    )


def job_transition(
    *,
    job: Job,
    to: str,
    by: User | None = None,
    reason: str = "",
    notify_resident: bool = True,
) -> Job:
    """Move ``job`` to ``to`` (open, staffed, done or cancelled), or raise ``DomainError``.

    Locks the request and the job, checks the move against ``JOB_FLOW`` (and that a job is
    marked done only once it has started), logs it, moves the request along (scheduled, done,
    back to accepted) and emails the resident when a job is cancelled or the work is done.
    Safe to call inside the caller's transaction; returns the locked, updated job (the ``job``
    passed in gets the new status too).
    """
    with transaction.atomic():
        locked = lock_job(job.pk)
        ensure_season_open(locked.season)
        team = notify.team_emails(locked) if to == J.CANCELLED else []
        _move_job(locked, to, reason)
        kind, is_public = _JOB_EVENTS[to]
        request_sync_with_jobs(
            service_request=locked.request,
            kind=kind,
            by=by,
            job=locked,
            message=reason,
            is_public=is_public,
        )
        if to == J.CANCELLED and notify_resident:
            notify.job_cancelled(locked, reason)
        if to == J.CANCELLED:
            notify.team_job_cancelled(locked, reason, team)
    job.status = locked.status
    job.status_changed_at = locked.status_changed_at
    job.cancel_reason = locked.cancel_reason
    job.revision = locked.revision
    return locked


def jobs_cancel(
    *, service_request: ServiceRequest, jobs: Iterable[Job], by: User | None, reason: str
) -> None:
    """Cancel jobs (locked by the caller) of a request that is being cancelled as a whole: each
    move is checked and logged, and the request's own move is left to the caller."""
    for job in jobs:
        team = notify.team_emails(job)
        _move_job(job, J.CANCELLED, reason)
        notify.team_job_cancelled(job, reason, team)
        event_log(
            service_request=service_request,
            kind=EventKind.JOB_CANCELLED,
            actor=by,
            job=job,
            message=reason,
            data=job_facts(job),
        )
