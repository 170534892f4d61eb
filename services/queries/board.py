"""What the job board reads: the open jobs of the coming days, the open replacements, and
each as a card for the member asking (with why a job is out of reach for them)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import get_language

from cjs.links import pk_url
from members.models import Cooperative, Season, User
from services import rules
from services.models import (
    CENT,
    Claim,
    ClaimStatus,
    Job,
    JobStatus,
    Replacement,
    ReplacementStatus,
)
from services.queries.board_reads import (
    board_keys,
    board_replacements,
    card_jobs,
    member_claims,
    member_facts,
    needs_of_card,
    replacements_of_board_days,
    skills_text,
)
from services.queries.eligibility import HoursCheck, RuleBook, around, needs_of
from services.queries.work import HeadStart, on_the_board, seat_counts


def pay_of(job: Job) -> Decimal:
    """What one member earns on the job: hourly rate x duration."""
    return (job.hourly_rate * job.duration_hours).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Card:
    """A job as one member sees it on the board, with what its template writes (``dress``:
    the texts and links of a card are made once, in Python, rather than by the template's
    filters and ``{% url %}`` tags for every card)."""

    job: Job
    claim: Claim | None = None
    replacement: Replacement | None = None  # an open "can't make it" they could answer
    seats_left: int = 0
    first_for_me: bool = False
    head_start_ends: dt.datetime | None = None
    refusal: str | None = None
    refused_now: bool = False  # ``refusal`` is the answer to the member's tap
    # What the template writes (``dress``).
    dom_id: str = ""
    detail_url: str = ""
    action_url: str = ""  # the form's: withdraw the claim, take the seat, or claim the job
    when: str = ""  # "Monday 6 July · 09:00 – 12:00"
    hours: Decimal | None = None
    pay: Decimal | None = None
    skills: str = ""  # " · Hedge trimming (confirmed skill), Mowing"


def board_jobs(season: Season | None, today: dt.date, now: dt.datetime) -> QuerySet[Job]:
    """The jobs of the board, not loaded yet: ``board_page`` reads their keys, then loads the
    jobs of its page only (``card_jobs``)."""
    return Job.objects.filter(on_the_board(today, now), season=season).order_by(
        "date", "starts_at", "pk"
    )


def card_job(pk: int) -> list[Job]:
    """One job, loaded as the board loads its jobs (for its card again after a tap)."""
    return card_jobs([pk])


def open_replacements(
    season: Season | None, today: dt.date, now: dt.datetime
) -> QuerySet[Replacement]:
    """The open "can't make it" of the board's days (``replacements_of_board_days``), the
    jobs started today left out. Their jobs are loaded with the cards' (``card_jobs``)."""
    return replacements_of_board_days(season.pk if season else None, today).exclude(
        claim__job__date=today, claim__job__starts_at__lte=timezone.localtime(now).time()
    )


class _Reader:
    """The member's claims on the cards' jobs and the rules as they apply to them. What the
    rules read about the member (their work facts, their commitments) is read once, for the
    days of the cards that need the rules' answer (``read_facts``), and only if one does."""

    def __init__(
        self,
        viewer: User,
        cooperative: Cooperative,
        jobs: list[tuple[int, dt.date]],
        *,
        known_refusal: str | None,
    ) -> None:
        self.me = viewer
        self.is_member = viewer.is_member
        self.mine: dict[int, Claim] = {}
        self.turned_down: dict[int, Claim] = {}  # jobs the member was not retained for
        self.facts = None
        self.slots: list[rules.Slot] = []
        self.book: RuleBook | None = None
        self.known_refusal = known_refusal
        self._workers: dict[dt.date, rules.Worker] = {}  # ``_worker``
        self.cooperative = cooperative
        if not self.is_member:
            return
        for claim in member_claims(viewer.pk, jobs):
            (self.turned_down if claim.is_rejected else self.mine)[claim.job_id] = claim

    def offer_on(self, replacement: Replacement) -> Claim | None:
        """The member's offer to take the seat of ``replacement``, waiting for an approver:
        their one live claim on the job (``claim_one_live_per_member_and_job``)."""
        claim = self.mine.get(replacement.claim.job_id)
        if claim is not None and claim.replacement_id == replacement.pk and claim.is_pending:
            return claim
        return None

    def read_facts(self, days: list[dt.date]) -> None:
        """Read what the rules need about the member for jobs on ``days`` (once)."""
        if not self.is_member or self.known_refusal is not None or self.book is not None:
            return  # not a member; or the action just ran the rules: their answer is known
        if not days:
            return
        first, last = around(min(days))[0], around(max(days))[1]
        self.facts = member_facts(self.me.pk, first, last)
        self.slots = self.facts.slots
        self.book = RuleBook(self.cooperative, days)

    def refusal(self, job: Job) -> str | None:
        if self.known_refusal is not None:
            return self.known_refusal
        if self.book is None:
            return None
        slots = [slot for slot in self.slots if slot.job_id != job.pk]
        needs = needs_of_card(job) if hasattr(job, "needed_skills") else needs_of(job)
        found = self.book.first(self._worker(job.date, slots), needs)
        return found.message if found else None

    def _worker(self, day: dt.date, slots: list[rules.Slot]) -> rules.Worker:
        """``facts.worker(day, slots)``, made once a day for the cards whose job is not among
        the member's commitments (the worker is a frozen value: the cards may share it)."""
        if len(slots) != len(self.slots):
            return self.facts.worker(day, slots)
        worker = self._workers.get(day)
        if worker is None:
            worker = self._workers[day] = self.facts.worker(day, slots)
        return worker

    def sees(
        self,
        head_start: HeadStart,
        pk: int,
        created_at: dt.datetime,
        seats: int,
        *,
        keep_hidden: bool,
    ) -> tuple[Claim | None, bool, bool] | None:
        """Whether the member sees the job's card: ``(their claim, head start running, open
        to them first)``, or ``None`` while its head start hides it from them."""
        claim = self.mine.get(pk) or self.turned_down.get(pk)
        running = head_start.running_since(created_at)
        first = running and self.is_member and head_start.includes(self.me.pk, seats)
        if running and claim is None and not keep_hidden and not first:
            return None
        return claim, running, first


