"""What the approvers' pages read: the queue of claims with what an approver should know
about each member (``TeamFacts``), the jobs short of members, a job's team suggestion and the
hours to validate. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from cjs.db import CompiledQuery
from cjs.i18n import localized
from members.models import Season, SkillLevel, User
from members.queries.work_facts import page_rows
from services import fairness, rules
from services.models import (
    Claim,
    ClaimStatus,
    Job,
    JobSkill,
    JobStatus,
    Replacement,
    ReplacementStatus,
)
from services.queries.eligibility import HoursCheck, hours_neutral_refusal, readable_by
from services.queries.paging import ShapedPages, as_text
from services.queries.team_facts import Row, TeamFacts

UNDERSTAFFED_WITHIN = dt.timedelta(hours=48)


def waiting_claims(season):
    now = timezone.now()
    today = timezone.localdate()
    return _waiting_claims(Q(job__season=season), today, today, timezone.localtime(now).time())


def waiting_rows(season) -> ShapedPages | QuerySet:
    """``waiting_claims(season)`` for ``Paginator`` as the columns the queue writes and its
    rules read (``QUEUE_ROW_COLUMNS``, made ``QueueClaim`` by ``services.queries.queues``):
    a page's claims, jobs, services and replacements made model instances cost more than
    the rest of the page. Its count and pages compiled once (``ShapedPages``: the day and
    the time as texts)."""
    if season is None:
        return waiting_claims(season).values_list(*QUEUE_ROW_COLUMNS)
    now = timezone.now()
    today = str(timezone.localdate())
    time = str(timezone.localtime(now).time())
    return ShapedPages(
        _season_waiting_rows, (int, str, str, str), (season.pk, today, today, time), rows=True
    )


def _season_waiting_rows(season_pk: int, today: str, today_again: str, time: str):
    return _season_waiting_claims(season_pk, today, today_again, time).values_list(
        *QUEUE_ROW_COLUMNS
    )


def _season_waiting_claims(season_pk: int, today: str, today_again: str, time: str):
    return _waiting_claims(
        Q(job__season_id=season_pk), as_text(today), as_text(today_again), as_text(time)
    )


def _waiting_claims(season: Q, today, today_again, time):
    """The claims waiting on jobs of ``season`` from ``today``, but those of the jobs of
    today that have ended by ``time`` (``today_again``: today too, each value once in the
    SQL for ``waiting_rows``)."""
    return (
        Claim.objects.filter(
            season,
            status=ClaimStatus.PENDING,
            job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
            job__date__gte=today,
        )
        .exclude(job__date=today_again, job__ends_at__lte=time)
        # The page reads its columns (``waiting_rows``); the claims, for the tests' rows.
        .select_related("job__service", "replacement__claim__member")
        .order_by("job__date", "job__starts_at", "job_id", "created_at", "pk")
    )


def needs_of_jobs(jobs) -> dict[int, rules.JobNeeds]:
    """What ``needs_of`` answers of each of ``jobs`` (objects with the pk, date, times,
    service name and minimum age of a job: ``services.queries.queues.PageJob``), their skill
    needs read as columns in one query compiled once per number of jobs (``page_rows``)."""
    skills: dict[int, list[rules.NeededSkill]] = {job.pk: [] for job in jobs}
    language = get_language()
    for job_id, skill_id, name_fr, name_en, requires_certificate, level in page_rows(
        _job_skill_rows, sorted(skills)
    ):
        confirmed = level == SkillLevel.CONFIRMED  # ``SkillNeed.needs_confirmation``
        name = localized(name_fr, name_en, language)
        skills[job_id].append(rules.NeededSkill(skill_id, name, requires_certificate, confirmed))
    return {
        job.pk: rules.JobNeeds(
            slot=rules.Slot(job.pk, job.date, job.starts_at, job.ends_at, job.service_name),
            skills=tuple(skills[job.pk]),
            minimum_age=job.minimum_age,
        )
        for job in jobs
    }


def _job_skill_rows(job_ids: list[int]):
    # The needs in the order ``job.skill_needs.all()`` gives them (the same query's rows).
    return JobSkill.objects.filter(job_id__in=job_ids).values_list(
        "job_id",
        "skill_id",
        "skill__name_fr",
        "skill__name_en",
        "skill__requires_certificate",
        "level",
    )


# The columns of a claim of the queue (``QueueClaim``), in this order.
QUEUE_ROW_COLUMNS = (
    "id",
    "job_id",
    "member_id",
    "job__date",
    "job__starts_at",
    "job__ends_at",
    "job__seats",
    "job__town_name",
    "job__service_id",
    "job__service__name_fr",
    "job__service__name_en",
    "job__service__minimum_age",
    "replacement_id",
    "replacement__reason",
    "replacement__claim__member__first_name",
)


def understaffed_jobs(season, now: dt.datetime | None = None) -> list[Job]:
    """Jobs starting within 48 hours whose team is not complete (a member who asked to be
    replaced counts as missing until someone takes the seat). One query, compiled once per
    season and pair of days (``_understaffed_query``)."""
    if season is None:  # no season yet: no job (as the former ``filter(season=None)``)
        return []
    now = now or timezone.now()
    found = []
    for job in _understaffed_query(season.pk, *_understaffed_days(now)).instances():
        missing = _missing(job.seats, job.approved, job.replacing, job.starts, now)
        if missing is not None:
            job.missing = missing
            job.replacements_open = job.replacing
            found.append(job)
    return found


def short_team_rows(season, now: dt.datetime | None = None) -> tuple[tuple, ...]:
    """``understaffed_jobs`` as the rows the dashboards write: (id, day, start, service's
    name in the active language, town, seats missing, replacements asked), read as columns
    (no job or service instances)."""
    if season is None:
        return ()
    now = now or timezone.now()
    found = []
    query = _understaffed_columns_query(season.pk, *_understaffed_days(now))
    for pk, date, starts_at, seats, town, name_fr, name_en, approved, replacing in query.rows():
        starts = timezone.make_aware(dt.datetime.combine(date, starts_at))  # as ``Job.starts``
        missing = _missing(seats, approved, replacing, starts, now)
        if missing is not None:
            found.append(
                (pk, date, starts_at, localized(name_fr, name_en), town, missing, replacing)
            )
    return tuple(found)


def _understaffed_days(now: dt.datetime) -> tuple[dt.date, dt.date]:
    """The local days from ``now`` to 48 hours later."""
    return timezone.localtime(now).date(), timezone.localtime(now + UNDERSTAFFED_WITHIN).date()


def _missing(
    seats: int, approved: int, replacing: int, starts: dt.datetime, now: dt.datetime
) -> int | None:
    """The seats missing of a job starting at ``starts`` with ``approved`` claims, of which
    ``replacing`` ask to be replaced, when it starts within 48 hours of ``now`` with its team
    incomplete; None otherwise."""
    sure = approved - replacing
    if sure < seats and now <= starts <= now + UNDERSTAFFED_WITHIN:
        return rules.free_seats(seats=seats, taken=sure)
    return None


def _understaffed(season_pk: int | None, first: dt.date, last: dt.date) -> QuerySet:
    """The jobs of ``understaffed_jobs`` from ``first`` to ``last`` with their seats taken."""
    approved = Q(claims__status=ClaimStatus.APPROVED)
    return (
        Job.objects.filter(
            season_id=season_pk,
            status__in=(JobStatus.OPEN, JobStatus.STAFFED),
            date__gte=first,
            date__lte=last,
        )
        .annotate(
            # Distinct: the join with the replacement requests repeats a claim.
            approved=Count("claims", filter=approved, distinct=True),
            # A claim has one open replacement request at most (a constraint says so).
            replacing=Count(
                "claims__replacement_requests",
                filter=approved & Q(claims__replacement_requests__status=ReplacementStatus.OPEN),
            ),
        )
        .order_by("date", "starts_at", "pk")
    )


@functools.lru_cache(maxsize=16)
def _understaffed_query(season_pk: int | None, first: dt.date, last: dt.date) -> CompiledQuery:
    """``_understaffed`` as jobs with their service, compiled once per season and days (the
    ORM spent more on building this query than the database on running it, on the approval
    queue and the leader's dashboard)."""
    return CompiledQuery.of(_understaffed(season_pk, first, last).select_related("service"))


@functools.lru_cache(maxsize=16)
def _understaffed_columns_query(
    season_pk: int | None, first: dt.date, last: dt.date
) -> CompiledQuery:
    """``_understaffed`` as the columns ``short_team_rows`` reads, compiled once per season
    and days."""
    return CompiledQuery.of(
        _understaffed(season_pk, first, last).values_list(
            "pk",
            "date",
            "starts_at",
            "seats",
            "town_name",
            "service__name_fr",
            "service__name_en",
            "approved",
            "replacing",
        )
    )


def seats_taken(live: list[Claim]) -> int:
    return sum(claim.takes_a_seat for claim in live)


def suggestion_for(
    job: Job, live: list[Claim], facts: TeamFacts, replacing: list[Replacement] = ()
):
    """The team suggestion of ``job`` and the candidates' facts (see ``fairness``): for the
    free seats and the seats of the members who can't make it (``replacing``), whom nobody
    offered to replace yet."""
    leaving = {r.claim.member_id for r in replacing}
    on_team = frozenset(c.member_id for c in live) - leaving
    candidates = [
        fairness.Candidate(
            member_id=member.pk,
            earned=facts.earned(member.pk),
            hours=facts.hours(member.pk),
            booked_earnings=facts.booked_earnings(member.pk),
            booked_hours=facts.booked_hours(member.pk),
            experience=facts.experience.get((member.pk, job.service_id), 0),
            refusal=facts.refusal(member.pk, job),
            available=member.is_available(job.date, job.starts_at, job.ends_at),
        )
        for member in facts.members.values()
        if member.is_member and member.pk not in leaving
    ]
    picks = fairness.suggest_team(
        free_seats=rules.free_seats(seats=job.seats, taken=seats_taken(live)) + len(replacing),
        candidates=candidates,
        on_team=on_team,
        team_has_experience=any(
            facts.experience.get((c.member_id, job.service_id))
            for c in live
            if c.member_id in on_team
        ),
    )
    return picks, {c.member_id: c for c in candidates}


def hours_claims(season, *, pk: int | None = None):
    claims = _hours_claims(Q(job__season=season), timezone.localdate())
    if pk is not None:
        return claims.filter(pk=pk)
    return claims.filter(timesheet__validated_at__isnull=True)


def _hours_claims(season: Q, today):
    return (
        Claim.objects.approved()
        .filter(season, job__status__in=(JobStatus.OPEN, JobStatus.STAFFED, JobStatus.DONE))
        .filter(job__date__lte=today)
        .select_related("member__profile", "job__service", "timesheet")
        .order_by("job__date", "job__starts_at", "job_id", "member__first_name", "pk")
    )


def hours_page_claims(season, now: dt.datetime) -> ShapedPages | QuerySet:
    """The claims of the hours to validate on jobs started by ``now``, for ``Paginator``, as
    the columns their rows and the limits of minors read (``HOURS_ROW_COLUMNS``, made
    ``HoursClaim`` by ``services.queries.queues``: a page's claims, members, profiles, jobs
    and services made model instances cost more than the rest of the page); its count and
    pages compiled once (``ShapedPages``: the day and the time as texts)."""
    if season is None:
        return hours_claims(season).filter(started_by(now)).values_list(*HOURS_ROW_COLUMNS)
    local = timezone.localtime(now)
    values = (season.pk, str(timezone.localdate()), str(local.date()), str(local.date()))
    return ShapedPages(
        _hours_page, (int, str, str, str, str), (*values, str(local.time())), rows=True
    )


def _hours_page(season_pk: int, today: str, day: str, day_again: str, time: str):
    return (
        _hours_claims(Q(job__season_id=season_pk), as_text(today))
        .filter(timesheet__validated_at__isnull=True)
        .filter(_started_by(as_text(day), as_text(day_again), as_text(time)))
        .values_list(*HOURS_ROW_COLUMNS)
    )


# The columns of a claim of the hours to validate (``HoursClaim``), in this order.
HOURS_ROW_COLUMNS = (
    "id",
    "job_id",
    "member_id",
    "member__first_name",
    "member__last_name",
    "member__username",
    "member__profile__id",
    "member__profile__date_of_birth",
    "member__profile__private_facts_forgotten_on",
    "member__profile__adult_from",
    "job__date",
    "job__starts_at",
    "job__ends_at",
    "job__town_name",
    "job__service__name_fr",
    "job__service__name_en",
    "timesheet__id",
    "timesheet__started_at",
    "timesheet__ended_at",
    "timesheet__break_minutes",
    "timesheet__hours",
    "timesheet__logged_started_at",
    "timesheet__logged_ended_at",
    "timesheet__validated_at",
)


def started_by(now: dt.datetime) -> Q:
    """Claims on jobs that have started by ``now`` (``Job.has_started``, asked of the
    database so that a page of the hours to validate is a slice of the query)."""
    local = timezone.localtime(now)
    return _started_by(local.date(), local.date(), local.time())


def _started_by(day, day_again, time) -> Q:
    return Q(job__date__lt=day) | Q(job__date=day_again, job__starts_at__lte=time)


def hours_problems(viewer: User, check: HoursCheck, claim: Claim) -> list[str]:
    """The limits of minors the hours logged break, as the viewer may read them."""
    refusals = check.of(claim)
    if not refusals:  # most rows: no text to translate
        return []
    neutral = hours_neutral_refusal()
    texts = [readable_by(refusal, viewer, claim.member_id, neutral=neutral) for refusal in refusals]
    return list(dict.fromkeys(texts))  # the neutral text once


def season_member_ids(season: Season) -> list[int]:
    """The members enrolled in ``season``, by name."""
    members = User.objects.members().enrolled_in(season).order_by("first_name", "last_name")
    return list(members.values_list("pk", flat=True))


@dataclass
class TeamPage:
    """A job's team as the approvers see it: who is on it (and who can't make it), who is
    waiting, the suggestion for the free seats and everyone else (with why not, for the
    leaders; a delegate sees only those who can be placed)."""

    team: list[Row]
    waiting: list[Row]
    replacing: list[Replacement]
    picks: list
    others: list[tuple[User, str | None]]
    free_seats: int

    @property
    def claims_for_seats(self) -> bool:
        return any(row.claim.replacement_id is None for row in self.waiting)


def _team_rows(live: list[Claim], facts: TeamFacts, asked: dict[int, Replacement]) -> list[Row]:
    team = []
    for claim in live:
        if claim.is_approved:
            row = facts.row(claim)
            row.replacement = asked.get(claim.pk)
            if row.replacement is not None:
                row.replacement.claim = claim
            team.append(row)
    return team


def team_page(job: Job, facts: TeamFacts) -> TeamPage:
    live = list(
        job.claims.live()
        .select_related("member__profile", "replacement__claim__member")
        .order_by("status", "created_at")
    )
    for claim in live:
        claim.job = job
    asked = {
        replacement.claim_id: replacement
        for replacement in Replacement.objects.filter(
            claim__job=job, status=ReplacementStatus.OPEN
        ).prefetch_related(
            Prefetch("offers", queryset=Claim.objects.filter(status=ClaimStatus.PENDING))
        )
    }
    team = _team_rows(live, facts, asked)
    # The seats of members who can't make it and whom nobody offered to replace yet.
    replacing = [r for r in asked.values() if not r.offers.all()]
    picks, candidates = suggestion_for(job, live, facts, replacing)
    on_job = {c.member_id for c in live}
    others = [
        (member, candidates[member.pk].refusal)
        for member in facts.members.values()
        if member.pk not in on_job and member.pk in candidates
    ]
    if not facts.viewer.is_leader:
        # A delegate sees who can be placed, never a line per member who can't: on a long
        # job those lines would be exactly the minors.
        others = [(member, refusal) for member, refusal in others if refusal is None]
    others.sort(key=lambda pair: (pair[1] is not None, str(pair[0])))
    return TeamPage(
        team=team,
        waiting=[facts.row(c) for c in live if c.is_pending],
        replacing=replacing,
        picks=picks,
        others=others,
        free_seats=rules.free_seats(seats=job.seats, taken=seats_taken(live)),
    )
