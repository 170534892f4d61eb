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
    BooleanField,
    Case,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import get_language, gettext

from cjs.db import CompiledQuery, QueryShape
from cjs.i18n import first_text, read_columns
from members.models import (
    Absence,
    Enrolment,
    MemberProfile,
    MemberSkill,
    Season,
    Skill,
    SkillLevel,
    User,
)
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
from services.queries.work import (
    BOARD_DAYS,
    board_days,
    commitment_rows,
    seat_counts,
    slot_of,
    slots_of,
)

# --- The member as the rules see them --------------------------------------------------------


def _current_enrolments():
    return Enrolment.objects.filter(user=OuterRef("pk"), season__status=Season.Status.CURRENT)


SKILL_COLUMNS = (
    "skill_id",
    "skill__requires_certificate",
    "certificate_until",
    "confirmed_at",
    "earned_at",
)
# Which part of ``_member_facts`` a row is.
_FACTS_ROW, _SKILL_ROW, _ABSENCE_ROW = 0, 1, 2


def _member_facts(pk: int, skills_of: int, absences_of: int) -> QuerySet:
    """What the rules read about member ``pk`` (each argument is their id: a shape's
    parameter stands once), in one query where there were three (a query costs the board
    ~130 Python calls): a row of the account, profile and enrolment facts, then a row a
    skill, then a row an absence (``_COLUMN_TYPES``)."""
    enrolled = _current_enrolments()
    facts = User.objects.filter(pk=pk).annotate(
        # ``MemberProfile.is_enrolled_on``: a current enrolment not left, or left after the day.
        enrolled_open=Exists(enrolled.filter(left_on__isnull=True)),
        enrolled_until=Subquery(
            enrolled.order_by().values("user").annotate(last=Max("left_on")).values("last")
        ),
    )
    return _part(
        facts,
        _FACTS_ROW,
        "profile__pk",
        "is_active",
        "enrolled_open",
        "profile__date_of_birth",
        "profile__parental_authorization_received_on",
        "profile__private_facts_forgotten_on",
        "profile__adult_from",
        "enrolled_until",
        None,
        None,
    ).union(
        _part(
            MemberSkill.objects.filter(user_id=skills_of),
            _SKILL_ROW,
            *SKILL_COLUMNS[:2],
            None,
            SKILL_COLUMNS[2],
            *(None,) * 4,
            *SKILL_COLUMNS[3:],
        ),
        _part(
            Absence.objects.filter(user_id=absences_of),
            _ABSENCE_ROW,
            *(None,) * 3,
            "starts_on",
            "ends_on",
            *(None,) * 5,
        ),
        all=True,
    )


# The columns of ``_member_facts`` after the part, by type: each part's values in the
# columns of their type, the others empty (NULL, typed as the column is).
# - facts: profile id, active, enrolled and not left, date of birth, authorization, private
#   facts forgotten on, adult from, last day enrolled;
# - skill (``SKILL_COLUMNS``): skill id, needs a certificate, valid until (first date),
#   confirmed and earned (the two moments);
# - absence: from and to (first two dates).
_COLUMN_TYPES = (
    IntegerField,
    BooleanField,
    BooleanField,
    DateField,
    DateField,
    DateField,
    DateField,
    DateField,
    DateTimeField,
    DateTimeField,
)


def _part(queryset: QuerySet, part: int, *columns: str | None) -> QuerySet:
    """``queryset``'s rows as a part of ``_member_facts``: its number, then ``columns`` (a
    column's name, or None for an empty column of that place's type)."""
    empty = {
        f"empty_{place}": Value(None, output_field=_COLUMN_TYPES[place]())
        for place, name in enumerate(columns)
        if name is None
    }
    names = [name or f"empty_{place}" for place, name in enumerate(columns)]
    return (
        queryset.order_by()
        .annotate(part=Value(part, output_field=IntegerField()), **empty)
        .values_list("part", *names)
    )


_MEMBER_FACTS = QueryShape(_member_facts, int, int, int)


