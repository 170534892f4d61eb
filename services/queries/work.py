"""Reads about the teams that several pages share: validated hours and earnings per member,
the work they have booked, experience of a service, the head start circle, what each member
has on.

Each runs a fixed number of queries whatever the number of members or jobs.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, ExtractHour, ExtractMinute
from django.utils import timezone
from django.utils.translation import get_language

from cjs.db import count_subquery, inline_dates
from members.models import Cooperative, Enrolment, Season, User, not_cleared_flag
from members.queries.work_facts import page_rows
from services.fairness import head_start_ends, in_head_start_circle
from services.models import (
    CENT,
    COUNTED_JOB_STATUSES,
    LIVE_CLAIM_STATUSES,
    Claim,
    ClaimStatus,
    Job,
    JobStatus,
    Timesheet,
    WorkTally,
    hours_between,
    localized,
)
from services.rules import Slot

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=12, decimal_places=2)
# The job board shows the open jobs of the coming two weeks.
BOARD_DAYS = 14


def board_days(today: dt.date) -> Q:
    """The open jobs from today to ``BOARD_DAYS`` ahead, those of today that started
    included (a query compiled once a day leaves them out in Python)."""
    return Q(
        status=JobStatus.OPEN, date__gte=today, date__lte=today + dt.timedelta(days=BOARD_DAYS)
    )


def on_the_board(today: dt.date, now: dt.datetime) -> Q:
    """The jobs of the board: open, from today (not started yet) to ``BOARD_DAYS`` ahead."""
    local = timezone.localtime(now)
    return board_days(today) & ~Q(date=local.date(), starts_at__lte=local.time())


def validated_timesheets(season: Season):
    return Timesheet.objects.filter(
        validated_at__isnull=False,
        claim__status=ClaimStatus.APPROVED,
        claim__job__season=season,
    ).exclude(claim__job__status=JobStatus.CANCELLED)


def hours_and_earnings(
    season: Season | None, member_ids: Iterable[int] | None = None
) -> dict[int, tuple[Decimal, Decimal]]:
    """``{member id: (validated hours, earned)}`` this season (of ``member_ids`` only when
    given: a page reads the members it shows, not the whole season), in one query."""
    if not season:
        return {}
    rows = _hours_and_earnings_rows(season, None if member_ids is None else list(member_ids))
    return {member_id: (hours or ZERO, earned or ZERO) for member_id, hours, earned in rows}


def validated_of(season: Season, member_ids: list[int] | None) -> QuerySet:
    """The validated timesheets ``hours_and_earnings`` sums (of ``member_ids`` when given)."""
    timesheets = validated_timesheets(season)
    if member_ids is not None:
        timesheets = timesheets.filter(claim__member_id__in=member_ids)
    return timesheets


def earned_sum() -> Sum:
    """What a member earned of the timesheets summed: the hours at their job's rate."""
    return Sum(ExpressionWrapper(F("hours") * F("claim__job__hourly_rate"), output_field=MONEY))


def _hours_and_earnings_rows(season: Season, member_ids: list[int] | None) -> QuerySet:
    return (
        validated_of(season, member_ids)
        .values("claim__member_id")
        .annotate(total_hours=Sum("hours"), earned=earned_sum())
        .order_by()
        .values_list("claim__member_id", "total_hours", "earned")
    )


def hours_subquery(season: Season | None):
    """An annotation of a user queryset: their validated hours this season (0 if none)."""
    if not season:
        return Value(ZERO, output_field=MONEY)
    total = (
        validated_timesheets(season)
        .filter(claim__member=OuterRef("pk"))
        .values("claim__member")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO, output_field=MONEY))


def skill_hours_subquery(season: Season, last_day: dt.date):
    """An annotation of a member's skills: the hours validated this season up to ``last_day``
    on jobs that needed the skill (0 if none), the proof behind an earned skill."""
    total = (
        validated_timesheets(season)
        .filter(
            claim__member=OuterRef("user_id"),
            claim__job__date__lte=last_day,
            claim__job__skill_needs__skill=OuterRef("skill_id"),
        )
        .values("claim__member")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO, output_field=MONEY))


