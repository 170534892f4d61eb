"""What the job board reads at each request, as queries compiled once per process
(``cjs.db.QueryShape``, ``CompiledQuery``): the member's work facts, commitments and claims,
the board's jobs and open replacements, the cards' jobs with the skills they need.

Building and compiling these querysets cost the ORM several times what PostgreSQL spends
running them, on the page members reload most. Each read here answers as the queryset it
replaces (``services.queries.board``, ``eligibility``, ``work``): the tests compare them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    When,
)
from django.utils import timezone
from django.utils.translation import get_language, gettext

from cjs.db import CompiledQuery, QueryShape
from cjs.i18n import first_text, read_columns
from members.models import (
    Season,
    Skill,
    SkillLevel,
)
from members.queries.work_facts import facts_union, member_parts, members_of, page_union_rows
from services import rules
from services.models import (
    LIVE_CLAIM_STATUSES,
    STANDING_REJECTION,
    Claim,
    ClaimStatus,
    Job,
    JobSkill,
    JobStatus,
    Replacement,
    ReplacementStatus,
    Service,
)
from services.queries.eligibility import worker_of
from services.queries.team_facts import COMMITMENT, commitment_of, commitment_part
from services.queries.work import (
    BOARD_DAYS,
    board_days,
    seat_counts,
    slot_of,
    slots_of,
)

# --- The member as the rules see them --------------------------------------------------------


class MemberFacts:
    """What the rules read about one member: ``worker(day, slots)``, as
    ``eligibility.worker_of`` makes it of the member read with their work facts
    (``members.queries.work_facts``: the user, profile, skills held, absences and current
    enrolments as columns, answering the rules with the models' own methods), and
    ``slots``, their commitments (``work.commitments``) on the days read."""

    def __init__(self, member, slots: list[rules.Slot]) -> None:
        self.member = member
        self.pk = member.pk
        self.slots = slots

    def worker(self, day: dt.date, slots: Iterable[rules.Slot] = ()) -> rules.Worker:
        return worker_of(self.member, day, slots)


def _member_union(first: dt.date, last: dt.date, members) -> QuerySet:
    return facts_union([*member_parts(members, None), commitment_part(members, first, last)])


def member_facts(pk: int, first: dt.date, last: dt.date) -> MemberFacts:
    """What the rules read about member ``pk`` for jobs from ``first`` to ``last``: their
    work facts and their commitments of those days, in one query built once per dates."""
    members, rest = members_of(page_union_rows(_member_union, [pk], fixed=(first, last)))
    slots = slots_of(commitment_of(row) for row in rest if row[0] == COMMITMENT)
    return MemberFacts(members[pk], slots.get(pk, []))


@functools.lru_cache(maxsize=64)
def _claims_shape(first: dt.date, last: dt.date) -> QueryShape:
    return QueryShape(
        lambda pk: (
            Claim.objects.filter(member_id=pk, job__date__gte=first, job__date__lte=last)
            .filter(Q(status__in=LIVE_CLAIM_STATUSES) | STANDING_REJECTION)
            .order_by("decided_at")
        ),
        int,
    )


def member_claims(pk: int, jobs: Iterable[tuple[int, dt.date]]) -> list[Claim]:
    """The member's claims on ``jobs`` (``(id, date)``) that are live or a standing
    rejection, in the order they were decided (the ones waiting last)."""
    jobs = list(jobs)
    if not jobs:
        return []
    wanted = {pk for pk, _day in jobs}
    days = [day for _pk, day in jobs]
    return [
        claim
        for claim in _claims_shape(min(days), max(days)).instances(pk)
        if claim.job_id in wanted
    ]


# --- The board's jobs and open replacements --------------------------------------------------


def _vendor() -> str:
    return connection.vendor


@functools.lru_cache(maxsize=64)
def _keys_query(
    season_pk: int | None,
    today: dt.date,
    day: dt.date | None,
    service_pk: int | None,
    fresh_from: dt.datetime | None,
    vendor: str,
) -> CompiledQuery:
    jobs = Job.objects.filter(board_days(today), season_id=season_pk)
    if day is not None:
        jobs = jobs.filter(date=day)
    if service_pk is not None:
        jobs = jobs.filter(service_id=service_pk)
    if fresh_from is not None:
        # A job's creation read only when it may still be in its head start: a datetime
        # costs Python calls to read, and a long season has many jobs past theirs.
        jobs = jobs.annotate(
            fresh=Case(When(created_at__gt=fresh_from, then=F("created_at")), default=None)
        )
    return CompiledQuery.of(
        jobs.order_by("date", "starts_at", "pk").values_list(
            "pk", "date", "starts_at", "created_at" if fresh_from is None else "fresh", "seats"
        )
    )


def board_keys(
    season: Season | None,
    today: dt.date,
    now: dt.datetime,
    *,
    day: dt.date | None = None,
    service_pk: int | None = None,
    fresh_from: dt.datetime | None = None,
) -> list[tuple]:
    """``(id, date, start, created at, seats)`` of the board's jobs (``board_jobs``, on
    ``day`` and of service ``service_pk`` when given), in their order; with ``fresh_from``,
    None for the creation of the jobs created at or before it. The jobs that started today
    are left out here, not in the SQL: it is compiled once per day."""
    rows = _keys_query(
        season.pk if season else None, today, day, service_pk, fresh_from, _vendor()
    ).rows()
    local = timezone.localtime(now)
    started_day, started_by = local.date(), local.time()
    return [row for row in rows if not (row[1] == started_day and row[2] <= started_by)]


def replacements_of_board_days(season_pk: int | None, today: dt.date) -> QuerySet[Replacement]:
    """The open "can't make it" on the jobs of the board's days (those of today that started
    included), each with ``offered``: whether someone already offered to take the seat (an
    offer waits for an approver), in the board's order."""
    return (
        Replacement.objects.filter(
            status=ReplacementStatus.OPEN,
            claim__job__season_id=season_pk,
            claim__job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
            claim__job__date__gte=today,
            claim__job__date__lte=today + dt.timedelta(days=BOARD_DAYS),
        )
        .select_related("claim__job", "claim__member")
        .only("claim__job__date", "claim__job__starts_at", "claim__member__first_name")
        .annotate(
            offered=Exists(
                Claim.objects.filter(replacement=OuterRef("pk"), status=ClaimStatus.PENDING)
            )
        )
        .order_by("claim__job__date", "claim__job__starts_at", "pk")
    )


