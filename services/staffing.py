"""Business operations on the teams of jobs: claims, approvals, direct assignments,
replacements, hours and reminders (the jobs half of ``services.actions``).

Every operation that puts a member on a job locks the job's row (``workflow.lock_job``: the
request first, then the job, the order every writer follows), counts the seats, then locks the
member's own row before reading what the member already has on, and asks ``services.rules``.
Two members racing for the last seat, or one member racing for two overlapping jobs, are thus
served one after the other by the database. A unique constraint keeps one live claim per member
and job whatever happens.

Each refusal is a ``DomainError`` whose message names the rule. Emails go after commit
(``services.notify``); the job's status follows its team through ``workflow.job_transition``
(staffed when the approved members fill the seats, open again when a seat frees).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.models import Cooperative, Season, User
from services import notify, queries, rules
from services.models import (
    ACTIVE_JOB_STATUSES,
    LIVE_CLAIM_STATUSES,
    TAKES_A_SEAT,
    Claim,
    ClaimStatus,
    Job,
    JobStatus,
    Replacement,
    ReplacementStatus,
    Timesheet,
    hours_between,
)
from services.workflow import ensure_season_open, job_transition, lock_job

# A reminder goes out the day before a job, from this hour on (the hourly command).
REMINDER_FROM_HOUR = 8


# Gathering the rules' data ------------------------------------------------------------------


def minor_limits(cooperative: Cooperative) -> rules.MinorLimits:
    return rules.MinorLimits(
        max_hours_per_day=cooperative.minor_max_hours_per_day,
        max_hours_per_week=cooperative.minor_max_hours_per_week,
        min_daily_rest_hours=cooperative.minor_min_daily_rest_hours,
        min_consecutive_rest_days=cooperative.minor_min_consecutive_rest_days,
        night_start=cooperative.minor_night_start,
        night_end=cooperative.minor_night_end,
        no_public_holidays=cooperative.minor_no_public_holidays,
        break_after_minutes=cooperative.minor_break_after_minutes,
        break_minutes=cooperative.minor_break_minutes,
    )


# The ``holidays`` package's name of each language of the site.
HOLIDAY_LANGUAGES = {"fr": "fr", "en": "en_US"}


@functools.lru_cache(maxsize=32)
def _holidays_of(country: str, year: int, language: str) -> dict[dt.date, str]:
    import holidays

    if country == Cooperative.Country.QUEBEC:
        days = holidays.country_holidays("CA", subdiv="QC", years=year, language=language)
    else:
        days = holidays.country_holidays("FR", years=year, language=language)
    return dict(days.items())


def public_holidays(cooperative: Cooperative, days: Iterable[dt.date]) -> dict[dt.date, str]:
    """The public holidays of the cooperative's country in the years of ``days``, named in
    the active language."""
    language = HOLIDAY_LANGUAGES.get(get_language() or "fr", "fr")
    found: dict[dt.date, str] = {}
    for year in sorted({day.year for day in days}):
        found.update(_holidays_of(cooperative.country, year, language))
    return found


def needs_of(job: Job) -> rules.JobNeeds:
    return rules.JobNeeds(
        slot=queries.slot_of(job),
        skills=tuple(
            rules.NeededSkill(skill.pk, skill.name, skill.requires_certificate)
            for skill in job.skills.all()
        ),
        minimum_age=job.service.minimum_age,
    )


def worker_of(user: User, day: dt.date, slots: Iterable[rules.Slot] = ()) -> rules.Worker:
    """The member as the rules see them on ``day`` (load users ``with_work_facts()``)."""
    profile = user.member_profile
    held = (
        frozenset(held.skill_id for held in user.member_skills.all() if held.is_valid_on(day))
        if profile
        else frozenset()
    )
    refusal = user.work_refusal_on(day)
    return rules.Worker(
        member_id=user.pk,
        refusal=refusal,
        refusal_private=bool(refusal and profile and refusal == profile.clearance_problem_on(day)),
        age=user.age_on(day),
        is_minor=user.is_minor_on(day),
        skills=held,
        slots=tuple(slots),
    )


def around(day: dt.date) -> tuple[dt.date, dt.date]:
    """The dates whose jobs the rules of a job on ``day`` read (its week and the neighbours)."""
    return day - dt.timedelta(days=7), day + dt.timedelta(days=7)


class RuleBook:
    """The rules' settings for one page or action: the cooperative's limits and holidays."""

    def __init__(self, cooperative: Cooperative, days: Iterable[dt.date] = ()) -> None:
        self.limits = minor_limits(cooperative)
        self.cooperative = cooperative
        self._holidays: dict[dt.date, str] = {}
        self._years: set[int] = set()
        self.extend(days)

    def extend(self, days: Iterable[dt.date]) -> None:
        days = [day for day in days if day.year not in self._years]
        if days:
            self._holidays.update(public_holidays(self.cooperative, days))
            self._years.update(day.year for day in days)

    @property
    def holidays(self) -> Mapping[dt.date, str]:
        return self._holidays

    def refusals(self, worker: rules.Worker, needs: rules.JobNeeds) -> list[rules.Refusal]:
        self.extend([needs.slot.date])
        return rules.refusals(worker, needs, self.limits, self._holidays)

    def first(self, worker: rules.Worker, needs: rules.JobNeeds) -> rules.Refusal | None:
        found = self.refusals(worker, needs)
        return found[0] if found else None

    def worked_refusals(self, worker: rules.Worker, slot: rules.Slot) -> list[rules.Refusal]:
        self.extend([slot.date])
        return rules.worked_refusals(worker, slot, self.limits, self._holidays)


def readable_by(
    refusal: rules.Refusal, viewer: User | None, member_id: int, *, neutral: str = ""
) -> str:
    """The refusal as ``viewer`` may read it. What tells about a minor (their age, their
    guardian's authorization, their working-time limits) is for the leaders and the member
    themselves; a member holding a delegated capability reads ``neutral`` instead: ask a
    youth leader. No viewer: the system itself (commands, the demo)."""
    if not refusal.private or viewer is None or viewer.reads_private_facts_of(member_id):
        return refusal.message
    return neutral or _("Refused: this member cannot work on this job; ask a youth leader why.")


def _lock_member(pk: int) -> User:
    """The member's row, locked until the end of the transaction, with the work facts."""
    return User.objects.select_for_update(of=("self",)).with_work_facts().get(pk=pk)


def _check_member(
    job: Job, member: User, book: RuleBook, *, by: User | None = None, name: bool = False
) -> None:
    """Raise the first rule the member's place on the (locked) job would break, as ``by``
    may read it (the member themselves when ``by`` is not given)."""
    first, last = around(job.date)
    slots = queries.commitments([member.pk], first, last, exclude_job=job.pk).get(member.pk, [])
    refusal = book.first(worker_of(member, job.date, slots), needs_of(job))
    if refusal is not None:
        message = readable_by(refusal, by, member.pk)
        if name:
            message = _("%(name)s: %(reason)s") % {"name": member, "reason": message}
        raise DomainError(message, code=refusal.rule)


def _taken_seats(job: Job) -> int:
    return job.claims.filter(TAKES_A_SEAT).count()


def _ensure_open_for_team(job: Job, now: dt.datetime | None = None) -> None:
    ensure_season_open(job.season)
    if not job.is_active:
        raise DomainError(
            _("Refused: this job is %(status)s.") % {"status": job.get_status_display()},
            code="job_closed",
        )
    if job.ends <= (now or timezone.now()):
        raise DomainError(_("Refused: this job is over."), code="job_over")


def _ensure_not_self(claim_member_id: int, by: User, message: str) -> None:
    """Members holding a delegated capability do not decide about themselves."""
    if by.pk == claim_member_id and not by.is_leader:
        raise DomainError(message, code="own_claim")


def sync_staffing(job: Job, by: User | None) -> Job:
    """Staffed when the approved members fill the seats, open again when a seat frees."""
    approved = job.claims.approved().count()
    if job.status == JobStatus.OPEN and approved >= job.seats:
        return job_transition(job=job, to=JobStatus.STAFFED, by=by)
    if job.status == JobStatus.STAFFED and approved < job.seats:
        return job_transition(job=job, to=JobStatus.OPEN, by=by)
    return job


def _lock_claim(
    claim: Claim, *, own_by: User | None = None, message: str = ""
) -> tuple[Job, Claim]:
    """The claim's job (locked the way every writer locks it) and the claim itself, locked.
    With ``own_by``, only that member's own claim is accepted (``message`` otherwise)."""
    job = lock_job(claim.job_id)
    ensure_season_open(job.season)
    claim = Claim.objects.select_for_update(of=("self",)).select_related("member").get(pk=claim.pk)
    if own_by is not None and claim.member_id != own_by.pk:
        raise DomainError(message, code="not_yours")
    claim.job = job
    return job, claim


def _decide(claim: Claim, status: str, by: User | None, note: str = "") -> None:
    claim.status = status
    claim.decided_at = timezone.now()
    claim.decided_by = by
    claim.decision_note = note
    claim.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])