def build_cards(
    *,
    viewer: User,
    season: Season | None,
    cooperative: Cooperative,
    jobs: Iterable[Job],
    replacements: Iterable[Replacement] = (),
    keep_hidden: bool = False,
    known_refusal: str | None = None,
) -> list[Card]:
    """The cards of ``jobs`` (loaded by ``card_jobs``) and of open replacements
    (``open_replacements``) for ``viewer``, with why a job is out of reach for them
    (``known_refusal`` when an action just said it). A fixed number of queries."""
    jobs, replacements = list(jobs), list(replacements)
    reader = _Reader(
        viewer,
        cooperative,
        [(job.pk, job.date) for job in jobs]
        + [(r.claim.job_id, r.claim.job.date) for r in replacements],
        known_refusal=known_refusal,
    )
    head_start = HeadStart(cooperative, season, timezone.now())
    cards = []
    for job in jobs:
        seen = reader.sees(head_start, job.pk, job.created_at, job.seats, keep_hidden=keep_hidden)
        if seen is not None:
            cards.append(_job_card(job, seen, head_start))
    cards += [card for r in replacements if (card := _replacement_card(r, reader))]
    cards.sort(key=lambda c: (c.job.date, c.job.starts_at, c.job.pk, c.replacement is not None))
    return _with_jobs(cards, reader)


