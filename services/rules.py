"""The rules a member's place on a job must follow, as pure functions over plain data.

Every claim, approval, direct assignment, replacement and change of a job's time asks
``refusals(worker, needs, limits, holidays)``: an empty list, or the rules it would break, each
with a message that names the rule. ``services.actions`` gathers the data under the job's and
the member's row locks and raises the first refusal as a ``DomainError``; the job board and the
approval queue ask the same functions to explain, before anyone taps, why a job is out of reach.

Rules, in the order they are checked:

- the member may work that day (enrolled, cleared: an adult or a minor with the parental
  authorization, not away) — the members app says why not;
- the job's skills are held on its date (a skill needing a certificate only while valid), at
  the level the service needs: declared by the member, or confirmed (by a youth leader or the
  HR committee, or earned by hours validated on an earlier job that used it);
- the service's minimum age is reached on the job's date;
- no two jobs at once (touching is fine: 9:00-12:00 then 12:00-14:00);
- for minors, the cooperative's working-time limits (French and Quebec presets): no work at
  night, none on public holidays, at most N hours a day and M a week (Monday to Sunday), a
  minimum rest between two working days, and a number of consecutive rest days in the week.

The seats of the job are a rule of the job, not of the member: ``seats_refusal``.

The hours actually worked follow the same limits of minors (``worked_refusals``), with the
other hours worked that week, and one more: a minor who works more than a set time in a day
(4 h 30 in France) takes a break of a set length (30 minutes), within a job or between two.

A refusal is ``private`` when it tells about a minor (their age, their guardian's
authorization, their working-time limits): only the leaders and the member themselves read
it; ``services.queries.readable_by`` words it for the others.

The statuses of requests and jobs follow two tables (``REQUEST_FLOW``, ``JOB_FLOW``) at the
end of this module: ``services.actions.transitions`` refuses any other move with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import NamedTuple

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cjs.errors import DomainError
from cjs.formatting import format_duration
from members.models import Season
from services.models import Job, JobStatus, RequestStatus

DAY_MINUTES = 24 * 60


def minute_of_day(moment: dt.time) -> int:
    """``9:30`` -> ``570``: minutes since midnight."""
    return moment.hour * 60 + moment.minute


def format_hours(hours: Decimal | int) -> str:
    """``Decimal("7.50")`` -> ``"7 h 30"`` (``cjs.formatting.format_duration``)."""
    return format_duration(hours)


@dataclass(frozen=True)
class Slot:
    """A job as the rules see it: a date and a time range on that day."""

    job_id: int
    date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    label: str = ""
    break_minutes: int = 0  # hours worked: the breaks taken

    @property
    def minutes(self) -> int:
        return minute_of_day(self.ends_at) - minute_of_day(self.starts_at)

    @property
    def hours(self) -> Decimal:
        """The working time, breaks excluded."""
        return Decimal(max(self.minutes - self.break_minutes, 0)) / 60

    def overlaps(self, other: Slot) -> bool:
        """Strict: a job ending at 12:00 does not overlap one starting at 12:00."""
        return (
            self.date == other.date
            and self.starts_at < other.ends_at
            and other.starts_at < self.ends_at
        )

    def describe(self) -> str:
        when = _("%(date)s, %(start)s – %(end)s") % {
            "date": date_format(self.date, "l j F"),
            "start": time_format(self.starts_at, "H:i"),
            "end": time_format(self.ends_at, "H:i"),
        }
        return f"{self.label}, {when}" if self.label else when


@dataclass(frozen=True)
class MinorLimits:
    """The cooperative's working-time limits for minors (``members.Cooperative``)."""

    max_hours_per_day: Decimal
    max_hours_per_week: Decimal
    min_daily_rest_hours: int
    min_consecutive_rest_days: int
    night_start: dt.time
    night_end: dt.time
    no_public_holidays: bool
    break_after_minutes: int = 0  # working more than this in a day needs a break...
    break_minutes: int = 0  # ...of at least this long (0: no such rule)


class NeededSkill(NamedTuple):
    """A skill a job asks for; ``certificate``: held only with a certificate valid that day;
    ``confirmed``: the member's word is not enough, it must be confirmed or earned."""

    id: int
    name: str
    certificate: bool = False
    confirmed: bool = False


@dataclass(frozen=True)
class JobNeeds:
    """What a job asks of each member of its team."""

    slot: Slot
    skills: tuple[tuple, ...] = ()  # NeededSkill, or (skill id, name)
    minimum_age: int | None = None


@dataclass(frozen=True)
class Worker:
    """A member as the rules see them on the job's date."""

    member_id: int
    refusal: str | None = None  # why the members app says they may not work that day
    refusal_private: bool = False  # ``refusal`` is about their clearance (age, guardian)
    age: int | None = None
    is_minor: bool = False
    skills: frozenset[int] = frozenset()  # skills held on the job's date
    vouched_skills: frozenset[int] = frozenset()  # of those, the confirmed or earned ones
    slots: tuple[Slot, ...] = field(default=())  # their other live jobs (pending or approved)