# Members ---------------------------------------------------------------------------------


def job_claim(*, job: Job, member: User, now: dt.datetime | None = None) -> Claim:
    """A member asks for a seat on an open job; an approver decides."""
    now = now or timezone.now()
    with transaction.atomic():
        job = lock_job(job.pk)
        _ensure_open_for_team(job, now)
        if job.status != JobStatus.OPEN or job.has_started(now):
            raise DomainError(_("Refused: this job no longer takes claims."), code="not_open")
        if job.claims.live().filter(member=member).exists():
            raise DomainError(_("You already asked for this job."), code="already_claimed")
        if job.claims.standing_rejections().filter(member=member).exists():
            raise DomainError(
                _(
                    "Refused: you were not retained for this job; you may ask again if its "
                    "date, times or seats change."
                ),
                code="not_retained",
            )
        cooperative = Cooperative.load()
        head_start = queries.HeadStart(cooperative, job.season, now)
        if head_start.running(job) and member.pk not in head_start.circle(job):
            raise DomainError(
                _(
                    "Refused: this new job is open first to the members who have worked the "
                    "fewest hours, until %(time)s (fair head start of the cooperative)."
                )
                % {"time": timezone.localtime(head_start.ends(job)).strftime("%H:%M")},
                code="head_start",
            )
        refusal = rules.seats_refusal(seats=job.seats, taken=_taken_seats(job))
        if refusal:
            raise DomainError(refusal.message, code=refusal.rule)
        member = _lock_member(member.pk)
        _check_member(job, member, RuleBook(cooperative, [job.date]))
        return Claim.objects.create(job=job, member=member, created_at=now)


