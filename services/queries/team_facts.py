"""What the approvers' pages read about many members (``TeamFacts``): their work facts,
figures, commitments and experience, in one query compiled once per number of members (a
UNION ALL of parts, ``members.queries.work_facts.facts_part``), the members read as columns
(``WorkMember``: the rules answered by the models' own methods). The queue, the row an
approver's tap sends back and a job's team page read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from members.models import Cooperative, Season, User
from members.queries.work_facts import (
    FD1,
    FI1,
    FI2,
    FI3,
    FN1,
    FN2,
    FS5,
    FS6,
    FT1,
    FT2,
    FT3,
    FT4,
    WorkMember,
    facts_part,
    facts_union,
    member_parts,
    members_of,
    page_union_rows,
    users_with_work_facts,
)
from services import rules
from services.models import Claim, Job, JobStatus, Replacement
from services.queries.eligibility import (
    RuleBook,
    around,
    needs_of,
    readable_by,
    worker_of,
)
from services.queries.work import (
    ZERO,
    average_of,
    booked_claims,
    booked_totals,
    committed_claims,
    earned_sum,
    slots_of,
    team_average,
    team_average_columns,
    validated_of,
)
from services.rules import format_hours

# A member this far above the team's average hours gets a warning in the queue.
MANY_HOURS_RATIO = Decimal("1.5")


@dataclass
class Row:
    """A claim in the queue, with what the approver should know."""

    claim: Claim
    hours: Decimal = Decimal(0)
    earned: Decimal = Decimal(0)
    booked: Decimal = Decimal(0)  # hours booked, not validated yet (this claim included)
    warnings: list[str] = field(default_factory=list)
    refusal: str | None = None
    replacement: Replacement | None = None  # open: the member on the team can't make it


# The kinds of rows of the union that follow the members' own (``member_parts``).
HOURS, BOOKED, COMMITMENT, EXPERIENCE, AVERAGE = 10, 11, 12, 13, 14


def commitment_part(member_ids, first: dt.date, last: dt.date) -> QuerySet:
    """``commitment_rows`` as a part of a union of a page's facts (``facts_part``): the
    member's facts and their commitments in one query (``commitment_of`` reads a row)."""
    return facts_part(
        committed_claims(member_ids, first, last),
        COMMITMENT,
        fm=F("member_id"),
        fi1=F("job_id"),
        fi2=F("timesheet__pk"),
        fi3=F("timesheet__break_minutes"),
        fd1=F("job__date"),
        ft1=F("job__starts_at"),
        ft2=F("job__ends_at"),
        ft3=F("timesheet__started_at"),
        ft4=F("timesheet__ended_at"),
        fs5=F("job__service__name_fr"),
        fs6=F("job__service__name_en"),
    )


def commitment_of(row: tuple) -> tuple:
    """A row of ``commitment_part`` as ``commitment_rows`` gives it (for ``slots_of``)."""
    job = (row[1], row[FI1], row[FD1], row[FT1], row[FT2], row[FS5], row[FS6])
    return (*job, row[FI2], row[FT3], row[FT4], row[FI3])


def _facts_union(
    season_pk: int | None,
    skill_ids: tuple[int, ...] | None,
    first: dt.date | None,
    last: dt.date | None,
    ids: RawSQL,
) -> QuerySet:
    """The union of what ``TeamFacts`` reads of the members of ``ids`` (``PAGE_MEMBERS``):
    their work facts (``member_parts``, with ``skill_ids`` the skills held read: without,
    the members are read as model instances apart), this season's validated hours and
    earnings and work booked (``hours_and_earnings``, ``booked_work``: none without a
    season), their commitments from ``first`` to ``last`` (``commitments``: none without
    days), the jobs of each service they did, every season, and the season's average
    hours (``team_average``)."""
    parts = member_parts(ids, skill_ids) if skill_ids is not None else []
    if season_pk is not None:
        season = Season(pk=season_pk)
        parts.append(
            facts_part(
                validated_of(season, ids),
                HOURS,
                group=("fm",),
                fm=F("claim__member_id"),
                fn1=Sum("hours"),
                fn2=earned_sum(),
            )
        )
        parts.append(
            facts_part(
                booked_claims(season, ids),
                BOOKED,
                fm=F("member_id"),
                ft1=F("job__starts_at"),
                ft2=F("job__ends_at"),
                fn1=F("job__hourly_rate"),
                fn2=F("timesheet__hours"),
            )
        )
    if first is not None:
        parts.append(commitment_part(ids, first, last))
    parts.append(
        facts_part(
            Claim.objects.approved().filter(member_id__in=ids, job__status=JobStatus.DONE),
            EXPERIENCE,
            group=("fm", "fi1"),
            fm=F("member_id"),
            fi1=F("job__service_id"),
            fi2=Count("pk"),
        )
    )
    if season_pk is not None:
        count, total = team_average_columns(season_pk)
        parts.append(facts_part(Season.objects.filter(pk=season_pk), AVERAGE, fi1=count, fn1=total))
    return facts_union(parts)


