"""The job board reads with queries compiled once per process (``services.queries.board_reads``):
each answers as the ORM read it answered (the member's work facts as ``worker_of`` makes them,
the commitments, the member's claims, the board's jobs and open replacements, the cards' jobs
with their skills and seats)."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Season, SkillLevel, User
from services.models import (
    LIVE_CLAIM_STATUSES,
    STANDING_REJECTION,
    CalendarFeed,
    Claim,
    ClaimStatus,
    Job,
    JobSkill,
    JobStatus,
    Replacement,
    ReplacementStatus,
)
from services.queries import (
    board_jobs,
    calendar_token,
    my_hours_and_earnings,
    my_jobs,
    needs_of,
    open_replacements,
    pay_of,
    worker_of,
)
from services.queries.board_reads import (
    board_keys,
    board_replacements,
    card_jobs,
    card_jobs_queryset,
    member_claims,
    member_facts,
    needs_of_card,
)
from services.queries.work import commitments, hours_and_earnings, seat_counts
from tests.factories import (
    AbsenceFactory,
    ArchivedSeasonFactory,
    ClaimFactory,
    EnrolmentFactory,
    JobFactory,
    LeaderFactory,
    MemberFactory,
    MemberSkillFactory,
    SkillFactory,
    TimesheetFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "en")


def _members(season) -> list[User]:
    """Members whose facts take every branch of the rules that read them."""
    today = timezone.localdate()
    made = []

    def member(enrolled=True, left_on=None, **profile):
        user = MemberFactory(**{f"profile__{key}": value for key, value in profile.items()})
        if enrolled:
            EnrolmentFactory(season=season, user=user, left_on=left_on)
        made.append(user)
        return user

    adult = member()
    member(minor=True)
    member(not_cleared=True)
    member(minor=True, parental_authorization_received_on=today - dt.timedelta(days=400))
    member(minor=True, parental_authorization_received_on=today + dt.timedelta(days=5))
    member(date_of_birth=None)
    forgotten = dict(date_of_birth=None, private_facts_forgotten_on=today)
    member(**forgotten, adult_from=today - dt.timedelta(days=100))
    member(**forgotten, adult_from=today + dt.timedelta(days=8))
    member(**forgotten, adult_from=None)
    member(left_on=today + dt.timedelta(days=4))
    member(enrolled=False)
    archived = member(enrolled=False)
    EnrolmentFactory(season=ArchivedSeasonFactory(), user=archived)
    inactive = member()
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    away = member(minor=True)
    AbsenceFactory(
        user=away, starts_on=today + dt.timedelta(days=2), ends_on=today + dt.timedelta(days=3)
    )
    AbsenceFactory(
        user=away, starts_on=today + dt.timedelta(days=7), ends_on=today + dt.timedelta(days=9)
    )
    AbsenceFactory(user=adult, starts_on=today + dt.timedelta(days=6))
    plain, certified = SkillFactory(), SkillFactory(requires_certificate=True)
    confirmed, earned = SkillFactory(), SkillFactory(requires_certificate=True)
    MemberSkillFactory(user=adult, skill=plain)
    MemberSkillFactory(user=adult, skill=certified, certificate_until=today + dt.timedelta(days=9))
    MemberSkillFactory(user=adult, skill=confirmed, confirmed_at=timezone.now(), confirmed_by=adult)
    MemberSkillFactory(user=adult, skill=earned, earned_at=timezone.now(), certificate_until=today)
    MemberSkillFactory(user=away, skill=certified)  # no certificate: never valid
    MemberSkillFactory(user=away, skill=plain, earned_at=timezone.now())
    return made


def test_a_members_work_facts_make_the_worker_the_loaded_user_makes(season):
    members = _members(season)
    today = timezone.localdate()
    slots = (*(commitments([members[0].pk], today, today).get(members[0].pk, [])),)
    for user in [*members, LeaderFactory()]:
        loaded = User.objects.with_work_facts().get(pk=user.pk)
        # Read as ``members.queries.work_facts`` reads a page's members (its own tests
        # compare each column with the tables).
        facts = member_facts(user.pk, today, today)
        for language in LANGUAGES:
            with translation.override(language):
                for offset in range(-3, 12):
                    day = today + dt.timedelta(days=offset)
                    assert facts.worker(day, slots) == worker_of(loaded, day, slots), (
                        user.pk,
                        day,
                    )


def _claims_of(member, make_job, leader):
    """Claims of ``member`` in every state the board and the rules read."""
    today = timezone.localdate()
    jobs = [
        make_job(
            date=today + dt.timedelta(days=days),
            starts_at=dt.time(hour, 0),
            ends_at=dt.time(hour + 2, 0),
        )
        for days, hour in [(1, 8), (2, 9), (3, 10), (4, 14), (5, 9), (9, 13), (20, 9)]
    ]
    ClaimFactory(job=jobs[0], member=member)
    approved = ClaimFactory(job=jobs[1], member=member, status=ClaimStatus.APPROVED)
    TimesheetFactory(claim=approved, started_at=dt.time(9, 30), break_minutes=10)
    ClaimFactory(job=jobs[2], member=member, status=ClaimStatus.REJECTED, decided_at=timezone.now())
    ClaimFactory(job=jobs[3], member=member, status=ClaimStatus.WITHDRAWN)
    ClaimFactory(
        job=jobs[4],
        member=member,
        status=ClaimStatus.REJECTED,
        decided_at=timezone.now() - dt.timedelta(days=2),
    )
    Job.objects.filter(pk=jobs[4].pk).update(rescheduled_at=timezone.now() - dt.timedelta(days=1))
    ClaimFactory(job=jobs[5], member=member, status=ClaimStatus.APPROVED)
    Job.objects.filter(pk=jobs[5].pk).update(status=JobStatus.CANCELLED)
    ClaimFactory(job=jobs[6], member=member, status=ClaimStatus.APPROVED)
    return jobs


def test_the_members_commitments_and_claims_are_those_the_orm_read(
    member, make_job, leader, other_member
):
    jobs = _claims_of(member, make_job, leader)
    ClaimFactory(job=jobs[0], member=other_member)
    today = timezone.localdate()
    for language in LANGUAGES:
        with translation.override(language):
            for first, last in [
                (today, today + dt.timedelta(days=30)),
                (today, today),
                (today + dt.timedelta(days=2), today + dt.timedelta(days=9)),
            ]:
                assert member_facts(member.pk, first, last).slots == commitments(
                    [member.pk], first, last
                ).get(member.pk, [])
    for chosen in [jobs, jobs[:1], jobs[2:5], jobs[4:]]:
        former = list(
            Claim.objects.filter(member=member, job_id__in=[job.pk for job in chosen])
            .filter(Q(status__in=LIVE_CLAIM_STATUSES) | STANDING_REJECTION)
            .order_by("decided_at")
        )
        found = member_claims(member.pk, [(job.pk, job.date) for job in chosen])
        assert [(c.pk, c.status, c.job_id, c.decision_note) for c in found] == [
            (c.pk, c.status, c.job_id, c.decision_note) for c in former
        ]
    assert member_claims(member.pk, []) == []


def test_the_boards_jobs_and_replacements_are_those_of_its_querysets(
    season, service, make_job, make_member, leader
):
    now = timezone.localtime()
    today = now.date()
    other = JobFactory(season=season).service
    started = (now - dt.timedelta(minutes=1)).replace(second=0, microsecond=0)
    later = (now + dt.timedelta(minutes=2)).replace(second=0, microsecond=0)
    last = dt.time(23, 59)

    def today_before_last(moment: dt.datetime) -> bool:
        # A job of today, starting then, still ends after it starts (at 23:59): not so in
        # the day's first and last minutes, when the moment falls on another day or at 23:59.
        return moment.date() == today and moment.time() < last

    jobs = [
        JobFactory(season=season, date=today, starts_at=dt.time(0, 0), ends_at=last),
        JobFactory(season=season, date=today, starts_at=started.time(), ends_at=last)
        if today_before_last(started)
        else None,
        JobFactory(season=season, date=today, starts_at=later.time(), ends_at=last)
        if today_before_last(later)
        else None,
        JobFactory(season=season, date=today + dt.timedelta(days=3)),
        JobFactory(season=season, date=today + dt.timedelta(days=3), service=other),
        JobFactory(season=season, date=today + dt.timedelta(days=14)),
        JobFactory(season=season, date=today + dt.timedelta(days=15)),
        JobFactory(season=season, date=today - dt.timedelta(days=1)),
        JobFactory(season=season, date=today + dt.timedelta(days=5), status=JobStatus.STAFFED),
        JobFactory(season=ArchivedSeasonFactory(), date=today + dt.timedelta(days=4)),
    ]
    jobs = [job for job in jobs if job is not None]
    # Jobs created long before the head start's bound: read without their creation.
    fresh_from = now - dt.timedelta(hours=3)
    Job.objects.filter(pk__in=[job.pk for job in jobs[::2]]).update(
        created_at=now - dt.timedelta(days=2)
    )
    for index, job in enumerate(jobs):
        claim = ClaimFactory(job=job, member=make_member(), status=ClaimStatus.APPROVED)
        replacement = Replacement.objects.create(
            claim=claim,
            status=ReplacementStatus.OPEN if index % 4 else ReplacementStatus.CANCELLED,
        )
        if index % 3 == 0:
            ClaimFactory(job=job, member=make_member(), replacement=replacement)
    days = [None, today, today + dt.timedelta(days=3), today + dt.timedelta(days=15)]
    for day in days:
        for service_pk in (None, jobs[0].service_id, other.pk):
            keys = board_jobs(season, today, now)
            replacements = open_replacements(season, today, now)
            if day:
                keys = keys.filter(date=day)
                replacements = replacements.filter(claim__job__date=day)
            if service_pk:
                keys = keys.filter(service_id=service_pk)
                replacements = replacements.filter(claim__job__service_id=service_pk)
            assert board_keys(season, today, now, day=day, service_pk=service_pk) == list(
                keys.values_list("pk", "date", "starts_at", "created_at", "seats")
            )
            assert board_keys(
                season, today, now, day=day, service_pk=service_pk, fresh_from=fresh_from
            ) == [
                (pk, date, starts_at, created_at if created_at > fresh_from else None, seats)
                for pk, date, starts_at, created_at, seats in keys.values_list(
                    "pk", "date", "starts_at", "created_at", "seats"
                )
            ]
            found = board_replacements(season, today, now, day=day, service_pk=service_pk)
            assert [
                (r.pk, r.offered, r.claim.job_id, r.claim.member.first_name, r.claim.member_id)
                for r in found
            ] == [
                (r.pk, r.offered, r.claim.job_id, r.claim.member.first_name, r.claim.member_id)
                for r in replacements
            ]
            assert [(r.claim.job.date, r.claim.job.starts_at) for r in found] == [
                (r.claim.job.date, r.claim.job.starts_at) for r in replacements
            ]
    assert Season.objects.count() == 2


def test_the_cards_jobs_read_the_skills_and_seats_the_prefetch_read(
    season, make_job, make_member, member
):
    plain = SkillFactory(name_fr="Tonte", name_en="Mowing")
    untranslated = SkillFactory(name_fr="Élagage <b>&</b>", name_en="")
    certified = SkillFactory(name_fr="Garde", name_en="Babysitting", requires_certificate=True)
    bare = make_job()
    full = make_job(skills=[plain, untranslated, certified], seats=4)
    JobSkill.objects.filter(job=full, skill=plain).update(level=SkillLevel.CONFIRMED)
    ClaimFactory(job=full, member=make_member(), status=ClaimStatus.APPROVED)
    ClaimFactory(job=full, member=make_member())
    offered = ClaimFactory(job=full, member=make_member(), status=ClaimStatus.APPROVED)
    ClaimFactory(
        job=full,
        member=make_member(),
        replacement=Replacement.objects.create(claim=offered),
    )
    ClaimFactory(job=full, member=make_member(), status=ClaimStatus.WITHDRAWN)
    pks = [full.pk, bare.pk, full.pk]
    former = (
        Job.objects.filter(pk__in=pks)
        .select_related("service")
        .prefetch_related(Prefetch("skill_needs", JobSkill.objects.order_by("pk")))
        .annotate(**seat_counts())
        .order_by("date", "starts_at", "pk")
    )
    for language in LANGUAGES:
        with translation.override(language):
            found = card_jobs(pks)
            assert [job.pk for job in found] == [job.pk for job in former]
            for new, old in zip(found, former, strict=True):
                assert needs_of_card(new) == needs_of(old)
                assert (new.approved_count, new.waiting_count) == (
                    old.approved_count,
                    old.waiting_count,
                )
                assert (new.service.name, new.town_name, new.hourly_rate, new.seats) == (
                    old.service.name,
                    old.town_name,
                    old.hourly_rate,
                    old.seats,
                )
    assert card_jobs([]) == []
    assert list(card_jobs_queryset([bare.pk])) == [bare]


def _former_my_jobs(member, season, now):
    """``my_jobs`` as it read the claims with the ORM, before its query was compiled."""
    claims = (
        Claim.objects.filter(member=member, job__season=season)
        .filter(
            Q(status__in=(ClaimStatus.PENDING, ClaimStatus.APPROVED))
            | Q(status=ClaimStatus.REJECTED, decided_at__gte=now - dt.timedelta(days=7))
        )
        .select_related("job__service", "timesheet")
        .annotate(
            asked_replacement=Exists(
                Replacement.objects.filter(claim=OuterRef("pk"), status=ReplacementStatus.OPEN)
            )
        )
        .order_by("job__date", "job__starts_at", "pk")
    )
    upcoming, past = [], []
    for claim in claims:
        job = claim.job
        if job.status in (JobStatus.OPEN, JobStatus.STAFFED) and not job.has_started(now):
            upcoming.append(claim)
        elif claim.is_approved and job.status != JobStatus.CANCELLED:
            past.append(claim)
    past.reverse()
    return upcoming, past


def _shown(claim, *, upcoming: bool) -> tuple:
    timesheet = getattr(claim, "timesheet", None)
    return (
        claim.pk,
        claim.status,
        claim.job.service.name,
        claim.job.town_name,
        claim.asked_replacement,
        claim.url if hasattr(claim, "url") else reverse("services:job_detail", args=[claim.job_id]),
        pay_of(claim.job),
        timesheet.hours if timesheet else None,
        timesheet.is_validated if timesheet else None,
        claim.get_status_display(),
        upcoming,
    )


def test_my_jobs_hours_and_calendar_are_what_the_orm_read(member, season, make_job, leader):
    now = timezone.now()
    today = timezone.localdate()
    for days in (-9, -3, -1, 2, 4, 6):
        job = JobFactory(season=season, date=today + dt.timedelta(days=days))
        ClaimFactory(job=job, member=member, status=ClaimStatus.APPROVED)
    claims = list(Claim.objects.filter(member=member).order_by("job__date"))
    TimesheetFactory(claim=claims[0], validated_at=now, hours=Decimal("2.5"))
    TimesheetFactory(claim=claims[1])
    Replacement.objects.create(claim=claims[4])
    Job.objects.filter(pk=claims[2].job_id).update(status=JobStatus.CANCELLED)
    for hours_ago in (1, 24 * 6 + 23, 24 * 7 - 1, 24 * 7 + 1, 24 * 8, 24 * 30):
        ClaimFactory(
            job=JobFactory(season=season, date=today + dt.timedelta(days=3)),
            member=member,
            status=ClaimStatus.REJECTED,
            decided_at=now - dt.timedelta(hours=hours_ago),
        )
    ClaimFactory(job=JobFactory(season=season), member=member, status=ClaimStatus.WITHDRAWN)
    ClaimFactory(job=JobFactory(season=season), member=member)
    ClaimFactory(job=JobFactory(season=ArchivedSeasonFactory()), member=member)
    for language in LANGUAGES:
        with translation.override(language):
            mine = my_jobs(member, season, now)
            upcoming, past = _former_my_jobs(member, season, now)
            assert [_shown(c, upcoming=True) for c in mine.upcoming] == [
                _shown(c, upcoming=True) for c in upcoming
            ]
            assert [_shown(c, upcoming=False) for c in mine.past] == [
                _shown(c, upcoming=False) for c in past
            ]
            assert len(mine.upcoming) == 7 and len(mine.past) == 2
    assert my_jobs(member, None, now).upcoming == []
    assert (
        my_hours_and_earnings(season, member.pk)
        == hours_and_earnings(season, [member.pk])[member.pk]
    )
    assert my_hours_and_earnings(season, member.pk)[0] == Decimal("2.5")
    assert my_hours_and_earnings(season, leader.pk) == (0, 0)
    assert my_hours_and_earnings(None, member.pk) == (0, 0)
    token = calendar_token(member)
    assert token == calendar_token(member) == CalendarFeed.objects.get(user=member).token


def test_a_calendar_made_meanwhile_by_another_request_is_the_one_shown(member, monkeypatch):
    """The first visit makes the member's calendar address; when another request made it
    between the read and the write, its address is the one shown."""
    made = CalendarFeed.objects.create(user=member)
    reads = importlib.import_module("services.queries.my_jobs")  # the module, not the function
    monkeypatch.setattr(reads._FEED_TOKEN, "rows", lambda pk: [])
    assert calendar_token(member) == made.token
    assert CalendarFeed.objects.filter(user=member).count() == 1


def test_a_members_work_facts_are_one_query(season, django_assert_num_queries):
    """The account, profile and enrolment facts, the skills, the absences and the
    commitments of the days asked: one union (what they say is compared with the loaded
    user and the commitments above)."""
    today = timezone.localdate()
    for user in _members(season):
        with django_assert_num_queries(1):
            facts = member_facts(user.pk, today, today + dt.timedelta(days=14))
        assert facts.pk == user.pk