def team_average(season: Season | None) -> Decimal:
    """Average validated hours of the members taking part this season, summed and counted
    by the database in one query (a page showing a few members does not read every
    member's figures for it)."""
    if not season:
        return ZERO
    sql, params = _team_average_sql(season.pk, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, total = cursor.fetchone()
    return average_of(count, total)


def average_of(count: int, total) -> Decimal:
    """The average hours of ``count`` members who worked ``total`` hours (as read)."""
    if not count:
        return ZERO
    return (_decimal(total or ZERO) / count).quantize(Decimal("0.1"))


def taking_part(season_pk: int) -> QuerySet:
    """The enrolments of the members taking part in the season: ``User.objects.members()
    .enrolled_in(season)`` read from the season's enrolments (one a member:
    ``enrolment_unique_per_season``) by their index, each joined to its user, not by
    scanning every user the cooperative ever had, twice, as the users' ``pk__in`` was
    planned (its cost grew with the archived seasons)."""
    return (
        Enrolment.objects.filter(season_id=season_pk).active().filter(user__role=User.Role.MEMBER)
    )


def team_average_columns(season_pk: int) -> tuple[Coalesce, Subquery]:
    """A season's (``Season`` queryset's) members taking part and their validated hours,
    as ``team_average`` reads them."""
    count = count_subquery(taking_part(season_pk))
    # The validated hours (``validated_timesheets``) as each member's working time keeps
    # them (``WorkTally``): a row a member, not the season's hours joined to their claims.
    # ``Func`` and not ``Sum``: a scalar subquery without a GROUP BY (as ``count_subquery``).
    total = (
        WorkTally.objects.filter(season_id=season_pk)
        .order_by()
        .annotate(t=Func(F("worked"), function="SUM"))
    )
    return count, Subquery(total.values("t"), output_field=MONEY)


@functools.lru_cache(maxsize=16)
def _team_average_sql(season_pk: int, vendor: str) -> tuple[str, tuple]:
    """The SQL of ``team_average`` and its parameters, built once per season (it depends on
    nothing else; the ORM spent more on building it than the database on running it, on
    the approval queue and the team pages). The figures are read afresh at each call."""
    row = Season.objects.filter(pk=season_pk).values_list(*team_average_columns(season_pk))
    return row.query.get_compiler(connection=connection).as_sql()


def experience(service_id: int, member_ids=None) -> dict[int, int]:
    """``{member id: jobs of this service done}`` (all seasons), in one query."""
    claims = Claim.objects.approved().filter(job__service_id=service_id, job__status=JobStatus.DONE)
    if member_ids is not None:
        claims = claims.filter(member_id__in=list(member_ids))
    rows = claims.values("member_id").annotate(n=Count("pk")).order_by()
    return {row["member_id"]: row["n"] for row in rows}


def booked_work(
    season: Season | None, member_ids: Iterable[int] | None = None
) -> dict[int, tuple[Decimal, Decimal]]:
    """``{member id: (hours, pay)}`` of the work each member (of ``member_ids`` when given)
    holds or asked for this season that is not validated yet: claims waiting or approved on
    jobs not cancelled, at the hours logged when there are some, the job's planned hours
    otherwise. One query."""
    if not season:
        return {}
    return booked_totals(_booked_rows(season, None if member_ids is None else list(member_ids)))


def booked_claims(season: Season, member_ids: list[int] | None) -> QuerySet:
    """The claims ``booked_work`` counts (of ``member_ids`` when given)."""
    claims = Claim.objects.counted().filter(job__season=season)
    if member_ids is not None:
        claims = claims.filter(member_id__in=member_ids)
    return claims.exclude(timesheet__validated_at__isnull=False)


def _booked_rows(season: Season, member_ids: list[int] | None) -> QuerySet:
    return (
        booked_claims(season, member_ids)
        .values_list(
            "member_id", "job__starts_at", "job__ends_at", "job__hourly_rate", "timesheet__hours"
        )
        .order_by()
    )


def booked_totals(rows) -> dict[int, tuple[Decimal, Decimal]]:
    found: dict[int, tuple[Decimal, Decimal]] = {}
    for member_id, starts_at, ends_at, rate, logged in rows:
        hours = logged if logged is not None else hours_between(starts_at, ends_at)
        total, pay = found.get(member_id, (ZERO, ZERO))
        found[member_id] = (total + hours, pay + (hours * rate).quantize(CENT))
    return found


def circle_hours(season: Season, today: dt.date) -> dict[int, Decimal]:
    """Hours of the members who may take jobs (enrolled, cleared): validated, plus booked
    (as ``booked_work`` counts them), summed by the database in one query whatever the
    season's size."""
    sql, params = _circle_sql(season.pk, today, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {
        pk: _decimal(worked or ZERO) + _decimal(logged or ZERO) + Decimal(planned or 0) / 100
        for pk, worked, logged, planned in rows
    }


@functools.lru_cache(maxsize=16)
def _circle_sql(season_pk: int, today: dt.date, vendor: str) -> tuple[str, tuple]:
    """The SQL of ``circle_hours`` and its parameters, built once per season and day (it
    depends on nothing else): the ORM spends more on building and compiling this query than
    the database on running it, on a page every member opens. The rows are read afresh at
    each call.

    The season's members who may take jobs, each joined to their row of ``WorkTally``
    (``work_sums`` as the last write left it; none: no work booked), one row a member
    whatever the length of the season."""
    # The members taking part (``taking_part``) who are cleared, asked of each one's profile
    # by a join (a correlated NOT EXISTS read every member's user row a second time).
    members = (
        taking_part(season_pk)
        .alias(not_cleared=not_cleared_flag(today, "user__"))
        .filter(not_cleared=False)
        .values(member=F("user_id"))  # named, for the join below
        .order_by()
    )
    # Each member's sums, kept by the writes that change them (``WorkTally``, from
    # ``work_sums``): the season's claims are not summed again on every page.
    work = (
        WorkTally.objects.filter(season_id=season_pk)
        .values_list("member_id", "worked", "logged", "planned")
        .order_by()
    )
    members_sql, members_params = members.query.get_compiler(connection=connection).as_sql()
    work_sql, work_params = work.query.get_compiler(connection=connection).as_sql()
    # Both parts are the ORM's compiled SQL, their values in the parameters.
    sql = (
        "SELECT members.member, work.worked, work.logged, work.planned"  # noqa: S608
        f" FROM ({members_sql}) members LEFT JOIN ({work_sql}) work"
        " ON work.member_id = members.member"
    )
    # The day's dates written in (``inline_dates``): the planner sees whom they leave out.
    return inline_dates(sql, (*members_params, *work_params), vendor)


def work_sums(season_pk: int) -> QuerySet:
    """``(member id, worked, logged, planned)`` of each member with claims waiting or approved on
    the season's jobs not cancelled, one row a member: the validated hours of the approved
    claims (as ``validated_timesheets`` counts them), then the work booked and not validated
    yet (``booked_work``) as ``logged`` (the hours logged, a decimal) and ``planned`` (the
    job's times where no hours are logged, in hundredths of an hour: each job rounded as
    ``hours_between`` rounds it, and summed exactly). What ``WorkTally`` keeps
    (``services.actions.tally_refresh``)."""
    # An integer (PostgreSQL's EXTRACT answers a decimal), so that "/" divides integers.
    minutes = Cast(
        (ExtractHour("job__ends_at") - ExtractHour("job__starts_at")) * 60
        + ExtractMinute("job__ends_at")
        - ExtractMinute("job__starts_at"),
        IntegerField(),
    )
    # Hundredths of an hour rounded half up, in integers: (minutes x 100 + 30) // 60.
    hundredths = ExpressionWrapper((minutes * 10 + 3) / 6, output_field=IntegerField())
    # Claims waiting or approved on the season's jobs not cancelled (``COUNTED_JOB_STATUSES``):
    # the work booked, of which the approved claims' validated hours are the work done.
    return (
        Claim.objects.filter(
            job__season_id=season_pk,
            job__status__in=COUNTED_JOB_STATUSES,
            status__in=LIVE_CLAIM_STATUSES,
        )
        .values(worker=F("member_id"))  # one group per member
        .annotate(
            worked=Sum(
                "timesheet__hours",
                filter=Q(status=ClaimStatus.APPROVED, timesheet__validated_at__isnull=False),
            ),
            logged=Sum("timesheet__hours", filter=Q(timesheet__validated_at__isnull=True)),
            planned=Sum(hundredths, filter=Q(timesheet__isnull=True)),
        )
        .values_list("worker", "worked", "logged", "planned")
        .order_by()
    )


def circle_place(season: Season, today: dt.date, member_pk: int) -> tuple[int, int, bool]:
    """Where member ``member_pk`` stands among the members ``circle_hours`` reads: how many
    they are, how many of them have fewer hours, and whether the member is one of them.
    One row whatever the season's size (``circle_hours`` reads a row a member: on a
    long-lived cooperative's board, ~150 rows and ~900 Python calls to say one thing).

    The hours are compared in hundredths, as integers on both databases: validated and
    logged hours hold cents (SQLite sums them as floats, rounded here as ``_decimal``
    rounds them), the planned hours are in hundredths already."""
    sql, params = _circle_place_sql(season.pk, today, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, member_pk, member_pk))
        members, fewer, found = cursor.fetchone()
    return members, fewer or 0, bool(found)


@functools.lru_cache(maxsize=16)
def _circle_place_sql(season_pk: int, today: dt.date, vendor: str) -> tuple[str, tuple]:
    """``circle_hours``'s SQL as a table of hundredths, counted around one member (its id,
    twice, follows the parameters)."""
    inner, params = _circle_sql(season_pk, today, vendor)
    # ``inner`` is the ORM's compiled SQL, its values in ``params``: nothing comes from outside.
    sql = (
        f"WITH circle (pk, worked, logged, planned) AS ({inner}), "  # noqa: S608
        "hundredths (pk, h) AS (SELECT pk, ROUND((COALESCE(worked, 0) + COALESCE(logged, 0))"
        " * 100) + COALESCE(planned, 0) FROM circle) "
        "SELECT COUNT(*), SUM(CASE WHEN h < (SELECT h FROM hundredths WHERE pk = %s)"
        " THEN 1 ELSE 0 END), SUM(CASE WHEN pk = %s THEN 1 ELSE 0 END) FROM hundredths"
    )
    return sql, tuple(params)


def _decimal(value) -> Decimal:
    """A sum as read by a cursor: a decimal from PostgreSQL, a float or a text from SQLite
    (cents are what the figures hold)."""
    return value if isinstance(value, Decimal) else Decimal(str(value)).quantize(CENT)


class HeadStart:
    """Which new jobs a member sees before the others (``fairness.head_start_circle``)."""

    def __init__(self, cooperative: Cooperative, season: Season | None, now: dt.datetime) -> None:
        self.enabled = bool(cooperative.head_start_enabled and season)
        self.hours = cooperative.head_start_hours
        self.season = season
        self.now = now
        # (member id, ``circle_place`` of the member) once read.
        self._place: tuple[int, tuple[int, int, bool]] | None = None

    def ends(self, job: Job) -> dt.datetime:
        return head_start_ends(job.created_at, self.hours)

    def running(self, job: Job) -> bool:
        return self.running_since(job.created_at)

    def running_since(self, created_at: dt.datetime) -> bool:
        """Is a job created at ``created_at`` in its head start now?"""
        return self.enabled and self.now < head_start_ends(created_at, self.hours)

    def started_after(self) -> dt.datetime:
        """Jobs created after this moment are in their head start."""
        return self.now - dt.timedelta(hours=self.hours)

    def started_after_on(self, day: dt.date) -> dt.datetime:
        """``started_after`` at the start of ``day`` (local): the jobs created at or before
        it are past their head start all that day (a bound that holds for SQL built once a
        day)."""
        midnight = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        return midnight - dt.timedelta(hours=self.hours)

    def includes(self, member_pk: int, seats: int) -> bool:
        """Is the member among those a new job of ``seats`` seats is shown to first
        (``fairness.head_start_circle`` of ``circle_hours``)? Their place is read once."""
        if self._place is None or self._place[0] != member_pk:
            day = timezone.localtime(self.now).date()
            self._place = (member_pk, circle_place(self.season, day, member_pk))
        members, fewer, found = self._place[1]
        return found and in_head_start_circle(members, fewer, seats)

    def shows(self, job: Job, member_id: int) -> bool:
        """May the member see (and claim) the job now?"""
        return not self.running(job) or self.includes(member_id, job.seats)


def commitments(
    member_ids, first: dt.date, last: dt.date, *, exclude_job: int | None = None
) -> dict[int, list[Slot]]:
    """``{member id: [slots]}``: the live claims (waiting or approved) of these members on
    jobs from ``first`` to ``last`` that are not cancelled, in one query. A job whose hours
    are logged counts at the hours worked, the others at their planned times."""
    return slots_of(commitment_rows(member_ids, first, last, exclude_job=exclude_job))


def page_commitments(
    member_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[int, list[Slot]]:
    """``commitments(member_ids, first, last)`` of a page's members, its query compiled
    once per number of members and dates (``page_rows``)."""
    ids = sorted(set(member_ids))
    return slots_of(page_rows(_page_commitment_rows, ids, fixed=(first, last)))


def _page_commitment_rows(first: dt.date, last: dt.date, member_ids: list[int]) -> QuerySet:
    return commitment_rows(member_ids, first, last)


def committed_claims(member_ids, first: dt.date, last: dt.date) -> QuerySet:
    """The claims ``commitments`` reads: live, on jobs not cancelled from ``first`` to
    ``last``."""
    return Claim.objects.counted().filter(
        member_id__in=member_ids, job__date__gte=first, job__date__lte=last
    )


def commitment_rows(
    member_ids, first: dt.date, last: dt.date, *, exclude_job: int | None = None
) -> QuerySet:
    """The rows ``commitments`` reads (``slots_of`` makes them slots), not run yet."""
    claims = committed_claims(member_ids, first, last)
    if exclude_job is not None:
        claims = claims.exclude(job_id=exclude_job)
    # The columns the slots read, not the claims, jobs and services in full: this query runs
    # on every page that explains a rule (the job board first).
    return claims.order_by("job__date", "job__starts_at").values_list(
        "member_id",
        "job_id",
        "job__date",
        "job__starts_at",
        "job__ends_at",
        "job__service__name_fr",
        "job__service__name_en",
        "timesheet__pk",
        "timesheet__started_at",
        "timesheet__ended_at",
        "timesheet__break_minutes",
    )


def slots_of(rows: Iterable[tuple]) -> dict[int, list[Slot]]:
    """``{member id: [slots]}`` of the rows of ``commitment_rows``."""
    found: dict[int, list[Slot]] = defaultdict(list)
    language = get_language()
    for member_id, job_id, day, starts_at, ends_at, name_fr, name_en, *timesheet in rows:
        logged, started_at, ended_at, break_minutes = timesheet
        name = localized(name_fr, name_en, language)
        found[member_id].append(
            Slot(job_id, day, started_at, ended_at, name, break_minutes)
            if logged is not None
            else Slot(job_id, day, starts_at, ends_at, name)
        )
    return found


def slot_of(job: Job) -> Slot:
    return Slot(job.pk, job.date, job.starts_at, job.ends_at, job.service.name)


def worked_slot(job: Job, timesheet: Timesheet) -> Slot:
    """The hours actually worked on ``job`` (as logged, or as validated)."""
    return Slot(
        job.pk,
        job.date,
        timesheet.started_at,
        timesheet.ended_at,
        job.service.name,
        timesheet.break_minutes,
    )


def approved_counts(job_ids) -> dict[int, int]:
    rows = (
        Claim.objects.approved()
        .filter(job_id__in=list(job_ids))
        .values("job_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["job_id"]: row["n"] for row in rows}


def seat_counts() -> dict:
    """Annotations of a job queryset: approved members, claims waiting (not counting offers
    to replace someone, which take no extra seat) and open replacement requests."""
    return {
        "approved_count": Count("claims", filter=Q(claims__status=ClaimStatus.APPROVED)),
        "waiting_count": Count(
            "claims",
            filter=Q(claims__status=ClaimStatus.PENDING, claims__replacement__isnull=True),
        ),
    }


def attestation_jobs(member: User, season: Season, last_day: dt.date) -> dict:
    """The jobs a member worked this season up to ``last_day`` with their validated hours,
    per service (for the attestation). One query."""
    rows = (
        validated_timesheets(season)
        .filter(claim__member=member, claim__job__date__lte=last_day)
        .values("claim__job__service__name_fr")
        .annotate(jobs=Count("claim__job", distinct=True), total=Sum("hours"))
        .order_by("-total", "claim__job__service__name_fr")
    )
    services = [
        {"name": row["claim__job__service__name_fr"], "jobs": row["jobs"], "hours": row["total"]}
        for row in rows
    ]
    return {
        "services": services,
        "jobs": sum(s["jobs"] for s in services),
        "hours": sum((s["hours"] for s in services), ZERO),
    }


def jobs_worked(user: User, season: Season) -> QuerySet[Job]:
    """The jobs a member was on this season and that have started (for the portfolio)."""
    return (
        Job.objects.filter(
            season=season,
            claims__member=user,
            claims__status__in=(ClaimStatus.APPROVED,),
            date__lte=timezone.localdate(),
        )
        .exclude(status=JobStatus.CANCELLED)
        .select_related("service")
        .distinct()
        .order_by("-date", "-starts_at")
    )