def board_page(
    *,
    viewer: User,
    season: Season | None,
    cooperative: Cooperative,
    today: dt.date,
    now: dt.datetime,
    day: dt.date | None = None,
    service_pk: int | None = None,
    number: object = None,
    per_page: int,
) -> Page:
    """Page ``number`` of the board's cards (``build_cards``): the board's jobs and open
    replacements (``board_jobs``, ``open_replacements``; on ``day`` and of the service
    ``service_pk`` when given). Which cards the member sees is decided for every job (their
    claims and the head start are read once for all, the jobs as keys only); the cards are
    made, and the rules run, for the page only, so a page costs about the same in a long
    season."""
    head_start = HeadStart(cooperative, season, timezone.now())
    # Jobs created before ``since`` are past their head start (``HeadStart.running``); those
    # created before the day's first such moment are read without their creation.
    since = head_start.started_after() if head_start.enabled else None
    keys = board_keys(
        season,
        today,
        now,
        day=day,
        service_pk=service_pk,
        fresh_from=head_start.started_after_on(today) if since is not None else None,
    )
    replacements = board_replacements(season, today, now, day=day, service_pk=service_pk)
    reader = _Reader(
        viewer,
        cooperative,
        [(key[0], key[1]) for key in keys]
        + [(r.claim.job_id, r.claim.job.date) for r in replacements],
        known_refusal=None,
    )
    # What a card is sorted by, then what makes it: tuples, sorted without a call per row.
    # The jobs past their head start (no creation read, or before ``since``): the member sees
    # them, with their claim if any (``_Reader.sees``), the member's claims (``mine`` before
    # ``turned_down``) looked up without a call per job, in a long season.
    claims = {**reader.turned_down, **reader.mine}
    entries: list[tuple] = [
        # ``in`` and ``[]`` rather than ``.get``: no call a job.
        (date, starts_at, pk, 0, 0, (claims[pk] if pk in claims else None, False, False))  # noqa: SIM401
        for pk, date, starts_at, created_at, _seats in keys
        if since is None or created_at is None or created_at <= since
    ]
    if since is not None:
        for pk, date, starts_at, created_at, seats in keys:
            if created_at is not None and created_at > since:
                seen = reader.sees(head_start, pk, created_at, seats, keep_hidden=False)
                if seen is not None:
                    entries.append((date, starts_at, pk, 0, 0, seen))
    for replacement in replacements:
        if (card := _replacement_card(replacement, reader)) is not None:
            job = card.job
            entries.append((job.date, job.starts_at, job.pk, 1, replacement.pk, card))
    entries.sort()
    page = Paginator(entries, per_page).get_page(number)
    loaded = _card_jobs_by_pk(entry[2] for entry in page.object_list)
    cards = []
    for _date, _starts_at, pk, _kind, _order, made_of in page.object_list:
        job = loaded.get(pk)
        if job is None:  # gone since its key was read
            continue
        if isinstance(made_of, Card):  # a replacement's
            card = made_of
            card.job = job
        else:
            card = _job_card(job, made_of, head_start)
        cards.append(card)
    page.object_list = cards
    _explain(cards, reader)
    dress(cards)
    return page


def _card_jobs_by_pk(pks: Iterable[int]) -> dict[int, Job]:
    return {job.pk: job for job in card_jobs(pks)}


def _with_jobs(cards: list[Card], reader: _Reader) -> list[Card]:
    """The replacements' cards with their jobs loaded as the cards read them, and every
    card with the rules' answer."""
    wanted = [card.job.pk for card in cards if card.replacement is not None]
    if wanted:
        loaded = _card_jobs_by_pk(wanted)
        for card in cards:
            if card.replacement is not None:
                card.job = loaded[card.job.pk]
    _explain(cards, reader)
    dress(cards)
    return cards


def _explain(cards: Iterable[Card], reader: _Reader) -> None:
    """Why each card's job is out of reach for the member, when they have no claim on it."""
    wanting = [card for card in cards if card.claim is None]
    reader.read_facts([card.job.date for card in wanting])
    for card in wanting:
        card.refusal = reader.refusal(card.job)


class _CardUrls(dict):
    """The cards' links, each from one reverse (``cjs.links.pk_url``), made when a card
    first needs one: ``urls["job_claim"](pk)``."""

    def __missing__(self, name: str) -> Callable[[object], str]:
        url = self[name] = pk_url(f"services:{name}")
        return url


def formatted(value: dt.date | dt.time, style: str, language: str | None = None) -> str:
    """A date or a time as the template's ``date`` and ``time`` filters write it (``style``
    as they take it), once per process and active language: the day and month names are
    translated; the rest depends on the value and the style only. ``language``: the active
    one, for a caller writing many (asked once, not at each value)."""
    return _formatted(value, style, language or get_language())


@functools.lru_cache(maxsize=1024)
def _formatted(value: dt.date | dt.time, style: str, _language: str) -> str:
    if isinstance(value, dt.date):
        return formats.date_format(value, style)
    return formats.time_format(value, style)


def when_of(job: Job, language: str | None = None) -> str:
    """The day and the times of a job as its card writes them (in ``language``, the active
    one when not given)."""
    language = language or get_language()
    return (
        f"{_formatted(job.date, 'l j F', language)} · {_formatted(job.starts_at, 'H:i', language)}"
        f" – {_formatted(job.ends_at, 'H:i', language)}"
    )


def _skills_text(job: Job) -> str:
    """The skills a job needs, as the card lists them after its town and pay."""
    if hasattr(job, "needed_skills"):  # loaded by ``card_jobs``
        return skills_text(job.needed_skills)
    return skills_text(
        rules.NeededSkill(need.skill.pk, need.skill.name, confirmed=need.needs_confirmation)
        for need in job.skill_needs.all()
    )


