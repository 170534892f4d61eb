"""Hours worked: the member logs them, a youth leader (or a delegate) validates them within
the limits of minors; the whole team validated, the job is done.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.actions import member_skills_earn
from members.models import Cooperative, User
from services import rules
from services.actions.team import ensure_not_self, lock_claim, lock_member_with_facts
from services.actions.transitions import job_transition
from services.models import (
    Claim,
    Job,
    JobSkill,
    JobStatus,
    Timesheet,
    hours_between,
)
from services.queries import (
    HoursCheck,
    hours_neutral_refusal,
    readable_by,
)

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


def hours_log(
    *, claim: Claim, by: User, started_at: dt.time, ended_at: dt.time, break_minutes: int = 0
) -> Timesheet:
    """After the job, the member says when they actually started and finished."""
    with transaction.atomic():
        job, claim = lock_claim(
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
        job, claim = lock_claim(claim)
        ensure_not_self(
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
        claim.member = lock_member_with_facts(claim.member_id)
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
        # Validated hours on a job that uses a skill are the proof the member has it.
        member_skills_earn(
            member=claim.member,
            skill_ids=JobSkill.objects.filter(job=job).values_list("skill_id", flat=True),
            at=timesheet.validated_at,
        )
        team = job.claims.approved()
        if (
            job.is_active
            and job.ends <= timezone.now()
            and not team.filter(timesheet__validated_at__isnull=True).exists()
        ):
            job_transition(job=job, to=JobStatus.DONE, by=by)
    return timesheet