@functools.lru_cache(maxsize=64)
def _replacements_query(
    season_pk: int | None, today: dt.date, day: dt.date | None, service_pk: int | None, vendor: str
) -> CompiledQuery:
    found = replacements_of_board_days(season_pk, today)
    if day is not None:
        found = found.filter(claim__job__date=day)
    if service_pk is not None:
        found = found.filter(claim__job__service_id=service_pk)
    return CompiledQuery.of(found)


def board_replacements(
    season: Season | None,
    today: dt.date,
    now: dt.datetime,
    *,
    day: dt.date | None = None,
    service_pk: int | None = None,
) -> list[Replacement]:
    """``board.open_replacements`` (on ``day``, of service ``service_pk`` when given), read
    by SQL compiled once per day; the jobs started today are left out here."""
    found = _replacements_query(
        season.pk if season else None, today, day, service_pk, _vendor()
    ).instances()
    started_by = timezone.localtime(now).time()
    return [
        replacement
        for replacement in found
        if not (
            replacement.claim.job.date == today and replacement.claim.job.starts_at <= started_by
        )
    ]


@functools.lru_cache(maxsize=4)
def _catalogue_query(vendor: str) -> CompiledQuery:
    return CompiledQuery.of(Service.objects.values_list("pk", "slug", "name_fr", "name_en"))