def claim_withdraw(*, claim: Claim, by: User) -> Claim:
    """The member withdraws a claim still waiting for an answer."""
    with transaction.atomic():
        _job, claim = _lock_claim(
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
        _decide(claim, ClaimStatus.WITHDRAWN, by)
    return claim


# Approvers -------------------------------------------------------------------------------


def claim_approve(*, claim: Claim, by: User) -> Claim:
    """Put the member who asked on the team (after the rules are checked again)."""
    with transaction.atomic():
        job, claim = _lock_claim(claim)
        _ensure_open_for_team(job)
        if not claim.is_pending:
            raise DomainError(
                _("This claim is no longer waiting (%(status)s).")
                % {"status": claim.get_status_display()},
                code="not_pending",
            )
        _ensure_not_self(
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
        member = _lock_member(claim.member_id)
        _check_member(job, member, book, by=by)
        _decide(claim, ClaimStatus.APPROVED, by)
        if replaced is not None:
            _decide(replaced, ClaimStatus.REPLACED, by)
            replacement.status = ReplacementStatus.FILLED
            replacement.closed_at = timezone.now()
            replacement.save(update_fields=["status", "closed_at"])
            notify.replacement_done(replaced, member)
        notify.claim_approved(claim)
        sync_staffing(job, by)
    return claim


def claim_reject(*, claim: Claim, by: User, reason: str = "") -> Claim:
    """Say no to a claim waiting, or take a member off the team (the seat frees)."""
    with transaction.atomic():
        job, claim = _lock_claim(claim)
        if claim.status not in (ClaimStatus.PENDING, ClaimStatus.APPROVED):
            raise DomainError(
                _("This member is not on this job (%(status)s).")
                % {"status": claim.get_status_display()},
                code="not_live",
            )
        if not job.is_active:
            raise DomainError(
                _("Refused: this job is %(status)s.") % {"status": job.get_status_display()},
                code="job_closed",
            )
        _ensure_not_self(
            claim.member_id, by, _("Refused: another approver must decide about your own claim.")
        )
        was_on_team = claim.is_approved
        _decide(claim, ClaimStatus.REJECTED, by, reason.strip())
        if was_on_team:
            _close_replacements(claim, by)
        notify.claim_rejected(claim, was_on_team=was_on_team)
        if was_on_team:
            sync_staffing(job, by)
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
        _ensure_open_for_team(job)
        _ensure_not_self(member.pk, by, _("Refused: another approver must put you on a team."))
        if job.claims.live().filter(member=member).exists():
            raise DomainError(
                _("%(name)s is already on this job.") % {"name": member}, code="already_on_team"
            )
        refusal = rules.seats_refusal(seats=job.seats, taken=_taken_seats(job))
        if refusal:
            raise DomainError(refusal.message, code=refusal.rule)
        locked = _lock_member(member.pk)
        _check_member(job, locked, RuleBook(Cooperative.load(), [job.date]), by=by, name=True)
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
        sync_staffing(job, by)
    return claim


# Can't make it --------------------------------------------------------------------------------


def _close_replacements(claim: Claim, by: User | None) -> None:
    """The member left the team another way: their open request and its offer close."""
    for replacement in Replacement.objects.filter(claim=claim, status=ReplacementStatus.OPEN):
        replacement.status = ReplacementStatus.CLOSED
        replacement.closed_at = timezone.now()
        replacement.save(update_fields=["status", "closed_at"])
        for offer in replacement.offers.filter(status=ClaimStatus.PENDING):
            _decide(offer, ClaimStatus.REJECTED, by, _("The replacement is no longer needed."))


def _future_claims(member: User, after: dt.date):
    return Claim.objects.live().filter(
        member=member, job__date__gt=after, job__status__in=ACTIVE_JOB_STATUSES
    )


def member_claims_release(*, member: User, after: dt.date, by: User | None) -> int:
    """A member leaves the cooperative: every seat they held or asked for on a job after
    ``after`` is freed (the job opens again and its team is told). Returns how many."""
    released = 0
    for claim in _future_claims(member, after).order_by("job__date", "pk"):
        job, claim = _lock_claim(claim)
        if claim.status not in LIVE_CLAIM_STATUSES:
            continue  # decided meanwhile
        was_on_team = claim.is_approved
        _decide(claim, ClaimStatus.WITHDRAWN, by, _("The member left the cooperative."))
        if was_on_team:
            _close_replacements(claim, by)
            sync_staffing(job, by)
        released += 1
    return released


def member_claims_check(*, member: User, after: dt.date) -> None:
    """Refuse a departure while the member still holds a seat after ``after``."""
    if _future_claims(member, after).exists():
        raise DomainError(
            _("%(member)s asked for a job at the same moment: reload the page and try again.")
            % {"member": member},
            code="claimed_meanwhile",
        )


def replacement_candidates(job: Job, *, exclude: Iterable[int] = ()) -> list[User]:
    """Members who could take a seat of ``job`` now: enrolled, cleared, free and within their
    limits. A fixed number of queries."""
    on_job = set(job.claims.live().values_list("member_id", flat=True)) | set(exclude)
    members = list(
        User.objects.members().enrolled_in(job.season).exclude(pk__in=on_job).with_work_facts()
    )
    first, last = around(job.date)
    slots = queries.commitments([m.pk for m in members], first, last, exclude_job=job.pk)
    book = RuleBook(Cooperative.load(), [job.date])
    needs = needs_of(job)
    return [
        member
        for member in members
        if member.is_available(job.date, job.starts_at, job.ends_at)
        and not book.refusals(worker_of(member, job.date, slots.get(member.pk, [])), needs)
    ]


def replacement_ask(*, claim: Claim, by: User, reason: str = "") -> Replacement:
    """A member on the team can't make it: teammates who could come are asked by email. The
    member stays on the team until an offer is approved."""
    with transaction.atomic():
        job, claim = _lock_claim(
            claim, own_by=by, message=_("Only the member on the team can ask.")
        )
        _ensure_open_for_team(job)
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
        replacement.status = ReplacementStatus.CANCELLED
        replacement.closed_at = timezone.now()
        replacement.save(update_fields=["status", "closed_at"])
        for offer in replacement.offers.filter(status=ClaimStatus.PENDING):
            _decide(offer, ClaimStatus.REJECTED, by, _("The member can come after all."))
    return replacement


def replacement_take(*, replacement: Replacement, member: User) -> Claim:
    """A teammate offers to take the seat; an approver decides, as for any claim."""
    with transaction.atomic():
        job = lock_job(replacement.claim.job_id)
        _ensure_open_for_team(job)
        replacement = Replacement.objects.select_for_update(of=("self",)).get(pk=replacement.pk)
        if not replacement.is_open:
            raise DomainError(_("This replacement is no longer needed."), code="replacement_closed")
        if job.has_started():
            raise DomainError(_("Refused: this job has started."), code="already_started")
        if job.claims.live().filter(member=member).exists():
            raise DomainError(_("You are already on this job."), code="already_claimed")
        if replacement.offers.filter(status=ClaimStatus.PENDING).exists():
            raise DomainError(
                _("Someone already offered to take this seat: the approvers will answer soon."),
                code="already_offered",
            )
        locked = _lock_member(member.pk)
        _check_member(job, locked, RuleBook(Cooperative.load(), [job.date]))
        return Claim.objects.create(job=job, member=locked, replacement=replacement)


def replacement_assign(*, replacement: Replacement, member: User, by: User) -> Claim:
    """An approver puts ``member`` in the seat of the member who can't make it (the same
    rules as any assignment); the member who asked is off the team, both are told."""
    with transaction.atomic():
        job = lock_job(replacement.claim.job_id)
        _ensure_open_for_team(job)
        _ensure_not_self(member.pk, by, _("Refused: another approver must put you on a team."))
        replacement = (
            Replacement.objects.select_for_update(of=("self",))
            .select_related("claim__member")
            .get(pk=replacement.pk)
        )
        if not replacement.is_open:
            raise DomainError(_("This replacement is no longer needed."), code="replacement_closed")
        if job.has_started():
            raise DomainError(_("Refused: this job has started."), code="already_started")
        if job.claims.live().filter(member=member).exists():
            raise DomainError(
                _("%(name)s is already on this job.") % {"name": member}, code="already_on_team"
            )
        offer = replacement.offers.filter(status=ClaimStatus.PENDING).select_related("member")
        offer = offer.first()
        if offer is not None:
            raise DomainError(
                _("%(name)s already offered to take this seat: answer their offer first.")
                % {"name": offer.member},
                code="already_offered",
            )
        locked = _lock_member(member.pk)
        _check_member(job, locked, RuleBook(Cooperative.load(), [job.date]), by=by, name=True)
        claim = Claim.objects.create(
            job=job, member=locked, replacement=replacement, assigned_by=by
        )
        return claim_approve(claim=claim, by=by)


# When the job itself changes -------------------------------------------------------------------


def fit_team_to_job(*, job: Job, by: User, moved: bool) -> list[str]:
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
        _decide(claim, ClaimStatus.REJECTED, by, _("There are fewer seats on this job now."))
        claim.job = job
        notify.claim_rejected(claim, was_on_team=False)
    live = list(job.claims.live().order_by("member_id").values_list("member_id", flat=True))
    book = RuleBook(Cooperative.load(), [job.date])
    for member_id in live:
        _check_member(job, _lock_member(member_id), book, by=by, name=True)
    if moved:
        job.claims.live().update(reminded_at=None)
    sync_staffing(job, by)
    return notify.team_emails(job) if moved else []


# Hours ---------------------------------------------------------------------------------------

# How far from the planned times a member may log their hours themselves; beyond, a youth
# leader (or a delegate) enters them.
LOG_MARGIN_MINUTES = 60


def _check_times(job: Job, started_at: dt.time, ended_at: dt.time, break_minutes: int) -> Decimal:
    if ended_at <= started_at:
        raise DomainError(_("The end must come after the start."), code="ends_before_start")
    hours = hours_between(started_at, ended_at, break_minutes)
    if hours <= 0:
        raise DomainError(_("The break is longer than the work."), code="no_hours")
    return hours


def _check_margin(job: Job, started_at: dt.time, ended_at: dt.time) -> None:
    minutes = rules.minute_of_day
    if (
        minutes(started_at) < minutes(job.starts_at) - LOG_MARGIN_MINUTES
        or minutes(ended_at) > minutes(job.ends_at) + LOG_MARGIN_MINUTES
    ):
        raise DomainError(
            _(
                "Refused: the hours you log stay within an hour of the job's planned times "
                "(%(start)s – %(end)s). If the work really ran longer, a youth leader enters "
                "your hours."
            )
            % {"start": job.starts_at.strftime("%H:%M"), "end": job.ends_at.strftime("%H:%M")},
            code="outside_planned_times",
        )


class HoursCheck:
    """The limits of minors applied to the hours actually worked (``rules.worked_refusals``),
    for the hours of many claims in a fixed number of queries: each with the member's other
    hours worked or logged around it (jobs to come do not count: they will be checked in
    their turn). Load the claims with ``select_related("member__profile", "job__service")``.
    """

    def __init__(self, claims: Iterable[Claim], cooperative: Cooperative) -> None:
        claims = list(claims)
        days = [claim.job.date for claim in claims]
        self.book = RuleBook(cooperative, days)
        self.now = timezone.now()
        self.slots: Mapping[int, list[rules.Slot]] = {}
        if claims:
            first, last = around(min(days))[0], around(max(days))[1]
            self.slots = queries.commitments({c.member_id for c in claims}, first, last)

    def refusals(
        self, claim: Claim, started_at: dt.time, ended_at: dt.time, break_minutes: int
    ) -> list[rules.Refusal]:
        job = claim.job
        local = timezone.localtime(self.now)
        others = tuple(
            slot
            for slot in self.slots.get(claim.member_id, [])
            if slot.job_id != job.pk and (slot.date, slot.starts_at) <= (local.date(), local.time())
        )
        worker = rules.Worker(
            member_id=claim.member_id, is_minor=claim.member.is_minor_on(job.date), slots=others
        )
        slot = rules.Slot(job.pk, job.date, started_at, ended_at, job.service.name, break_minutes)
        return self.book.worked_refusals(worker, slot)

    def of(self, claim: Claim) -> list[rules.Refusal]:
        """What the hours logged (or validated) of ``claim`` break; nothing when none."""
        timesheet = getattr(claim, "timesheet", None)
        if timesheet is None:
            return []
        return self.refusals(
            claim, timesheet.started_at, timesheet.ended_at, timesheet.break_minutes
        )


def hours_neutral_refusal() -> str:
    return _("Refused: only a youth leader can validate these hours.")


def hours_log(
    *, claim: Claim, by: User, started_at: dt.time, ended_at: dt.time, break_minutes: int = 0
) -> Timesheet:
    """After the job, the member says when they actually started and finished."""
    with transaction.atomic():
        job, claim = _lock_claim(
            claim, own_by=by, message=_("Only the member can log their own hours.")
        )
        if not claim.is_approved or job.status == JobStatus.CANCELLED:
            raise DomainError(_("Only the team of a job logs hours."), code="not_on_team")
        if not job.has_started():
            raise DomainError(
                _("You can log your hours once the job has started."), code="not_started"
            )
        hours = _check_times(job, started_at, ended_at, break_minutes)
        _check_margin(job, started_at, ended_at)
        timesheet = Timesheet.objects.filter(claim=claim).first()
        if timesheet is not None and timesheet.is_validated:
            raise DomainError(
                _("Your hours are already validated: ask a youth leader to correct them."),
                code="validated",
            )
        timesheet = timesheet or Timesheet(claim=claim)
        timesheet.started_at = timesheet.logged_started_at = started_at
        timesheet.ended_at = timesheet.logged_ended_at = ended_at
        timesheet.break_minutes = timesheet.logged_break_minutes = break_minutes
        timesheet.hours = hours
        timesheet.logged_at = timezone.now()
        timesheet.save()
    return timesheet


def hours_validate(
    *,
    claim: Claim,
    by: User,
    started_at: dt.time | None = None,
    ended_at: dt.time | None = None,
    break_minutes: int | None = None,
    note: str = "",
) -> Timesheet:
    """Validate a member's hours as logged, or corrected (times given), within the limits of
    minors (naming the rule broken; to a delegate, that a youth leader must see to it). When
    the whole team's hours of a finished job are validated, the job is done."""
    with transaction.atomic():
        job, claim = _lock_claim(claim)
        _ensure_not_self(
            claim.member_id, by, _("Refused: another person must validate your own hours.")
        )
        if not claim.is_approved or job.status == JobStatus.CANCELLED:
            raise DomainError(_("Only the team of a job logs hours."), code="not_on_team")
        if not job.has_started():
            raise DomainError(_("This job has not started yet."), code="not_started")
        timesheet = Timesheet.objects.filter(claim=claim).first()
        if started_at is None or ended_at is None:
            if timesheet is None:
                raise DomainError(
                    _("Nothing logged yet: enter the start and the end."), code="nothing_logged"
                )
            started_at, ended_at = timesheet.started_at, timesheet.ended_at
            break_minutes = timesheet.break_minutes if break_minutes is None else break_minutes
        break_minutes = break_minutes or 0
        hours = _check_times(job, started_at, ended_at, break_minutes)
        # The member's row, locked: their hours are validated one job at a time.
        claim.member = _lock_member(claim.member_id)
        broken = HoursCheck([claim], Cooperative.load()).refusals(
            claim, started_at, ended_at, break_minutes
        )
        if broken:
            raise DomainError(
                readable_by(broken[0], by, claim.member_id, neutral=hours_neutral_refusal()),
                code=broken[0].rule,
            )
        timesheet = timesheet or Timesheet(claim=claim)
        timesheet.started_at, timesheet.ended_at = started_at, ended_at
        timesheet.break_minutes, timesheet.hours = break_minutes, hours
        timesheet.validated_at = timezone.now()
        timesheet.validated_by = by
        timesheet.note = note.strip()[:200]
        timesheet.save()
        team = job.claims.approved()
        if (
            job.is_active
            and job.ends <= timezone.now()
            and not team.filter(timesheet__validated_at__isnull=True).exists()
        ):
            job_transition(job=job, to=JobStatus.DONE, by=by)
    return timesheet


# Reminders -----------------------------------------------------------------------------------


def job_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind each member on a team the day before the job (from 8:00). Safe to run every hour:
    each reminder is recorded and goes out once. Returns how many emails went out (a member
    without an email address is recorded too, so as not to be tried again, but not counted)."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < REMINDER_FROM_HOUR:
        return 0
    tomorrow = now.date() + dt.timedelta(days=1)
    due = Claim.objects.filter(
        status=ClaimStatus.APPROVED,
        reminded_at__isnull=True,
        job__date=tomorrow,
        job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
        job__season__status=Season.Status.CURRENT,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claim = (
                Claim.objects.select_for_update(of=("self",), skip_locked=True)
                .filter(pk=pk, reminded_at__isnull=True, status=ClaimStatus.APPROVED)
                .first()
            )
            if claim is None:
                continue
            claim.reminded_at = now
            claim.save(update_fields=["reminded_at"])
            claim = Claim.objects.select_related("member", "job__service").get(pk=pk)
            if claim.member.email:
                notify.job_reminder(claim)
                sent += 1
    return sent