def dress(cards: Iterable[Card]) -> None:
    """What each card's template writes: its links, its day and times, its hours, pay and
    skills (see ``Card``)."""
    urls = _CardUrls()
    language = get_language()
    for card in cards:
        job = card.job
        card.dom_id = f"job-card-{job.pk}" + (
            f"-r{card.replacement.pk}" if card.replacement is not None else ""
        )
        card.detail_url = urls["job_detail"](job.pk)
        if card.claim is not None:
            card.action_url = urls["claim_withdraw"](card.claim.pk)
        elif card.replacement is not None:
            card.action_url = urls["replacement_take"](card.replacement.pk)
        else:
            card.action_url = urls["job_claim"](job.pk)
        card.when = when_of(job, language)
        card.hours = job.duration_hours
        card.pay = (job.hourly_rate * card.hours).quantize(CENT, rounding=ROUND_HALF_UP)
        card.skills = _skills_text(job)


def _job_card(job: Job, seen: tuple[Claim | None, bool, bool], head_start: HeadStart) -> Card:
    claim, running, first = seen
    return Card(
        job=job,
        claim=claim,
        seats_left=_seats_left(job),
        first_for_me=first,
        head_start_ends=head_start.ends(job) if running else None,
    )


def _seats_left(job: Job) -> int:
    """Seats still free on a job loaded with ``seat_counts``."""
    return rules.free_seats(seats=job.seats, taken=job.approved_count + job.waiting_count)


def _replacement_card(replacement: Replacement, reader: _Reader) -> Card | None:
    job = replacement.claim.job
    offer = reader.offer_on(replacement)
    if replacement.claim.member_id == reader.me.pk or (job.pk in reader.mine and offer is None):
        return None
    return Card(
        job=job,
        claim=offer,
        replacement=replacement,
        seats_left=0 if replacement.offered and offer is None else 1,
    )


def job_page_job(pk: int) -> Job | None:
    """A job as its page and the team page read it (with its seat counts)."""
    return (
        Job.objects.select_related("service", "season", "request")
        .prefetch_related("skill_needs")
        .annotate(**seat_counts())
        .filter(pk=pk)
        .first()
    )


def viewer_claim(job: Job, viewer: User) -> Claim | None:
    """The viewer's latest claim on ``job`` not withdrawn (members only)."""
    if not viewer.is_member:
        return None
    return (
        Claim.objects.filter(job=job, member=viewer)
        .exclude(status__in=(ClaimStatus.WITHDRAWN,))
        .select_related("timesheet")
        .order_by("-created_at")
        .first()
    )


def has_open_replacement(job: Job) -> bool:
    return Replacement.objects.filter(claim__job=job, status=ReplacementStatus.OPEN).exists()


@dataclass
class JobPage:
    """What a job's page shows to the member asking, beyond the job itself."""

    team: list[Claim]
    replacement: Replacement | None
    timesheet: object | None
    can_log_hours: bool
    can_ask_replacement: bool


def job_page(job: Job, claim: Claim | None, now: dt.datetime) -> JobPage:
    team = list(
        job.claims.approved().select_related("member__profile").order_by("member__first_name")
    )
    on_team = claim is not None and claim.is_approved
    replacement = (
        Replacement.objects.filter(claim=claim, status=ReplacementStatus.OPEN).first()
        if on_team
        else None
    )
    timesheet = getattr(claim, "timesheet", None) if claim else None
    return JobPage(
        team=team,
        replacement=replacement,
        timesheet=timesheet,
        can_log_hours=on_team
        and job.status != JobStatus.CANCELLED
        and job.has_started(now)
        and not (timesheet and timesheet.is_validated),
        can_ask_replacement=on_team
        and job.is_active
        and not job.has_started(now)
        and replacement is None,
    )


def own_hours_problems(cooperative: Cooperative, claim_pk: int) -> list[rules.Refusal]:
    """The limits of minors the member's own hours logged break (not validated yet)."""
    claim = Claim.objects.select_related("member__profile", "job__service", "timesheet").get(
        pk=claim_pk
    )
    timesheet = getattr(claim, "timesheet", None)
    if timesheet is None or timesheet.is_validated:
        return []
    return HoursCheck([claim], cooperative).of(claim)


def team_names(job_ids: Iterable[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for job_id, first, username in (
        Claim.objects.approved()
        .filter(job_id__in=list(job_ids))
        .order_by("member__first_name")
        .values_list("job_id", "member__first_name", "member__username")
    ):
        names.setdefault(job_id, []).append(first or username)
    return names


def calendar_claims(member: User, since: dt.date) -> list[Claim]:
    """The member's places on teams from ``since`` on (their calendar feed)."""
    return list(
        Claim.objects.filter(
            member=member, status=ClaimStatus.APPROVED, job__date__gte=since
        ).select_related("job__service")
    )
