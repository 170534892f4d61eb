"""What every write on a job's team shares: the locks (the request first, then the job, then
the claim, then the member), the checks against the rules, a decision written on a claim,
and the job's status following its team.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs.db import QueryShape
from cjs.errors import DomainError
from members.models import User
from services.actions.transitions import job_transition, lock_job, locked_row
from services.models import (
    ACTIVE_JOB_STATUSES,
    TAKES_A_SEAT,
    Claim,
    ClaimStatus,
    Job,
    JobStatus,
    Replacement,
    ReplacementStatus,
)
from services.queries import (
    RuleBook,
    around,
    member_facts,
    needed_skills,
    needs_of_card,
    readable_by,
)
from services.rules import (
    ensure_season_open,
)

# The member's row locked, its SQL compiled once per process (``QueryShape``): a claim, a
# decision or an assignment locks it at every tap.
_MEMBER_LOCK = QueryShape(
    lambda pk: User.objects.select_for_update(of=("self",)).filter(pk=pk), int
)


def lock_member(pk: int) -> User:
    """The member's row, locked until the end of the transaction (the rules read their work
    facts afresh after it: ``check_member``)."""
    return locked_row(_MEMBER_LOCK, User, pk)


def lock_member_with_facts(pk: int) -> User:
    """The member's row locked, with the work facts loaded on the user (``HoursCheck``)."""
    return User.objects.select_for_update(of=("self",)).with_work_facts().get(pk=pk)


def check_member(
    job: Job, member: User, book: RuleBook, *, by: User | None = None, name: bool = False
) -> None:
    """Raise the first rule the member's place on the (locked) job would break, as ``by``
    may read it (the member themselves when ``by`` is not given). The member's facts, their
    other jobs around it and the skills the job needs are read as the job board reads them
    for its cards, by SQL compiled once: the tap and the card it answers agree."""
    facts = member_facts(member.pk, *around(job.date))
    slots = [slot for slot in facts.slots if slot.job_id != job.pk]
    needs = needs_of_card(job, needed_skills([job.pk])[job.pk])
    refusal = book.first(facts.worker(job.date, slots), needs)
    if refusal is not None:
        message = readable_by(refusal, by, member.pk)
        if name:
            message = _("%(name)s: %(reason)s") % {"name": member, "reason": message}
        raise DomainError(message, code=refusal.rule)


def taken_seats(job: Job) -> int:
    return job.claims.filter(TAKES_A_SEAT).count()


def ensure_job_active(job: Job) -> None:
    """A job done or cancelled takes no team changes."""
    if not job.is_active:
        raise DomainError(
            _("Refused: this job is %(status)s.") % {"status": job.get_status_display()},
            code="job_closed",
        )


def ensure_open_for_team(job: Job, now: dt.datetime | None = None) -> None:
    ensure_season_open(job.season)
    ensure_job_active(job)
    if job.is_over(now):
        raise DomainError(_("Refused: this job is over."), code="job_over")


def ensure_not_self(claim_member_id: int, by: User, message: str) -> None:
    """Members holding a delegated capability do not decide about themselves."""
    if by.pk == claim_member_id and not by.is_leader:
        raise DomainError(message, code="own_claim")


def job_staffing_sync(*, job: Job, by: User | None) -> Job:
    """Staffed when the approved members fill the seats, open again when a seat frees."""
    approved = job.claims.approved().count()
    if job.status == JobStatus.OPEN and approved >= job.seats:
        return job_transition(job=job, to=JobStatus.STAFFED, by=by)
    if job.status == JobStatus.STAFFED and approved < job.seats:
        return job_transition(job=job, to=JobStatus.OPEN, by=by)
    return job


def lock_claim(claim: Claim, *, own_by: User | None = None, message: str = "") -> tuple[Job, Claim]:
    """The claim's job (locked the way every writer locks it) and the claim itself, locked.
    With ``own_by``, only that member's own claim is accepted (``message`` otherwise)."""
    job = lock_job(claim.job_id)
    ensure_season_open(job.season)
    claim = Claim.objects.select_for_update(of=("self",)).select_related("member").get(pk=claim.pk)
    if own_by is not None and claim.member_id != own_by.pk:
        raise DomainError(message, code="not_yours")
    claim.job = job
    return job, claim


def record_decision(claim: Claim, status: str, by: User | None, note: str = "") -> None:
    claim.status = status
    claim.decided_at = timezone.now()
    claim.decided_by = by
    claim.decision_note = note
    claim._change_reason = note  # the reason shown in the audit trail
    claim.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])


def ensure_not_on_job(job: Job, member: User, message: str, code: str) -> None:
    if job.claims.live().filter(member=member).exists():
        raise DomainError(message, code=code)


def record_replacement_end(replacement: Replacement, status: str) -> None:
    """An open replacement request ends: filled, cancelled or closed."""
    replacement.status = status
    replacement.closed_at = timezone.now()
    replacement.save(update_fields=["status", "closed_at"])


def replacements_close(claim: Claim, by: User | None) -> None:
    """The member left the team another way: their open request and its offer close."""
    for replacement in Replacement.objects.filter(claim=claim, status=ReplacementStatus.OPEN):
        record_replacement_end(replacement, ReplacementStatus.CLOSED)
        for offer in replacement.offers.filter(status=ClaimStatus.PENDING):
            record_decision(
                offer, ClaimStatus.REJECTED, by, _("The replacement is no longer needed.")
            )


def future_claims(member: User, after: dt.date) -> QuerySet[Claim]:
    return Claim.objects.live().filter(
        member=member, job__date__gt=after, job__status__in=ACTIVE_JOB_STATUSES
    )
