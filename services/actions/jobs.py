"""Jobs of an accepted request: planned, changed (the team fitted to the change), done or
cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.models import Season, Skill, SkillLevel, User
from services import notify
from services.actions.claims import team_fit
from services.actions.transitions import (
    event_log,
    job_transition,
    lock_job,
    lock_request,
    request_sync_with_jobs,
)
from services.models import (
    EventKind,
    Job,
    JobSkill,
    JobStatus,
    ServiceRequest,
    ServiceSkill,
)
from services.rules import (
    PLANNABLE_STATUSES,
    ensure_season_open,
    job_facts,
)


def _check_job_fields(
    *, season: Season, date: dt.date, starts_at: dt.time, ends_at: dt.time, seats: int
) -> None:
    if ends_at <= starts_at:
        raise DomainError(_("The end must come after the start."), code="ends_before_start")
    if seats < 1:
        raise DomainError(_("A job needs at least one member."), code="no_seat")
    if date < timezone.localdate():
        raise DomainError(_("A job cannot be planned in the past."), code="in_the_past")
    if not season.contains(date):
        raise DomainError(
            _("The date must fall within the season, from %(start)s to %(end)s.")
            % {
                "start": date_format(season.starts_on, "j F"),
                "end": date_format(season.ends_on, "j F Y"),
            },
            code="outside_season",
        )


def _skills_set(job: Job, skills: Iterable[Skill]) -> None:
    """The job's skills, each at the level its service needs it (declared when the service
    does not list it); a skill the job already needed keeps its level."""
    wanted = {skill.pk for skill in skills}
    JobSkill.objects.filter(job=job).exclude(skill_id__in=wanted).delete()
    kept = set(JobSkill.objects.filter(job=job).values_list("skill_id", flat=True))
    levels = dict(
        ServiceSkill.objects.filter(service_id=job.service_id).values_list("skill_id", "level")
    )
    JobSkill.objects.bulk_create(
        JobSkill(job=job, skill_id=pk, level=levels.get(pk, SkillLevel.DECLARED))
        for pk in sorted(wanted - kept)
    )


def job_create(
    *,
    service_request: ServiceRequest,
    by: User,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    seats: int,
    skills: Iterable[Skill],
    address: str,
    postal_code: str,
    town_name: str,
    hourly_rate: Decimal,
    notes: str = "",
) -> Job:
    """Plan a job for an accepted request (several jobs for a long piece of work). The request
    becomes scheduled and the resident gets the date by email."""
    with transaction.atomic():
        service_request = lock_request(service_request.pk)
        ensure_season_open(service_request.season)
        if service_request.status not in PLANNABLE_STATUSES:
            raise DomainError(
                _("Only an accepted request can be turned into jobs (this one is “%(status)s”).")
                % {"status": service_request.get_status_display()},
                code="not_accepted",
            )
        _check_job_fields(
            season=service_request.season,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            seats=seats,
        )
        job = Job.objects.create(
            season=service_request.season,
            request=service_request,
            service=service_request.service,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            seats=seats,
            address=address.strip(),
            postal_code=postal_code.strip(),
            town_name=town_name.strip(),
            hourly_rate=hourly_rate,
            notes=notes.strip(),
            created_by=by,
        )
        _skills_set(job, skills)
        request_sync_with_jobs(
            service_request=service_request, kind=EventKind.JOB_PLANNED, by=by, job=job
        )
        notify.job_scheduled(job)
    return job


def job_update(
    *,
    job: Job,
    by: User,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    seats: int,
    skills: Iterable[Skill],
    address: str,
    postal_code: str,
    town_name: str,
    hourly_rate: Decimal,
    notes: str = "",
) -> Job:
    """Change a job still to come. The resident is told when the date, time or place moves."""
    with transaction.atomic():
        job = lock_job(job.pk)
        ensure_season_open(job.season)
        if not job.is_active:
            raise DomainError(
                _("Only a job still to do can be changed (this one is “%(status)s”).")
                % {"status": job.get_status_display()},
                code="job_closed",
            )
        if job.has_started():
            raise DomainError(_("This job has started: it can no longer be changed."))
        _check_job_fields(
            season=job.season, date=date, starts_at=starts_at, ends_at=ends_at, seats=seats
        )
        before = job_facts(job)
        old_seats = job.seats
        old_place = (job.address, job.postal_code, job.town_name)
        job.date, job.starts_at, job.ends_at, job.seats = date, starts_at, ends_at, seats
        job.address, job.postal_code = address.strip(), postal_code.strip()
        job.town_name, job.hourly_rate, job.notes = town_name.strip(), hourly_rate, notes.strip()
        job.revision += 1
        job.save()
        _skills_set(job, skills)
        moved = job_facts(job) != before or (job.address, job.postal_code, job.town_name) != (
            old_place
        )
        event_log(
            service_request=job.request,
            kind=EventKind.JOB_CHANGED,
            actor=by,
            job=job,
            data={**job_facts(job), "previous": before},
            is_public=moved,
        )
        team = team_fit(job=job, by=by, moved=moved)
        if job_facts(job) != before or job.seats != old_seats:
            # After the team is fitted: a claim turned down for want of seats does not stand.
            job.rescheduled_at = timezone.now()
            job.save(update_fields=["rescheduled_at"])
        if moved:
            notify.job_changed(job)
            notify.team_job_changed(job, team)
    return job


def job_mark_done(*, job: Job, by: User) -> Job:
    """The work of this job is done (once it has started). When it is the request's last job
    still to do, the request is done and the resident gets the satisfaction form."""
    return job_transition(job=job, to=JobStatus.DONE, by=by)


def job_cancel(*, job: Job, by: User, reason: str = "") -> Job:
    """Cancel a job still to do; the resident is told. When no job is left, the request goes
    back to accepted, to be planned again."""
    return job_transition(job=job, to=JobStatus.CANCELLED, by=by, reason=reason.strip())
