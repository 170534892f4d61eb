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
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from services import notify
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

if TYPE_CHECKING:
    from members.models import Season, User

R = RequestStatus
J = JobStatus

REQUEST_FLOW: dict[str, frozenset[str]] = {
    R.NEW: frozenset({R.QUOTED, R.DECLINED, R.CANCELLED}),
    # quoted -> quoted: a new quote replaces the one waiting for the resident.
    R.QUOTED: frozenset({R.QUOTED, R.NEW, R.ACCEPTED, R.DECLINED, R.CANCELLED}),
    R.ACCEPTED: frozenset({R.SCHEDULED, R.CANCELLED}),
    R.SCHEDULED: frozenset({R.ACCEPTED, R.DONE, R.CANCELLED}),
    R.DONE: frozenset(),
    R.CANCELLED: frozenset(),
    R.DECLINED: frozenset(),
}

# Requests that may be turned into (more) jobs.
PLANNABLE_STATUSES = frozenset({R.ACCEPTED, R.SCHEDULED})

JOB_FLOW: dict[str, frozenset[str]] = {
    J.OPEN: frozenset({J.STAFFED, J.DONE, J.CANCELLED}),
    J.STAFFED: frozenset({J.OPEN, J.DONE, J.CANCELLED}),
    J.DONE: frozenset(),
    J.CANCELLED: frozenset(),
}

# Which event a job's move writes in the request's history, and whether the resident sees it.
_JOB_EVENTS: dict[str, tuple[str, bool]] = {
    J.STAFFED: (EventKind.JOB_STAFFED, True),
    J.OPEN: (EventKind.JOB_REOPENED, False),
    J.DONE: (EventKind.JOB_DONE, True),
    J.CANCELLED: (EventKind.JOB_CANCELLED, True),
}


def ensure_request_transition(current: str, target: str) -> None:
    """Raise ``DomainError`` unless the request may go from ``current`` to ``target``."""
    if target in REQUEST_FLOW[current]:
        return
    if not REQUEST_FLOW[current]:
        raise DomainError(
            _("This request is closed (%(status)s): it can no longer change.")
            % {"status": R(current).label},
            code="request_closed",
        )
    raise DomainError(
        _("A request that is “%(current)s” cannot become “%(target)s”.")
        % {"current": R(current).label, "target": R(target).label},
        code="impossible_transition",
    )


def ensure_job_transition(current: str, target: str) -> None:
    """Raise ``DomainError`` unless the job may go from ``current`` to ``target``."""
    if target in JOB_FLOW[current]:
        return
    if not JOB_FLOW[current]:
        raise DomainError(
            _("This job is closed (%(status)s): it can no longer change.")
            % {"status": J(current).label},
            code="job_closed",
        )
    raise DomainError(
        _("A job that is “%(current)s” cannot become “%(target)s”.")
        % {"current": J(current).label, "target": J(target).label},
        code="impossible_transition",
    )


def ensure_season_open(season: Season) -> None:
    """Archived seasons are read-only."""
    if season.is_archived:
        raise DomainError(
            _("%(season)s is archived: its requests and jobs can no longer change.")
            % {"season": season},
            code="season_archived",
        )


def derive_request_status(current: str, job_statuses: Iterable[str]) -> str:
    """The status an accepted or scheduled request takes from its jobs' statuses.

    No live job (none, or all cancelled): accepted, to be planned again. Every live job done:
    done. Otherwise scheduled. Requests in any other status do not follow their jobs.
    """
    if current not in (R.ACCEPTED, R.SCHEDULED):
        return current
    live = [status for status in job_statuses if status != J.CANCELLED]
    if not live:
        return R.ACCEPTED
    if all(status == J.DONE for status in live):
        return R.DONE
    return R.SCHEDULED


def lock_request(pk: int) -> ServiceRequest:
    """The request, locked until the end of the transaction (call inside ``atomic``)."""
    return (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("season", "service")
        .get(pk=pk)
    )


def lock_job(pk: int) -> Job:
    """The job, locked with its request (request first, the order every writer follows)."""
    request_id = Job.objects.values_list("request_id", flat=True).get(pk=pk)
    service_request = lock_request(request_id)
    job = Job.objects.select_for_update(of=("self",)).select_related("service").get(pk=pk)
    job.request = service_request
    job.season = service_request.season
    return job


def job_facts(job: Job) -> dict[str, str]:
    """What an event needs to describe a job later, in any language."""
    return {
        "date": job.date.isoformat(),
        "starts_at": job.starts_at.strftime("%H:%M"),
        "ends_at": job.ends_at.strftime("%H:%M"),
    }


def job_when(job: Job) -> str:
    """``"mardi 8 juillet, 9:00 – 12:00"`` in the active language."""
    return _("%(date)s, %(start)s – %(end)s") % {
        "date": date_format(job.date, "l j F"),
        "start": time_format(job.starts_at, "H:i"),
        "end": time_format(job.ends_at, "H:i"),
    }


def log_event(
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
    return log_event(
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


def sync_request_with_jobs(
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
        event = log_event(
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
    Claim.objects.filter(job=job, status=ClaimStatus.PENDING).update(
        status=ClaimStatus.REJECTED, decided_at=now, decision_note=note
    )
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
        sync_request_with_jobs(
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


def cancel_jobs(
    *, service_request: ServiceRequest, jobs: Iterable[Job], by: User | None, reason: str
) -> None:
    """Cancel jobs (locked by the caller) of a request that is being cancelled as a whole: each
    move is checked and logged, and the request's own move is left to the caller."""
    for job in jobs:
        team = notify.team_emails(job)
        _move_job(job, J.CANCELLED, reason)
        notify.team_job_cancelled(job, reason, team)
        log_event(
            service_request=service_request,
            kind=EventKind.JOB_CANCELLED,
            actor=by,
            job=job,
            message=reason,
            data=job_facts(job),
        )