def catalogue_names() -> list[tuple[int, str, str, str]]:
    """``(id, slug, French name, English name)`` of the catalogue's services in its order,
    offered or not (the board's and the inbox's filters)."""
    return _catalogue_query(_vendor()).rows()


# --- The cards' jobs --------------------------------------------------------------------------

# What a card and the rules read of a job and its service (the other columns cost the ORM
# to compile, and the cards' query groups its rows to count the seats taken).
CARD_COLUMNS = (
    "date",
    "starts_at",
    "ends_at",
    "town_name",
    "seats",
    "hourly_rate",
    "status",
    "created_at",
    "service__name_fr",
    "service__name_en",
    "service__minimum_age",
)


def card_jobs_queryset(pks: Iterable[int]):
    """Jobs as their cards read them: the service and the seats taken (``seat_counts``)."""
    return (
        Job.objects.filter(pk__in=list(pks))
        .select_related("service")
        .only(*CARD_COLUMNS)
        .annotate(**seat_counts())
        .order_by("date", "starts_at", "pk")
    )


@functools.lru_cache(maxsize=32)
def _card_jobs_shape(count: int) -> QueryShape:
    return QueryShape(lambda *pks: card_jobs_queryset(pks), *(int,) * count)


@functools.lru_cache(maxsize=64)
def _needs_shape(count: int, language: str) -> QueryShape:
    names = read_columns(Skill, "name", language, "skill__")
    return QueryShape(
        lambda *pks: (
            JobSkill.objects.filter(job_id__in=pks)
            .order_by("pk")
            .values_list("job_id", "skill_id", "skill__requires_certificate", "level", *names)
        ),
        *(int,) * count,
    )


def needed_skills(pks: list[int]) -> dict[int, tuple[rules.NeededSkill, ...]]:
    """``{job id: the skills it needs}`` (``job.skill_needs.all()`` as ``needs_of`` reads
    them), in one query."""
    found: dict[int, list[rules.NeededSkill]] = {pk: [] for pk in pks}
    for job_id, skill_id, certificate, level, *names in _needs_shape(
        len(pks), get_language() or "fr"
    ).rows(*pks):
        found[job_id].append(
            rules.NeededSkill(
                skill_id, first_text(names), certificate, level == SkillLevel.CONFIRMED
            )
        )
    return {pk: tuple(needs) for pk, needs in found.items()}


def card_jobs(pks: Iterable[int]) -> list[Job]:
    """The jobs ``pks`` as their cards read them, each with ``needed_skills`` (the skills it
    needs, for the rules and the card), in two queries compiled once per number of jobs."""
    pks = list(dict.fromkeys(pks))
    if not pks:
        return []
    jobs = _card_jobs_shape(len(pks)).instances(*pks)
    needs = needed_skills(pks)
    for job in jobs:
        job.needed_skills = needs[job.pk]
    return jobs


def needs_of_card(job: Job, skills: tuple[rules.NeededSkill, ...] | None = None) -> rules.JobNeeds:
    """``eligibility.needs_of`` of a job loaded by ``card_jobs`` (others: ``needs_of``), or
    of any job with its ``skills`` read by ``needed_skills`` (a claim's rules: the tap and
    the card it answers read the job's needs alike)."""
    return rules.JobNeeds(
        slot=slot_of(job),
        skills=job.needed_skills if skills is None else skills,
        minimum_age=job.service.minimum_age,
    )


def skills_text(needs: Iterable[rules.NeededSkill]) -> str:
    """The skills a job needs, as the card lists them after its town and pay."""
    confirmed = None
    names = []
    for need in needs:
        name = need.name
        if need.confirmed:
            confirmed = confirmed or gettext("confirmed skill")
            name = f"{name} ({confirmed})"
        names.append(name)
    return " · " + ", ".join(names) if names else ""
