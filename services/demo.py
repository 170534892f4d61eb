"""Demo data of the services app: the catalogue and a season of residents' requests.

About 40 requests (times ``scale``) in every status, with their quotes, jobs, history and a
few satisfaction forms, dated around today in the current demo season. Written directly (not
through the actions) so that the past can be dated and no email goes out.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
import uuid
from decimal import Decimal

from django.utils import timezone

from members.models import (
    Committee,
    CommitteeMembership,
    Cooperative,
    PermissionGrant,
    Season,
    Skill,
    SkillLevel,
    Town,
)
from members.models import User as UserModel
from services.capabilities import ANSWER_REQUESTS, MANAGE_CATALOGUE, PLAN_JOBS, QUOTE_REQUESTS
from services.demo_data import (
    CATALOGUE,
    COMMENTS,
    CONFIRMED_NEEDS,
    DECLINE_REASONS,
    DESCRIPTIONS,
    RESIDENTS,
    STATUS_MIX,
    STREETS,
    TEAM_NOTES,
)
from services.demo_teams import seed_teams
from services.models import (
    EventKind,
    Job,
    JobSkill,
    JobStatus,
    Pricing,
    Quote,
    QuoteStatus,
    RequestEvent,
    RequestStatus,
    Satisfaction,
    Service,
    ServiceRequest,
    TimeOfDay,
)
from services.queries import public_holidays
from services.rules import job_facts


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def seed_catalogue() -> dict[str, Service]:
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    services = {}
    for order, row in enumerate(CATALOGUE):
        slug, name_fr, name_en, text_fr, text_en, pricing, rate, price, skill_slugs, age = row
        service = Service.objects.create(
            slug=slug,
            name_fr=name_fr,
            name_en=name_en,
            description_fr=text_fr,
            description_en=text_en,
            pricing=pricing,
            hourly_rate=rate,
            fixed_price=price,
            minimum_age=age,
            order=order,
        )
        service.skills.set(
            [skills[s] for s in skill_slugs if s in skills],
            through_defaults={"level": CONFIRMED_NEEDS.get(slug, SkillLevel.DECLARED)},
        )
        services[slug] = service
    return services


def _grant_to_committees() -> None:
    for code, slug in [
        (ANSWER_REQUESTS, "marketing"),
        (MANAGE_CATALOGUE, "marketing"),
        (QUOTE_REQUESTS, "finances"),
        (PLAN_JOBS, "rh"),
    ]:
        committee = Committee.objects.filter(slug=slug).first()
        if committee is not None:
            PermissionGrant.objects.get_or_create(capability=code, committee=committee)


# The longest history that follows a request's submission, by the status it reaches: the
# submission is at least that long ago, so that nothing in the history is later than now.
HISTORY_LENGTH = {
    RequestStatus.NEW: dt.timedelta(hours=4),
    RequestStatus.DECLINED: dt.timedelta(days=1, hours=3),
    RequestStatus.QUOTED: dt.timedelta(days=2, hours=17),
    RequestStatus.CANCELLED: dt.timedelta(days=2, hours=12),
    RequestStatus.ACCEPTED: dt.timedelta(days=4, hours=8),
    RequestStatus.SCHEDULED: dt.timedelta(days=3, hours=8),
    RequestStatus.DONE: dt.timedelta(days=3, hours=8),
}


class _Seeder:
    """Builds one season of requests; events are collected and written at the end."""

    def __init__(self, *, season: Season, services: dict[str, Service], rng: random.Random):
        self.season = season
        self.services = list(services.values())
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.towns = list(Town.objects.all())
        self.cooperative_rate = Decimal("12.00")
        self.cooperative = Cooperative.load()
        leaders = list(UserModel.objects.filter(role=UserModel.Role.LEADER).order_by("username"))
        by_committee: dict[str, list] = {}
        for membership in CommitteeMembership.objects.filter(season=season).select_related(
            "committee", "user"
        ):
            by_committee.setdefault(membership.committee.slug, []).append(membership.user)
        self.actors = {
            slug: by_committee.get(slug, []) + leaders for slug in ("marketing", "finances", "rh")
        }
        self.events: list[RequestEvent] = []
        self.job_skills: list = []
        self.planned: set[int] = set()  # requests with a job planned already

    def actor(self, committee: str):
        people = self.actors[committee]
        return self.rng.choice(people) if people else None

    def event(
        self,
        request,
        kind,
        when,
        *,
        actor=None,
        by_resident=False,
        before="",
        after="",
        job=None,
        message="",
        data=None,
        public=True,
    ) -> None:
        self.events.append(
            RequestEvent(
                request=request,
                kind=kind,
                actor=actor,
                by_resident=by_resident,
                job=job,
                message=message,
                data=data or {},
                is_public=public,
                status_before=before or request.status,
                status_after=after or before or request.status,
                created_at=when,
            )
        )

    def request(self, number: int, status: str, created: dt.datetime) -> ServiceRequest:
        rng = self.rng
        service = self.services[number % len(self.services)]
        first, last = RESIDENTS[number % len(RESIDENTS)]
        town = self.towns[number % len(self.towns)] if self.towns else None
        wished = max(created.date() + dt.timedelta(days=rng.randint(2, 10)), self.today)
        if status in (RequestStatus.DONE,):
            wished = created.date() + dt.timedelta(days=rng.randint(1, 4))
        return ServiceRequest.objects.create(
            season=self.season,
            service=service,
            status=status,
            form_token=uuid.uuid4(),
            description=rng.choice(DESCRIPTIONS.get(service.slug, ["Petit coup de main."])),
            wished_from=wished,
            wished_until=wished + dt.timedelta(days=rng.choice([0, 7, 14])) if number % 3 else None,
            time_of_day=rng.choice(TimeOfDay.values),
            estimated_hours=Decimal(rng.choice(["2", "3", "4", "1.5"])) if number % 2 else None,
            address=f"{rng.randint(1, 48)} {rng.choice(STREETS)}",
            postal_code=town.postal_code if town else "71140",
            town_name=town.name if town else "Bourg-les-Saules",
            town=town,
            first_name=first,
            last_name=last,
            phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}",
            email=f"{_ascii(first)}.{_ascii(last)}{number}@example.fr".replace(" ", ""),
            consented_at=created,
            created_at=created,
            status_changed_at=created,
        )

    def quote(self, request, when, status, *, answered=None, reason="") -> Quote:
        """A quote sent at ``when`` (and its event); answered later when ``answered``."""
        service = request.service
        if service.pricing == Pricing.FIXED:
            pricing, hours, rate = Pricing.FIXED, None, None
            amount = service.fixed_price * self.rng.choice([1, 2, 3])
        else:
            pricing = Pricing.HOURLY
            hours = Decimal(self.rng.choice(["4", "6", "3", "8", "5"]))
            rate = service.rate(self.cooperative_rate)
            amount = Quote.hourly_amount(hours, rate)
        quote = Quote.objects.create(
            request=request,
            pricing=pricing,
            hours=hours,
            hourly_rate=rate,
            amount=amount,
            note=self.rng.choice(
                [
                    "Deux jeunes pendant une demi-journée environ.",
                    "Matériel fourni par vos soins.",
                    "",
                ]
            ),
            valid_until=(when + dt.timedelta(days=15)).date(),
            status=status,
            created_by=self.actor("finances"),
            created_at=when,
            answered_at=answered,
            decline_reason=reason,
        )
        self.event(
            request,
            EventKind.QUOTED,
            when,
            actor=quote.created_by,
            before=RequestStatus.NEW,
            after=RequestStatus.QUOTED,
            data={"amount": str(amount)},
        )
        return quote

    def workday(self, day: dt.date, status: str, when: dt.datetime) -> dt.date:
        """``day``, or the nearest working day (no Sunday, few Saturdays, no public holiday)
        between the planning (``when``) and the end of the season (yesterday for a job
        done)."""
        first = max(self.season.starts_on, when.date())
        last = self.season.ends_on
        if status == JobStatus.DONE:
            last = min(last, self.today - dt.timedelta(days=1))
        week = dt.timedelta(days=7)
        holidays = public_holidays(self.cooperative, [day - week, day + week])
        # A summer's jobs are on weekdays, now and then on a Saturday, never on a Sunday.
        days_off = {5, 6} if self.rng.random() < 0.7 else {6}
        for offset in sorted(range(-7, 8), key=lambda offset: (abs(offset), offset < 0)):
            candidate = day + dt.timedelta(days=offset)
            off = candidate in holidays or candidate.weekday() in days_off
            if first <= candidate <= last and not off:
                return candidate
        return day

    def job(self, request, day: dt.date, status: str, when: dt.datetime, *, reason="") -> Job:
        """A job planned at ``when`` (and its event), on the nearest day that is not a public
        holiday: minors may not work then, so no demo team could be found."""
        day = self.workday(day, status, when)
        start = self.rng.choice([dt.time(9, 0), dt.time(14, 0), dt.time(10, 0)])
        job = Job.objects.create(
            season=self.season,
            request=request,
            service=request.service,
            date=day,
            starts_at=start,
            ends_at=dt.time(start.hour + self.rng.choice([2, 3, 3, 4]), 0),
            address=request.address,
            postal_code=request.postal_code,
            town_name=request.town_name,
            seats=2,
            notes=self.rng.choice(TEAM_NOTES),
            hourly_rate=request.service.rate(self.cooperative_rate),
            status=status,
            cancel_reason=reason,
            created_by=self.actor("rh"),
            created_at=when,
        )
        for need in request.service.skill_needs.all():
            self.job_skills.append(
                JobSkill(job_id=job.pk, skill_id=need.skill_id, level=need.level)
            )
        first = not any(
            e.request is request and e.kind == EventKind.JOB_PLANNED for e in self.events
        )
        self.event(
            request,
            EventKind.JOB_PLANNED,
            when,
            actor=job.created_by,
            job=job,
            before=RequestStatus.ACCEPTED if first else RequestStatus.SCHEDULED,
            after=RequestStatus.SCHEDULED,
            data=job_facts(job),
        )
        return job

    @staticmethod
    def settle(request: ServiceRequest, when: dt.datetime) -> None:
        request.status_changed_at = when
        request.save(update_fields=["status_changed_at", "decline_reason"])

    def build(self, number: int, status: str) -> None:
        """One request brought to ``status`` with the history that leads there."""
        rng, today, S = self.rng, self.today, RequestStatus
        ages = {
            S.NEW: (0, 3),
            S.QUOTED: (3, 9),
            S.ACCEPTED: (4, 10),
            S.SCHEDULED: (6, 14),
            S.DONE: (12, 26),
            S.CANCELLED: (3, 15),
            S.DECLINED: (2, 12),
        }
        low, high = ages[status]
        created_day = max(today - dt.timedelta(days=rng.randint(low, high)), self.season.starts_on)
        created = _at(created_day, rng.randint(7, 21), rng.choice([0, 12, 27, 45]))
        created = min(created, self.now - HISTORY_LENGTH[status])
        request = self.request(number, status, created)
        self.event(request, EventKind.SUBMITTED, created, by_resident=True, before=S.NEW)
        if status == S.NEW:
            if number % 3 == 0:
                self.event(
                    request,
                    EventKind.NOTE,
                    created + dt.timedelta(hours=3),
                    actor=self.actor("marketing"),
                    message="Appelée : elle préfère être rappelée après 18 h.",
                    public=False,
                )
            return
        if status == S.DECLINED:
            when = created + dt.timedelta(days=1, hours=2)
            request.decline_reason = DECLINE_REASONS[number % len(DECLINE_REASONS)]
            self.event(
                request,
                EventKind.DECLINED,
                when,
                actor=self.actor("marketing"),
                before=S.NEW,
                after=S.DECLINED,
                message=request.decline_reason,
            )
            return self.settle(request, when)
        quoted_at = created + dt.timedelta(days=1, hours=rng.randint(1, 5))
        answered = quoted_at + dt.timedelta(days=1, hours=rng.randint(0, 6))
        if status == S.QUOTED:
            if number % 4 == 1:  # a first quote declined, a second one sent
                first = self.quote(
                    request,
                    quoted_at,
                    QuoteStatus.DECLINED,
                    answered=answered,
                    reason="Un peu cher pour nous.",
                )
                self.event(
                    request,
                    EventKind.QUOTE_DECLINED,
                    answered,
                    by_resident=True,
                    before=S.QUOTED,
                    after=S.NEW,
                    message=first.decline_reason,
                    data={"amount": str(first.amount)},
                )
                quoted_at = answered + dt.timedelta(hours=5)
            self.quote(request, quoted_at, QuoteStatus.PENDING)
            return self.settle(request, quoted_at)
        if status == S.CANCELLED:
            self.quote(request, quoted_at, QuoteStatus.WITHDRAWN)
            self.event(
                request,
                EventKind.CANCELLED,
                answered,
                by_resident=True,
                before=S.QUOTED,
                after=S.CANCELLED,
                message="Finalement mon fils s'en occupe.",
            )
            return self.settle(request, answered)
        quote = self.quote(request, quoted_at, QuoteStatus.ACCEPTED, answered=answered)
        self.event(
            request,
            EventKind.QUOTE_ACCEPTED,
            answered,
            by_resident=True,
            before=S.QUOTED,
            after=S.ACCEPTED,
            data={"amount": str(quote.amount)},
        )
        planned = answered + dt.timedelta(hours=rng.randint(2, 20))
        if status == S.ACCEPTED:
            if number % 5 == 0:  # planned, then cancelled: to plan again
                job = self.job(
                    request,
                    min(today + dt.timedelta(days=3), self.season.ends_on),
                    JobStatus.CANCELLED,
                    planned,
                    reason="Orage annoncé : à replanifier.",
                )
                self.event(
                    request,
                    EventKind.JOB_CANCELLED,
                    planned + dt.timedelta(days=1),
                    actor=self.actor("rh"),
                    job=job,
                    before=S.SCHEDULED,
                    after=S.ACCEPTED,
                    message=job.cancel_reason,
                    data=job_facts(job),
                )
            return self.settle(request, answered)
        if status == S.SCHEDULED:
            day = today + dt.timedelta(days=rng.randint(1, 12))
            days = [day, day + dt.timedelta(days=1)] if number % 4 == 0 else [day]
            for day in days:  # a long piece of work takes two days
                self.job(request, min(day, self.season.ends_on), JobStatus.OPEN, planned)
            return self.settle(request, planned)
        # Done: the work happened between the plan and yesterday.
        earliest = max(planned.date() + dt.timedelta(days=1), self.season.starts_on)
        day = min(earliest + dt.timedelta(days=rng.randint(0, 4)), today - dt.timedelta(days=1))
        job = self.job(request, day, JobStatus.DONE, planned)
        done_at = job.ends + dt.timedelta(hours=2)
        self.event(
            request,
            EventKind.JOB_DONE,
            done_at,
            actor=self.actor("rh"),
            job=job,
            before=S.SCHEDULED,
            after=S.DONE,
            data=job_facts(job),
        )
        Job.objects.filter(pk=job.pk).update(status_changed_at=done_at)
        self.settle(request, done_at)
        if number % 2 == 0:
            rated_at = min(done_at + dt.timedelta(days=1), self.now)
            satisfaction = Satisfaction.objects.create(
                request=request,
                punctuality=rng.choice([4, 5, 5]),
                quality=rng.choice([3, 4, 5, 5]),
                politeness=rng.choice([4, 5, 5]),
                comment=rng.choice(COMMENTS),
                created_at=rated_at,
            )
            self.event(
                request,
                EventKind.RATED,
                rated_at,
                by_resident=True,
                data={"average": str(satisfaction.average)},
            )

    def finish(self) -> None:
        RequestEvent.objects.bulk_create(self.events)
        JobSkill.objects.bulk_create(self.job_skills)


def seed(*, scale: int = 1, stdout=None) -> None:
    if not Service.objects.exists():
        _seed_requests(scale=scale, stdout=stdout)
    seed_teams(stdout=stdout)


def _seed_requests(*, scale: int, stdout) -> None:
    services = seed_catalogue()
    _grant_to_committees()
    season = Season.objects.current()
    if season is None:
        return
    seeder = _Seeder(season=season, services=services, rng=random.Random(2026))
    number = 0
    for status, count in STATUS_MIX:
        for _ in range(count * scale):
            seeder.build(number, status)
            number += 1
    seeder.finish()
    if stdout:
        stdout.write(
            f"  services: {len(services)} services, {number} requests, "
            f"{Job.objects.filter(season=season).count()} jobs"
        )