class MemberFacts:
    """What the work rules read about one member (``User.objects.with_work_facts()``), read
    as columns in one compiled query (``_member_facts``). It answers as the profile does with
    the profile's own methods (``age_on``, ``is_minor_on``, ``clearance_problem_on``,
    ``work_refusal_on``), so that the rules stay in one place; ``worker`` is
    ``eligibility.worker_of``."""

    age_on = MemberProfile.age_on
    is_minor_on = MemberProfile.is_minor_on
    clearance_problem_on = MemberProfile.clearance_problem_on
    work_refusal_on = MemberProfile.work_refusal_on

    def __init__(self, pk: int, row: tuple, skills: list[tuple], absences: list[tuple]) -> None:
        self.pk = pk
        self.is_active = row[0]
        (
            self.date_of_birth,
            self.parental_authorization_received_on,
            self.private_facts_forgotten_on,
            self.adult_from,
        ) = row[2:6]
        self.enrolled_open, self.enrolled_until = row[6:8]
        self.skills = skills  # (skill id, needs a certificate, valid until, confirmed, earned)
        self.absences = absences  # (from, to)

    @property
    def user(self) -> MemberFacts:
        """``work_refusal_on`` asks the profile's user whether the account is active."""
        return self

    def is_enrolled_on(self, day: dt.date) -> bool:
        return bool(self.enrolled_open) or (
            self.enrolled_until is not None and self.enrolled_until > day
        )

    def is_away_on(self, day: dt.date) -> bool:
        return any(starts_on <= day <= ends_on for starts_on, ends_on in self.absences)

    def worker(self, day: dt.date, slots: Iterable[rules.Slot] = ()) -> rules.Worker:
        """The member as the rules see them on ``day`` (``eligibility.worker_of``)."""
        # ``MemberSkill.is_valid_on`` and ``is_vouched_for`` (confirmed or earned).
        valid = [
            (skill_id, confirmed is not None or earned is not None)
            for skill_id, certificate, until, confirmed, earned in self.skills
            if not certificate or (until is not None and until >= day)
        ]
        refusal = self.work_refusal_on(day)
        return rules.Worker(
            member_id=self.pk,
            refusal=refusal,
            refusal_private=bool(refusal and refusal == self.clearance_problem_on(day)),
            age=self.age_on(day),
            is_minor=self.is_minor_on(day),
            skills=frozenset(skill_id for skill_id, _vouched in valid),
            vouched_skills=frozenset(skill_id for skill_id, vouched in valid if vouched),
            slots=tuple(slots),
        )


class _UserFacts:
    """A user without a profile (not a member, whom the rules refuse): as the user answers."""

    def __init__(self, pk: int) -> None:
        self.user = User.objects.with_work_facts().get(pk=pk)

    def worker(self, day: dt.date, slots: Iterable[rules.Slot] = ()) -> rules.Worker:
        return worker_of(self.user, day, slots)


def member_facts(pk: int) -> MemberFacts | _UserFacts:
    """What the rules read about member ``pk``: ``facts.worker(day, slots)``."""
    rows = _MEMBER_FACTS.rows(pk, pk, pk)
    (facts,) = (row for row in rows if row[0] == _FACTS_ROW)
    _part, profile_pk, is_active, enrolled_open, *dates, enrolled_until, _c, _e = facts
    if profile_pk is None:
        return _UserFacts(pk)
    skills = [(row[1], row[2], row[4], row[9], row[10]) for row in rows if row[0] == _SKILL_ROW]
    absences = [(row[4], row[5]) for row in rows if row[0] == _ABSENCE_ROW]
    row = (is_active, profile_pk, *dates, enrolled_open, enrolled_until)
    return MemberFacts(pk, row, skills, absences)


@functools.lru_cache(maxsize=64)
def _commitments_shape(first: dt.date, last: dt.date) -> QueryShape:
    return QueryShape(lambda pk: commitment_rows([pk], first, last), int)


def member_commitments(pk: int, first: dt.date, last: dt.date) -> list[rules.Slot]:
    """``work.commitments([pk], first, last)[pk]``, its SQL compiled once per dates."""
    return slots_of(_commitments_shape(first, last).rows(pk)).get(pk, [])


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


def needs_of_card(job: Job) -> rules.JobNeeds:
    """``eligibility.needs_of`` of a job loaded by ``card_jobs`` (others: ``needs_of``)."""
    return rules.JobNeeds(
        slot=slot_of(job), skills=job.needed_skills, minimum_age=job.service.minimum_age
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