@dataclass(frozen=True)
class Refusal:
    rule: str
    message: str  # "Refused: " and the rule
    private: bool = False  # about a minor: for the leaders and the member only
    text: str = ""  # the rule alone

    def __str__(self) -> str:
        return self.message


def _refused(rule: str, text: str, *, private: bool = False) -> Refusal:
    return Refusal(rule, _("Refused: %(rule)s") % {"rule": text}, private, text)


def _minor_refused(rule: str, text: str) -> Refusal:
    return _refused(rule, _minor_rule(text), private=True)


def _minor_rule(text: str) -> str:
    return _("%(rule)s (rule of the cooperative)") % {"rule": text}


def night_overlaps(slot: Slot, night_start: dt.time, night_end: dt.time) -> bool:
    """Does the slot touch the night window (which may run over midnight, 22:00-06:00)?"""
    start, end = minute_of_day(slot.starts_at), minute_of_day(slot.ends_at)
    night_from, night_to = minute_of_day(night_start), minute_of_day(night_end)
    if night_from == night_to:
        return False
    if night_from > night_to:
        return end > night_from or start < night_to
    return start < night_to and end > night_from


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def longest_rest_run(worked: Iterable[dt.date], monday: dt.date) -> int:
    """The longest run of consecutive days without work from Monday to Sunday."""
    worked = set(worked)
    best = run = 0
    for offset in range(7):
        if monday + dt.timedelta(days=offset) in worked:
            run = 0
        else:
            run += 1
            best = max(best, run)
    return best


def _rest_minutes(before: list[Slot], after: list[Slot]) -> int | None:
    """Minutes from the end of the last job of a day to the first job of the next day."""
    if not before or not after:
        return None
    last_end = max(minute_of_day(s.ends_at) for s in before)
    first_start = min(minute_of_day(s.starts_at) for s in after)
    return DAY_MINUTES - last_end + first_start


def minor_refusals(
    worker: Worker, slot: Slot, limits: MinorLimits, holidays: Mapping[dt.date, str]
) -> list[Refusal]:
    """The working-time limits of minors the new ``slot`` would break for ``worker``."""
    found: list[Refusal] = []
    others = [s for s in worker.slots if s.job_id != slot.job_id]
    if night_overlaps(slot, limits.night_start, limits.night_end):
        found.append(
            _minor_refused(
                "minor_night",
                _("a minor may not work between %(start)s and %(end)s")
                % {
                    "start": time_format(limits.night_start, "H:i"),
                    "end": time_format(limits.night_end, "H:i"),
                },
            )
        )
    if limits.no_public_holidays and slot.date in holidays:
        found.append(
            _minor_refused(
                "minor_holiday",
                _("a minor may not work on a public holiday (%(day)s: %(name)s)")
                % {"day": date_format(slot.date, "j F"), "name": holidays[slot.date]},
            )
        )
    same_day = [s for s in others if s.date == slot.date]
    day_hours = sum((s.hours for s in same_day), slot.hours)
    if day_hours > limits.max_hours_per_day:
        found.append(
            _minor_refused(
                "minor_day",
                _("a minor may not work more than %(max)s a day (with this job: %(hours)s)")
                % {
                    "max": format_hours(limits.max_hours_per_day),
                    "hours": format_hours(day_hours),
                },
            )
        )
    monday, sunday = week_of(slot.date)
    in_week = [s for s in others if monday <= s.date <= sunday]
    week_hours = sum((s.hours for s in in_week), slot.hours)
    if week_hours > limits.max_hours_per_week:
        found.append(
            _minor_refused(
                "minor_week",
                _(
                    "a minor may not work more than %(max)s a week (with this job: "
                    "%(hours)s from Monday to Sunday)"
                )
                % {
                    "max": format_hours(limits.max_hours_per_week),
                    "hours": format_hours(week_hours),
                },
            )
        )
    if limits.min_daily_rest_hours:
        today = [*same_day, slot]
        previous = [s for s in others if s.date == slot.date - dt.timedelta(days=1)]
        following = [s for s in others if s.date == slot.date + dt.timedelta(days=1)]
        rests = [
            rest
            for rest in (_rest_minutes(previous, today), _rest_minutes(today, following))
            if rest is not None
        ]
        if rests and min(rests) < limits.min_daily_rest_hours * 60:
            found.append(
                _minor_refused(
                    "minor_rest",
                    ngettext(
                        "a minor needs %(count)d consecutive hour of rest between two working days",
                        "a minor needs %(count)d consecutive hours of rest between two "
                        "working days",
                        limits.min_daily_rest_hours,
                    )
                    % {"count": limits.min_daily_rest_hours},
                )
            )
    worked_days = {s.date for s in in_week}
    needed_rest = limits.min_consecutive_rest_days
    if (
        needed_rest
        and slot.date not in worked_days
        and longest_rest_run(worked_days | {slot.date}, monday) < needed_rest
    ):
        found.append(
            _minor_refused(
                "minor_rest_days",
                ngettext(
                    "a minor needs %(count)d day of rest in the week",
                    "a minor needs %(count)d consecutive days of rest in the week "
                    "(Monday to Sunday)",
                    limits.min_consecutive_rest_days,
                )
                % {"count": limits.min_consecutive_rest_days},
            )
        )
    return found


