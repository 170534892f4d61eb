"""Claims, approvals and direct assignments: who is on a job's team.

Every operation that puts a member on a job locks the job's row (``transitions.lock_job``: the
request first, then the job, the order every writer follows), counts the seats, then locks the
member's own row before reading what the member already has on, and asks ``services.rules``.
Two members racing for the last seat, or one member racing for two overlapping jobs, are thus
served one after the other by the database. A unique constraint keeps one live claim per member
and job whatever happens.

Each refusal is a ``DomainError`` whose message names the rule. Emails go after commit
(``services.notify``); the job's status follows its team through ``transitions.job_transition``
(staffed when the approved members fill the seats, open again when a seat frees).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cjs.db import QueryShape
from cjs.errors import DomainError
from members.models import Cooperative, User
from services import notify, queries, rules
from services.actions.team import (
    check_member,
    ensure_job_active,
    ensure_not_on_job,
    ensure_not_self,
    ensure_open_for_team,
    future_claims,
    job_staffing_sync,
    lock_claim,
    lock_member,
    record_decision,
    record_replacement_end,
    replacements_close,
    taken_seats,
)
from services.actions.transitions import lock_job
from services.models import (
    LIVE_CLAIM_STATUSES,
    STANDING_REJECTION,
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
)

# A job's claims counted for a member tapping it, compiled once per process (``QueryShape``):
# a job released to thirty members at once is asked thirty times in the same second. The
# member's id is given twice, once for each count that reads it (a shape's value is used once).
_CLAIM_COUNTS = QueryShape(
    lambda job, member, member_again: (
        Claim.objects.filter(job_id=job)
        .order_by()
        .values("job_id")
        .annotate(
            live=Count("pk", filter=Q(member_id=member, status__in=LIVE_CLAIM_STATUSES)),
            turned_down=Count("pk", filter=Q(member_id=member_again) & STANDING_REJECTION),
            taken=Count("pk", filter=TAKES_A_SEAT),
        )
        .values_list("live", "turned_down", "taken")
    ),
    int,
    int,
    int,
)


def claim_counts(job_pk: int, member_pk: int) -> dict[str, int]:
    """The member's live claims on the job, the member's standing rejections there, and the
    seats its claims take (no claim yet: no row, all 0)."""
    for live, turned_down, taken in _CLAIM_COUNTS.rows(job_pk, member_pk, member_pk):
        return {"live": live, "turned_down": turned_down, "taken": taken}
    return {"live": 0, "turned_down": 0, "taken": 0}


def job_claim(*, job: Job, member: User, now: dt.datetime | None = None) -> Claim:
    """A member asks for a seat on an open job; an approver decides."""
    now = now or timezone.now()
    with transaction.atomic():
        job = lock_job(job.pk)
        ensure_open_for_team(job, now)
        if job.status != JobStatus.OPEN or job.has_started(now):
            raise DomainError(_("Refused: this job no longer takes claims."), code="not_open")
        # The member's claims and the seats taken, counted in one query (under the job's
        # lock: nobody changes them until this transaction ends).
        counts = claim_counts(job.pk, member.pk)
        if counts["live"]:
            raise DomainError(_("You already asked for this job."), code="already_claimed")
        if counts["turned_down"]:
            raise DomainError(
                _(
                    "Refused: you were not retained for this job; you may ask again if its "
                    "date, times or seats change."
                ),
                code="not_retained",
            )
        # The seats first: a job released to many members refuses most of them for this,
        # from the counts alone, before the cooperative's settings are read.
        refusal = rules.seats_refusal(seats=job.seats, taken=counts["taken"])
        if refusal:
            raise DomainError(refusal.message, code=refusal.rule)
        cooperative = Cooperative.load()
        head_start = queries.HeadStart(cooperative, job.season, now)
        if head_start.running(job) and not head_start.includes(member.pk, job.seats):
            raise DomainError(
                _(
                    "Refused: this new job is open first to the members who have worked the "
                    "fewest hours, until %(time)s (fair head start of the cooperative)."
                )
                % {"time": timezone.localtime(head_start.ends(job)).strftime("%H:%M")},
                code="head_start",
            )
        member = lock_member(member.pk)
        check_member(job, member, RuleBook(cooperative, [job.date]))
        return Claim.objects.create(job=job, member=member, created_at=now)


def claim_withdraw(*, claim: Claim, by: User) -> Claim:
    """The member withdraws a claim still waiting for an answer."""
    with transaction.atomic():
        _job, claim = lock_claim(
            claim, own_by=by, message=_("Only the member who asked can withdraw.")
        )
        if not claim.is_pending:
            raise DomainError(
                _(
                    "Only a claim waiting for an answer can be withdrawn; once on the team, ask "
                    "for a replacement."
                ),
                code="not_pending",
            )
        record_decision(claim, ClaimStatus.WITHDRAWN, by)
    return claim


def claim_approve(*, claim: Claim, by: User) -> Claim:
    """Put the member who asked on the team (after the rules are checked again)."""
    with transaction.atomic():
        job, claim = lock_claim(claim)
        ensure_open_for_team(job)
        if not claim.is_pending:
            raise DomainError(
                _("This claim is no longer waiting (%(status)s).")
                % {"status": claim.get_status_display()},
                code="not_pending",
            )
        ensure_not_self(
            claim.member_id, by, _("Refused: another approver must decide about your own claim.")
        )
        book = RuleBook(Cooperative.load(), [job.date])
        replaced = None
        if claim.replacement_id:
            replacement = Replacement.objects.select_for_update(of=("self",)).get(
                pk=claim.replacement_id
            )
            if not replacement.is_open:
                raise DomainError(
                    _("This replacement is no longer needed."), code="replacement_closed"
                )
            replaced = Claim.objects.select_related("member").get(pk=replacement.claim_id)
        else:
            refusal = rules.seats_refusal(seats=job.seats, taken=job.claims.approved().count())
            if refusal:
                raise DomainError(refusal.message, code=refusal.rule)
        member = lock_member(claim.member_id)
        check_member(job, member, book, by=by)
        record_decision(claim, ClaimStatus.APPROVED, by)
        if replaced is not None:
            record_decision(replaced, ClaimStatus.REPLACED, by)
            record_replacement_end(replacement, ReplacementStatus.FILLED)
            notify.replacement_done(replaced, member)
        notify.claim_approved(claim)
        job_staffing_sync(job=job, by=by)
    return claim


def claim_reject(*, claim: Claim, by: User, reason: str = "") -> Claim:
    """Say no to a claim waiting, or take a member off the team (the seat frees)."""
    with transaction.atomic():
        job, claim = lock_claim(claim)
        if claim.status not in (ClaimStatus.PENDING, ClaimStatus.APPROVED):
            raise DomainError(
                _("This member is not on this job (%(status)s).")
                % {"status": claim.get_status_display()},
                code="not_live",
            )
        ensure_job_active(job)
        ensure_not_self(
            claim.member_id, by, _("Refused: another approver must decide about your own claim.")
        )
        was_on_team = claim.is_approved
        record_decision(claim, ClaimStatus.REJECTED, by, reason.strip())
        if was_on_team:
            replacements_close(claim, by)
        notify.claim_rejected(claim, was_on_team=was_on_team)
        if was_on_team:
            job_staffing_sync(job=job, by=by)
    return claim


def claims_approve(*, claims: Iterable[Claim], by: User) -> tuple[list[Claim], list[str]]:
    """Approve several claims, each on its own: returns the approved ones and, for the others,
    the rule that refused them (naming the member)."""
    approved, refused = [], []
    for claim in claims:
        try:
            approved.append(claim_approve(claim=claim, by=by))
        except DomainError as error:
            refused.append(
                _("%(name)s: %(reason)s") % {"name": claim.member, "reason": error.message}
            )
    return approved, refused


def job_assign(*, job: Job, member: User, by: User) -> Claim:
    """Put a member on the team directly (the same rules, no head start). A claim of theirs
    waiting for an answer is approved."""
    waiting = Claim.objects.filter(job=job, member=member, status=ClaimStatus.PENDING).first()
    if waiting is not None:
        return claim_approve(claim=waiting, by=by)
    with transaction.atomic():
        job = lock_job(job.pk)
        ensure_open_for_team(job)
        ensure_not_self(member.pk, by, _("Refused: another approver must put you on a team."))
        ensure_not_on_job(
            job, member, _("%(name)s is already on this job.") % {"name": member}, "already_on_team"
        )
        refusal = rules.seats_refusal(seats=job.seats, taken=taken_seats(job))
        if refusal:
            raise DomainError(refusal.message, code=refusal.rule)
        locked = lock_member(member.pk)
        check_member(job, locked, RuleBook(Cooperative.load(), [job.date]), by=by, name=True)
        now = timezone.now()
        claim = Claim.objects.create(
            job=job,
            member=locked,
            status=ClaimStatus.APPROVED,
            assigned_by=by,
            decided_by=by,
            decided_at=now,
            created_at=now,
        )
        notify.claim_approved(claim)
        job_staffing_sync(job=job, by=by)
    return claim


def member_claims_release(*, member: User, after: dt.date, by: User | None) -> int:
    """A member leaves the cooperative: every seat they held or asked for on a job after
    ``after`` is freed (the job opens again and its team is told). Returns how many."""
    released = 0
    for claim in future_claims(member, after).order_by("job__date", "pk"):
        job, claim = lock_claim(claim)
        if claim.status not in LIVE_CLAIM_STATUSES:
            continue  # decided meanwhile
        was_on_team = claim.is_approved
        record_decision(claim, ClaimStatus.WITHDRAWN, by, _("The member left the cooperative."))
        if was_on_team:
            replacements_close(claim, by)
            job_staffing_sync(job=job, by=by)
        released += 1
    return released


def member_claims_check(*, member: User, after: dt.date) -> None:
    """Refuse a departure while the member still holds a seat after ``after``."""
    if future_claims(member, after).exists():
        raise DomainError(
            _("%(member)s asked for a job at the same moment: reload the page and try again.")
            % {"member": member},
            code="claimed_meanwhile",
        )


def team_fit(*, job: Job, by: User, moved: bool) -> list[str]:
    """After a change of a (locked) job: refuse fewer seats than members on the team, say no
    to the latest claims waiting beyond the seats, and check everyone again at the new time.
    Returns the emails of the team to tell when the job moved."""
    approved = job.claims.approved().count()
    if job.seats < approved:
        raise DomainError(
            ngettext(
                "Refused: %(count)d member is already on the team; take them off the team "
                "before lowering the seats.",
                "Refused: %(count)d members are already on the team; take some off the team "
                "before lowering the seats.",
                approved,
            )
            % {"count": approved},
            code="seats_below_team",
        )
    waiting = list(
        job.claims.filter(status=ClaimStatus.PENDING, replacement__isnull=True)
        .select_related("member")
        .order_by("-created_at", "-pk")
    )
    for claim in waiting[: max(0, approved + len(waiting) - job.seats)]:
        record_decision(
            claim, ClaimStatus.REJECTED, by, _("There are fewer seats on this job now.")
        )
        claim.job = job
        notify.claim_rejected(claim, was_on_team=False)
    live = list(job.claims.live().order_by("member_id").values_list("member_id", flat=True))
    book = RuleBook(Cooperative.load(), [job.date])
    for member_id in live:
        check_member(job, lock_member(member_id), book, by=by, name=True)
    if moved:
        job.claims.live().update(reminded_at=None)
    job_staffing_sync(job=job, by=by)
    return notify.team_emails(job) if moved else []
