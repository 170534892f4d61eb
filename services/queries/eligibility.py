"""What the rules read about members and jobs: the cooperative's limits and holidays
(``RuleBook``), a member as the rules see them (``worker_of``), a job's needs (``needs_of``), the
limits of minors applied to hours worked (``HoursCheck``), and who could take a seat now.

Pages ask these to explain, before anyone taps, why a job is out of reach; the actions ask the
same under their row locks.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping

import holidays
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from members.models import Cooperative, User
from services import rules
from services.models import Claim, Job
from services.queries.work import commitments, page_commitments, slot_of


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
        slot=slot_of(job),
        skills=tuple(
            rules.NeededSkill(
                need.skill.pk,
                need.skill.name,
                need.skill.requires_certificate,
                need.needs_confirmation,
            )
            for need in job.skill_needs.all()
        ),
        minimum_age=job.service.minimum_age,
    )


def worker_of(user: User, day: dt.date, slots: Iterable[rules.Slot] = ()) -> rules.Worker:
    """The member as the rules see them on ``day`` (load users ``with_work_facts()``)."""
    profile = user.member_profile
    valid = [held for held in user.member_skills.all() if held.is_valid_on(day)] if profile else []
    held = frozenset(skill.skill_id for skill in valid)
    vouched = frozenset(skill.skill_id for skill in valid if skill.is_vouched_for)
    refusal = user.work_refusal_on(day)
    return rules.Worker(
        member_id=user.pk,
        refusal=refusal,
        refusal_private=bool(refusal and profile and refusal == profile.clearance_problem_on(day)),
        age=user.age_on(day),
        is_minor=user.is_minor_on(day),
        skills=held,
        vouched_skills=vouched,
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
        # The limits apply to minors only (``rules.worked_refusals``): the other hours of an
        # adult are never read, so they are not loaded.
        minors = [c for c in claims if c.member.is_minor_on(c.job.date)]
        if minors:
            first = around(min(c.job.date for c in minors))[0]
            last = around(max(c.job.date for c in minors))[1]
            # Compiled once per number of minors and dates (a page's: ``page_commitments``).
            self.slots = page_commitments({c.member_id for c in minors}, first, last)

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


def replacement_candidates(job: Job, *, exclude: Iterable[int] = ()) -> list[User]:
    """Members who could take a seat of ``job`` now: enrolled, cleared, free and within their
    limits. A fixed number of queries."""
    on_job = set(job.claims.live().values_list("member_id", flat=True)) | set(exclude)
    members = list(
        User.objects.members().enrolled_in(job.season).exclude(pk__in=on_job).with_work_facts()
    )
    first, last = around(job.date)
    slots = commitments([m.pk for m in members], first, last, exclude_job=job.pk)
    book = RuleBook(Cooperative.load(), [job.date])
    needs = needs_of(job)
    return [
        member
        for member in members
        if member.is_available(job.date, job.starts_at, job.ends_at)
        and not book.refusals(worker_of(member, job.date, slots.get(member.pk, [])), needs)
    ]
