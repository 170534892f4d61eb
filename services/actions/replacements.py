"""A member on a team who can't make it: teammates are asked, one offers, an approver decides."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.models import Cooperative, User
from services import notify
from services.actions.claims import claim_approve
from services.actions.team import (
    check_member,
    ensure_not_on_job,
    ensure_not_self,
    ensure_open_for_team,
    lock_claim,
    lock_member,
    record_decision,
    record_replacement_end,
)
from services.actions.transitions import lock_job
from services.models import (
    Claim,
    ClaimStatus,
    Job,
    Replacement,
    ReplacementStatus,
)
from services.queries import (
    RuleBook,
    replacement_candidates,
)
from services.rules import (
    ensure_season_open,
)


def replacement_ask(*, claim: Claim, by: User, reason: str = "") -> Replacement:
    """A member on the team can't make it: teammates who could come are asked by email. The
    member stays on the team until an offer is approved."""
    with transaction.atomic():
        job, claim = lock_claim(claim, own_by=by, message=_("Only the member on the team can ask."))
        ensure_open_for_team(job)
        if not claim.is_approved:
            raise DomainError(
                _("Only a member on the team can ask for a replacement."), code="not_on_team"
            )
        if job.has_started():
            raise DomainError(
                _("The job has started: call a youth leader."), code="already_started"
            )
        if Replacement.objects.filter(claim=claim, status=ReplacementStatus.OPEN).exists():
            raise DomainError(
                _("You already asked for a replacement for this job."), code="already_asked"
            )
        replacement = Replacement.objects.create(claim=claim, reason=reason.strip())
        replacement.claim.job = job
        emails = [m.email for m in replacement_candidates(job) if m.email]
        notify.replacement_wanted(replacement, emails)
    return replacement


def replacement_cancel(*, replacement: Replacement, by: User) -> Replacement:
    """The member can come after all."""
    with transaction.atomic():
        job = lock_job(replacement.claim.job_id)
        ensure_season_open(job.season)
        replacement = Replacement.objects.select_for_update(of=("self",)).get(pk=replacement.pk)
        if replacement.claim.member_id != by.pk:
            raise DomainError(_("Only the member who asked can withdraw it."), code="not_yours")
        if not replacement.is_open:
            raise DomainError(_("This replacement is no longer open."), code="closed")
        record_replacement_end(replacement, ReplacementStatus.CANCELLED)
        for offer in replacement.offers.filter(status=ClaimStatus.PENDING):
            record_decision(offer, ClaimStatus.REJECTED, by, _("The member can come after all."))
    return replacement


def _lock_job(replacement: Replacement) -> Job:
    job = lock_job(replacement.claim.job_id)
    ensure_open_for_team(job)
    return job


def _lock_open(replacement: Replacement, job: Job) -> Replacement:
    """The replacement, locked; refused once it is filled or closed or its (locked) job has
    started."""
    replacement = (
        Replacement.objects.select_for_update(of=("self",))
        .select_related("claim__member")
        .get(pk=replacement.pk)
    )
    if not replacement.is_open:
        raise DomainError(_("This replacement is no longer needed."), code="replacement_closed")
    if job.has_started():
        raise DomainError(_("Refused: this job has started."), code="already_started")
    return replacement


def replacement_take(*, replacement: Replacement, member: User) -> Claim:
    """A teammate offers to take the seat; an approver decides, as for any claim."""
    with transaction.atomic():
        job = _lock_job(replacement)
        replacement = _lock_open(replacement, job)
        ensure_not_on_job(job, member, _("You are already on this job."), "already_claimed")
        if replacement.offers.filter(status=ClaimStatus.PENDING).exists():
            raise DomainError(
                _("Someone already offered to take this seat: the approvers will answer soon."),
                code="already_offered",
            )
        locked = lock_member(member.pk)
        check_member(job, locked, RuleBook(Cooperative.load(), [job.date]))
        return Claim.objects.create(job=job, member=locked, replacement=replacement)


def replacement_assign(*, replacement: Replacement, member: User, by: User) -> Claim:
    """An approver puts ``member`` in the seat of the member who can't make it (the same
    rules as any assignment); the member who asked is off the team, both are told."""
    with transaction.atomic():
        job = _lock_job(replacement)
        ensure_not_self(member.pk, by, _("Refused: another approver must put you on a team."))
        replacement = _lock_open(replacement, job)
        ensure_not_on_job(
            job, member, _("%(name)s is already on this job.") % {"name": member}, "already_on_team"
        )
        offer = replacement.offers.filter(status=ClaimStatus.PENDING).select_related("member")
        offer = offer.first()
        if offer is not None:
            raise DomainError(
                _("%(name)s already offered to take this seat: answer their offer first.")
                % {"name": offer.member},
                code="already_offered",
            )
        locked = lock_member(member.pk)
        check_member(job, locked, RuleBook(Cooperative.load(), [job.date]), by=by, name=True)
        claim = Claim.objects.create(
            job=job, member=locked, replacement=replacement, assigned_by=by
        )
        return claim_approve(claim=claim, by=by)
