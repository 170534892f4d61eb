"""Demo data of the jobs: teams on the jobs the requests demo planned.

Jobs done have their team and their hours (validated, or logged and waiting for the debrief);
jobs to come are staffed, half-staffed with claims waiting, or still open; one member asks to
be replaced; one new job is in its fair head start. Members are picked as an approver would:
those with the fewest hours first, and only where ``services.rules`` agrees (clearance, skills,
age, overlaps and the minors' working-time limits), so that the demo breaks no rule.
Written directly (not through the actions) so that the past can be dated and no email goes out.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from members.actions import member_skills_earn
from members.models import Committee, Cooperative, PermissionGrant, Season, User
from services import queries
from services.actions import tally_rebuild
from services.capabilities import APPROVE_CLAIMS, VALIDATE_HOURS
from services.models import (
    Claim,
    ClaimStatus,
    EventKind,
    Job,
    JobStatus,
    Replacement,
    RequestEvent,
    Timesheet,
    hours_between,
)
from services.rules import job_facts

REPLACEMENT_REASON = "Rendez-vous chez l'orthodontiste déplacé ce jour-là, désolée !"


def _grant_to_hr() -> None:
    committee = Committee.objects.filter(slug="rh").first()
    if committee is None:
        return
    for code in (APPROVE_CLAIMS, VALIDATE_HOURS):
        PermissionGrant.objects.get_or_create(capability=code, committee=committee)


def _shift(moment: dt.time, minutes: int) -> dt.time:
    total = max(0, min(23 * 60 + 59, moment.hour * 60 + moment.minute + minutes))
    return dt.time(total // 60, total % 60)


class _Teams:
    def __init__(self, season: Season, rng: random.Random) -> None:
        self.season = season
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.members = list(
            User.objects.members().enrolled_in(season).with_work_facts().order_by("username")
        )
        self.leaders = list(User.objects.filter(role=User.Role.LEADER).order_by("username"))
        self.book = queries.RuleBook(Cooperative.load(), [season.starts_on, season.ends_on])
        self.slots: dict[int, list] = defaultdict(list)
        self.hours: dict[int, Decimal] = defaultdict(Decimal)
        self.claims: list[Claim] = []
        self.events: list[RequestEvent] = []

    def free(self, job: Job) -> list[User]:
        """Members the rules allow on ``job``, those available first, fewest hours first."""
        needs = queries.needs_of(job)
        allowed = [
            member
            for member in self.members
            if not self.book.refusals(
                queries.worker_of(member, job.date, self.slots[member.pk]), needs
            )
        ]
        self.rng.shuffle(allowed)
        return sorted(
            allowed,
            key=lambda m: (
                not m.is_available(job.date, job.starts_at, job.ends_at),
                self.hours[m.pk],
            ),
        )

    def take(self, job: Job, member: User, status: str, at: dt.datetime) -> Claim:
        claim = Claim(
            job=job,
            member=member,
            status=status,
            created_at=at,
            decided_at=min(at + dt.timedelta(hours=3), self.now)
            if status == ClaimStatus.APPROVED
            else None,
            decided_by=self.leaders[0] if status == ClaimStatus.APPROVED and self.leaders else None,
        )
        self.claims.append(claim)
        self.slots[member.pk].append(queries.slot_of(job))
        if status == ClaimStatus.APPROVED:
            self.hours[member.pk] += job.duration_hours
        return claim

    def staff(self, job: Job, pattern: int) -> None:
        asked_at = min(job.created_at + dt.timedelta(hours=self.rng.randint(3, 30)), self.now)
        free = self.free(job)
        if job.status == JobStatus.DONE:
            for member in free[: job.seats]:
                self.take(job, member, ClaimStatus.APPROVED, asked_at)
            return
        if pattern == 3:  # nobody yet
            return
        approved = {0: job.seats, 1: 1, 2: 0}[pattern]
        waiting = {0: 0, 1: min(1, job.seats - 1), 2: min(2, job.seats)}[pattern]
        team = free[:approved]
        for member in team:
            self.take(job, member, ClaimStatus.APPROVED, asked_at)
        for member in free[approved : approved + waiting]:
            self.take(job, member, ClaimStatus.PENDING, asked_at)
        if len(team) == job.seats:
            job.status = JobStatus.STAFFED
            self.events.append(
                RequestEvent(
                    request=job.request,
                    job=job,
                    kind=EventKind.JOB_STAFFED,
                    actor=self.leaders[0] if self.leaders else None,
                    status_before=job.request.status,
                    status_after=job.request.status,
                    data=job_facts(job),
                    created_at=min(asked_at + dt.timedelta(hours=3), self.now),
                )
            )

    def hours_of(self, claim: Claim, index: int, *, validated: bool) -> Timesheet | None:
        """What the member logged, and validated at the debrief (``validated``)."""
        job = claim.job
        if index % 9 == 4:  # forgot to log: the validator will enter them
            return None
        started = _shift(job.starts_at, self.rng.choice([0, 0, 5, 10, -5]))
        ended = _shift(job.ends_at, self.rng.choice([0, 0, -10, 15, 20]))
        if ended <= started:
            started, ended = job.starts_at, job.ends_at
        logged_at = min(job.ends + dt.timedelta(minutes=self.rng.randint(20, 240)), self.now)
        return Timesheet(
            claim=claim,
            started_at=started,
            ended_at=ended,
            break_minutes=0,
            hours=hours_between(started, ended),
            logged_started_at=started,
            logged_ended_at=ended,
            logged_break_minutes=0,
            logged_at=logged_at,
            validated_at=min(logged_at + dt.timedelta(hours=20), self.now) if validated else None,
            validated_by=self.leaders[-1] if validated and self.leaders else None,
        )


def seed_teams(*, stdout=None) -> None:
    season = Season.objects.current()
    if season is None or Claim.objects.filter(job__season=season).exists():
        return
    _grant_to_hr()
    teams = _Teams(season, random.Random(2027))  # noqa: S311  (demo data)
    jobs = list(
        Job.objects.filter(season=season)
        .exclude(status=JobStatus.CANCELLED)
        .select_related("service", "request")
        .prefetch_related("skill_needs")
        .order_by("date", "starts_at", "pk")
    )
    for index, job in enumerate(jobs):
        teams.staff(job, index % 4)
    Claim.objects.bulk_create(teams.claims)
    RequestEvent.objects.bulk_create(teams.events)
    staffed = [job.pk for job in jobs if job.status == JobStatus.STAFFED]
    Job.objects.filter(pk__in=staffed).update(status=JobStatus.STAFFED)
    worked = [
        claim
        for claim in teams.claims
        if claim.status == ClaimStatus.APPROVED and claim.job.status == JobStatus.DONE
    ]
    # The last two jobs done wait for the next debrief to have their hours validated.
    done = [job for job in jobs if job.status == JobStatus.DONE]  # jobs are in date order
    latest = {job.pk for job in done[-2:]}
    sheets = Timesheet.objects.bulk_create(
        sheet
        for index, claim in enumerate(worked)
        if (sheet := teams.hours_of(claim, index, validated=claim.job_id not in latest))
    )
    # Validated hours on a job that uses a skill earn it, as ``hours_validate`` records.
    for sheet in sheets:
        if sheet.validated_at is not None:
            member_skills_earn(
                member=sheet.claim.member,
                skill_ids=[need.skill_id for need in sheet.claim.job.skill_needs.all()],
                at=sheet.validated_at,
            )
    # Someone on a complete team of the coming days can't make it.
    upcoming = [
        c
        for c in teams.claims
        if c.status == ClaimStatus.APPROVED
        and c.job.status == JobStatus.STAFFED
        and c.job.date > teams.today
    ]
    if upcoming:
        Replacement.objects.create(claim=upcoming[0], reason=REPLACEMENT_REASON)
    # A job planned half an hour ago is in its fair head start.
    fresh = next(
        (
            job
            for job in jobs
            if job.status == JobStatus.OPEN
            and job.date > teams.today
            and not any(c.job_id == job.pk for c in teams.claims)
        ),
        None,
    )
    if fresh is not None:
        Job.objects.filter(pk=fresh.pk).update(created_at=teams.now - dt.timedelta(minutes=30))
    # Written in bulk, past the receivers that keep the members' working time.
    tally_rebuild(season_ids=[season.pk])
    if stdout:
        stdout.write(
            f"  jobs: {len(teams.claims)} members on teams or waiting, "
            f"{len(worked)} jobs worked, {len(staffed)} teams complete"
        )