class TeamFacts:
    """What the queue and the team page read about many members, in a fixed number of
    queries: work facts, commitments, hours and earnings, experience of services."""

    def __init__(
        self,
        *,
        viewer: User,
        season: Season | None,
        cooperative: Cooperative,
        member_ids: Iterable[int],
        days: Iterable[dt.date],
        needs: dict[int, rules.JobNeeds] | None = None,
    ) -> None:
        """``needs``: the needs of the only jobs the rules will be asked about
        (``needs_of_jobs``, the queue's page): the members are read as columns
        (``WorkMember``) in the same query as their figures, and of their skills those
        these jobs need, all the rules ask of them (a page's members hold some thirty
        skills). Without, any job (the team page), the members as ``User`` instances."""
        self.viewer = viewer
        member_ids = sorted(set(member_ids))
        days = list(days)
        skill_ids = None
        if needs is not None:
            skill_ids = tuple(sorted({skill[0] for job in needs.values() for skill in job.skills}))
        first = last = None
        if days:
            first, last = around(min(days))[0], around(max(days))[1]
        # One query, built once per number of members (a page's) and what else it reads.
        fixed = (season.pk if season else None, skill_ids, first, last)
        rows = page_union_rows(_facts_union, member_ids, fixed)
        self.members: dict[int, WorkMember | User]
        if needs is not None:
            self.members, rows = members_of(rows)
        else:
            # The team page hands its members on (the suggestion, the forms): model
            # instances, in four more queries.
            self.members = {user.pk: user for user in users_with_work_facts(member_ids)}
        # The figures of the members shown only; the team's average summed by the database.
        self.figures: dict[int, tuple[Decimal, Decimal]] = {}
        booked, commitments = [], []
        average = None  # read with the rest, unless there is no member to read
        # Counted by the database: every season's jobs done count, and the archive grows.
        self.experience: dict[tuple[int, int], int] = {}
        for row in rows:
            kind = row[0]
            if kind == HOURS:
                self.figures[row[1]] = (row[FN1] or ZERO, row[FN2] or ZERO)
            elif kind == BOOKED:
                booked.append((row[1], row[FT1], row[FT2], row[FN1], row[FN2]))
            elif kind == COMMITMENT:
                commitments.append(commitment_of(row))
            elif kind == EXPERIENCE:
                self.experience[row[1], row[FI1]] = row[FI2]
            else:
                average = average_of(row[FI1], row[FN1])
        self.booked = booked_totals(booked)
        self.slots = slots_of(commitments)
        self.average = team_average(season) if average is None else average
        self.book = RuleBook(cooperative, days)
        self._needs: dict[int, rules.JobNeeds] = dict(needs or {})
        self._any_job = needs is None
        self._texts: dict[str, str] = {}
        self._leader = viewer.is_leader

    def hours(self, member_id: int) -> Decimal:
        return self.figures.get(member_id, (Decimal(0), Decimal(0)))[0]

    def earned(self, member_id: int) -> Decimal:
        return self.figures.get(member_id, (Decimal(0), Decimal(0)))[1]

    def booked_hours(self, member_id: int) -> Decimal:
        """Hours of the jobs the member holds or asked for, not validated yet."""
        return self.booked.get(member_id, (Decimal(0), Decimal(0)))[0]

    def booked_earnings(self, member_id: int) -> Decimal:
        return self.booked.get(member_id, (Decimal(0), Decimal(0)))[1]

    def refusal(self, member_id: int, job: Job) -> str | None:
        member = self.members.get(member_id)
        if member is None:
            return _("Only members take jobs.")
        slots = [s for s in self.slots.get(member_id, []) if s.job_id != job.pk]
        needs = self._needs.get(job.pk)
        if needs is None:  # a job's needs once (the team page's candidates share the job)
            if not self._any_job:
                raise ValueError("The members' skills were read for other jobs' needs.")
            needs = self._needs[job.pk] = needs_of(job)
        found = self.book.first(worker_of(member, job.date, slots), needs)
        return readable_by(found, self.viewer, member_id) if found else None

    def _said(self, key: str, translate: Callable[[], str]) -> str:
        """A warning's text, translated once for the page's rows."""
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = translate()
        return text

    def warnings(self, member_id: int, job: Job) -> list[str]:
        found = []
        member = self.members.get(member_id)
        # Whether a member is a minor is for the leaders only.
        if self._leader and member is not None and member.is_minor_on(job.date):
            found.append(
                self._said("minor", lambda: _("Minor: the working-time limits for minors apply."))
            )
        if not self.experience.get((member_id, job.service_id)):
            found.append(
                self._said(
                    "first",
                    lambda: _("First time on this service: pair them with someone experienced."),
                )
            )
        hours = self.hours(member_id)
        if self.average and hours > self.average * MANY_HOURS_RATIO:
            found.append(
                _("Already %(hours)s, well above the team's average (%(average)s).")
                % {"hours": format_hours(hours), "average": format_hours(self.average)}
            )
        if member is not None and not member.is_available(job.date, job.starts_at, job.ends_at):
            found.append(self._said("away", lambda: _("Outside the availability they gave.")))
        return found

    def row(self, claim: Claim) -> Row:
        return Row(
            claim=claim,
            hours=self.hours(claim.member_id),
            earned=self.earned(claim.member_id),
            booked=self.booked_hours(claim.member_id),
            warnings=self.warnings(claim.member_id, claim.job),
            refusal=self.refusal(claim.member_id, claim.job),
        )