def _duration(minutes: int) -> str:
    """``270`` -> ``"4 h 30"``, ``240`` -> ``"4 h"``."""
    return format_duration(Decimal(minutes) / 60)


def break_refusal(day: Sequence[Slot], limits: MinorLimits) -> Refusal | None:
    """A minor working more than ``limits.break_after_minutes`` in the ``day`` (the hours
    worked that day) takes a break of ``limits.break_minutes`` at least, within a job or
    between two."""
    if not limits.break_minutes or not day:
        return None
    worked = sum(max(s.minutes - s.break_minutes, 0) for s in day)
    if worked <= limits.break_after_minutes:
        return None
    ordered = sorted(day, key=lambda s: s.starts_at)
    gaps = (
        minute_of_day(after.starts_at) - minute_of_day(before.ends_at)
        for before, after in pairwise(ordered)
    )
    if any(s.break_minutes >= limits.break_minutes for s in day) or any(
        gap >= limits.break_minutes for gap in gaps
    ):
        return None
    return _minor_refused(
        "minor_break",
        _(
            "a minor who works more than %(after)s in a day takes a break of at least "
            "%(minutes)d minutes"
        )
        % {"after": _duration(limits.break_after_minutes), "minutes": limits.break_minutes},
    )


def worked_refusals(
    worker: Worker, slot: Slot, limits: MinorLimits, holidays: Mapping[dt.date, str]
) -> list[Refusal]:
    """The limits of minors the hours actually worked (``slot``, with its break) break, with
    the other hours worked (``worker.slots``). Nothing for an adult."""
    if not worker.is_minor:
        return []
    found = minor_refusals(worker, slot, limits, holidays)
    same_day = [s for s in worker.slots if s.date == slot.date and s.job_id != slot.job_id]
    refusal = break_refusal([*same_day, slot], limits)
    if refusal is not None:
        found.append(refusal)
    return found


def refusals(
    worker: Worker,
    needs: JobNeeds,
    limits: MinorLimits,
    holidays: Mapping[dt.date, str],
) -> list[Refusal]:
    """Every rule the worker's place on the job would break (empty: they may take it)."""
    slot = needs.slot
    found: list[Refusal] = []
    if worker.refusal:
        found.append(_refused("not_cleared", worker.refusal, private=worker.refusal_private))
    for skill in (NeededSkill(*entry) for entry in needs.skills):
        if skill.id not in worker.skills:
            if skill.certificate:
                reason = _(
                    "this job needs the skill “%(skill)s”, with a certificate valid on the day "
                    "of the job"
                )
            else:
                reason = _("this job needs the skill “%(skill)s”")
            found.append(_refused("skill", reason % {"skill": skill.name}))
        elif skill.confirmed and skill.id not in worker.vouched_skills:
            reason = _(
                "this job needs the skill “%(skill)s” confirmed by a youth leader or the HR "
                "committee, or earned on an earlier job"
            )
            found.append(_refused("skill_unconfirmed", reason % {"skill": skill.name}))
    if needs.minimum_age and (worker.age is None or worker.age < needs.minimum_age):
        found.append(
            _refused(
                "minimum_age",
                _("this service needs members aged %(age)d or over on the day of the job")
                % {"age": needs.minimum_age},
                private=True,
            )
        )
    for other in worker.slots:
        if other.job_id != slot.job_id and other.overlaps(slot):
            found.append(
                _refused(
                    "overlap",
                    _("a member cannot hold two jobs at the same time (already on: %(job)s)")
                    % {"job": other.describe()},
                )
            )
            break
    if worker.is_minor:
        found.extend(minor_refusals(worker, slot, limits, holidays))
    return found


def first_refusal(
    worker: Worker, needs: JobNeeds, limits: MinorLimits, holidays: Mapping[dt.date, str]
) -> Refusal | None:
    found = refusals(worker, needs, limits, holidays)
    return found[0] if found else None


def seats_refusal(*, seats: int, taken: int) -> Refusal | None:
    """Pending and approved claims together never exceed the seats."""
    if taken < seats:
        return None
    return _refused(
        "seats",
        ngettext(
            "the only seat of this job is taken",
            "the %(count)d seats of this job are taken",
            seats,
        )
        % {"count": seats},
    )


def free_seats(*, seats: int, taken: int) -> int:
    """The seats of a job still free when ``taken`` are taken (never below zero)."""
    return max(seats - taken, 0)


# Statuses of requests and jobs ------------------------------------------------------------
#
#     new ──quote──▶ quoted ──resident accepts──▶ accepted ──first job──▶ scheduled ──▶ done
#      │               │  ▲ (new quote)              ▲                       │
#      │               └──┘ resident declines: new   └── all jobs cancelled ─┘
#      └──────────────▶ declined (by the cooperative)      cancelled (before the work starts)
#
# A job is open, staffed (its team is complete), done or cancelled. When every job of a
# request that is not cancelled is done, the request is done; when all are cancelled, it goes
# back to accepted (to be planned again).


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
