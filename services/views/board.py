"""The members' side of the jobs: the job board, a job's page, my jobs, hours, replacements
and the calendar. Phone first; the board's cards update in place with htmx."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cjs.http import Outcome, attempt, safe_next
from members.models import User
from members.permissions import capabilities_for, member_required
from services import calendar, queries, staffing
from services.capabilities import APPROVE_CLAIMS, PLAN_JOBS, VALIDATE_HOURS
from services.forms import BoardFilterForm, HoursForm, ReasonForm
from services.models import (
    CENT,
    LIVE_CLAIM_STATUSES,
    STANDING_REJECTION,
    CalendarFeed,
    Claim,
    ClaimStatus,
    Job,
    JobStatus,
    Replacement,
    ReplacementStatus,
)
from services.views.common import posted_reason

BOARD_DAYS = queries.BOARD_DAYS
STAFF_CAPABILITIES = frozenset({APPROVE_CLAIMS, PLAN_JOBS, VALIDATE_HOURS})


def pay_of(job: Job) -> Decimal:
    """What one member earns on the job: hourly rate x duration."""
    return (job.hourly_rate * job.duration_hours).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Card:
    """A job as one member sees it on the board."""

    job: Job
    claim: Claim | None = None
    replacement: Replacement | None = None  # an open "can't make it" they could answer
    seats_left: int = 0
    first_for_me: bool = False
    head_start_ends: dt.datetime | None = None
    refusal: str | None = None
    refused_now: bool = False  # ``refusal`` is the answer to the member's tap

    @property
    def pay(self) -> Decimal:
        return pay_of(self.job)


def _board_jobs(season, today: dt.date, now: dt.datetime):
    return (
        Job.objects.filter(queries.on_the_board(today, now), season=season)
        .select_related("service")
        .prefetch_related("skills")
        .annotate(**queries.seat_counts())
        .order_by("date", "starts_at", "pk")
    )


def _open_replacements(season, today: dt.date, now: dt.datetime):
    return (
        Replacement.objects.filter(
            status=ReplacementStatus.OPEN,
            claim__job__season=season,
            claim__job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
            claim__job__date__gte=today,
            claim__job__date__lte=today + dt.timedelta(days=BOARD_DAYS),
        )
        .exclude(claim__job__date=today, claim__job__starts_at__lte=timezone.localtime(now).time())
        .select_related("claim__job__service", "claim__member")
        .prefetch_related(
            "claim__job__skills",
            Prefetch("offers", queryset=Claim.objects.filter(status=ClaimStatus.PENDING)),
        )
        .order_by("claim__job__date", "claim__job__starts_at", "pk")
    )


def build_cards(
    request: HttpRequest, jobs, replacements=(), *, keep_hidden: bool = False
) -> list[Card]:
    """The cards of ``jobs`` (and of open replacements) for the member asking, with why a job
    is out of reach for them. A fixed number of queries."""
    now = timezone.now()
    season = request.season or None
    jobs = list(jobs)
    replacements = list(replacements)
    me = request.user
    is_member = me.is_member
    head_start = queries.HeadStart(request.cooperative, season, now)
    mine: dict[int, Claim] = {}
    turned_down: dict[int, Claim] = {}  # jobs the member was not retained for
    worker_slots: list = []
    book = None
    if is_member:
        me = User.objects.with_work_facts().get(pk=me.pk)
        job_ids = [job.pk for job in jobs] + [r.claim.job_id for r in replacements]
        for claim in (
            Claim.objects.filter(member=me, job_id__in=job_ids)
            .filter(Q(status__in=LIVE_CLAIM_STATUSES) | STANDING_REJECTION)
            .order_by("decided_at")
        ):
            (turned_down if claim.is_rejected else mine)[claim.job_id] = claim
        days = [job.date for job in jobs] + [r.claim.job.date for r in replacements]
        if days:
            first, last = staffing.around(min(days))[0], staffing.around(max(days))[1]
            worker_slots = queries.commitments([me.pk], first, last).get(me.pk, [])
        book = staffing.RuleBook(request.cooperative, days)

    def refusal_for(job: Job) -> str | None:
        if book is None:
            return None
        slots = [slot for slot in worker_slots if slot.job_id != job.pk]
        found = book.first(staffing.worker_of(me, job.date, slots), staffing.needs_of(job))
        return found.message if found else None

    cards = []
    for job in jobs:
        claim = mine.get(job.pk) or turned_down.get(job.pk)
        running = head_start.running(job)
        hidden = not is_member or not head_start.shows(job, me.pk)
        if running and claim is None and not keep_hidden and hidden:
            continue
        cards.append(
            Card(
                job=job,
                claim=claim,
                seats_left=max(job.seats - job.approved_count - job.waiting_count, 0),
                first_for_me=running and is_member and me.pk in head_start.circle(job),
                head_start_ends=head_start.ends(job) if running else None,
                refusal=None if claim else refusal_for(job),
            )
        )
    for replacement in replacements:
        job = replacement.claim.job
        if replacement.claim.member_id == me.pk or (
            job.pk in mine and not any(o.member_id == me.pk for o in replacement.offers.all())
        ):
            continue
        offer = next((o for o in replacement.offers.all() if o.member_id == me.pk), None)
        taken = bool(replacement.offers.all()) and offer is None
        cards.append(
            Card(
                job=job,
                claim=offer,
                replacement=replacement,
                seats_left=0 if taken else 1,
                refusal=None if offer else refusal_for(job),
            )
        )
    cards.sort(key=lambda c: (c.job.date, c.job.starts_at, c.job.pk, c.replacement is not None))
    return cards


@require_GET
def job_board(request: HttpRequest) -> HttpResponse:
    season = request.season or None
    now = timezone.now()
    today = timezone.localdate()
    form = BoardFilterForm(request.GET or None, today=today, days=BOARD_DAYS)
    filters = form.cleaned_data if form.is_valid() else {}
    jobs = _board_jobs(season, today, now)
    replacements = _open_replacements(season, today, now)
    if filters.get("day"):
        jobs = jobs.filter(date=filters["day"])
        replacements = replacements.filter(claim__job__date=filters["day"])
    if filters.get("service"):
        jobs = jobs.filter(service=filters["service"])
        replacements = replacements.filter(claim__job__service=filters["service"])
    writable = bool(season) and season.is_current
    cards = build_cards(request, jobs, replacements) if writable else []
    context = {"form": form, "cards": cards, "season": season, "writable": writable}
    fragment = request.htmx and not request.htmx.history_restore_request
    template = "services/job_board.html#results" if fragment else "services/job_board.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _card_response(
    request: HttpRequest,
    job: Job,
    replacement: Replacement | None = None,
    *,
    outcome: Outcome,
):
    """After a tap on a card: the card again with the outcome (htmx), or back to where the
    member was with the outcome as a message."""
    ok, text = outcome.ok, outcome.message
    if not request.htmx:
        messages.add_message(request, messages.SUCCESS if ok else messages.ERROR, text)
        return redirect(safe_next(request, reverse("services:job_board")))
    now = timezone.now()
    today = timezone.localdate()
    if replacement is not None:
        cards = build_cards(
            request, [], _open_replacements(request.season, today, now).filter(pk=replacement.pk)
        )
    else:
        jobs = (
            Job.objects.filter(pk=job.pk)
            .select_related("service")
            .prefetch_related("skills")
            .annotate(**queries.seat_counts())
        )
        cards = build_cards(request, jobs, keep_hidden=True)
    card = cards[0] if cards else None
    if card is not None and not ok and card.claim is None:
        # The rule that refused the tap takes the place of the button.
        card.refusal, card.refused_now = text, True
    context = {
        "card": card,
        "writable": True,
        "feedback": None if card is not None and card.refused_now else text,
        "feedback_ok": ok,
    }
    return render(request, "services/job_board.html#card", context)


@member_required
@require_POST
def job_claim(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job.objects.select_related("service"), pk=pk)
    outcome = attempt(
        lambda: staffing.job_claim(job=job, member=request.user),
        _("Asked! An approver will answer soon; you will get an email."),
    )
    return _card_response(request, job, outcome=outcome)


def _own_claim(request: HttpRequest, pk: int) -> Claim:
    claim = get_object_or_404(Claim.objects.select_related("job__service", "job__season"), pk=pk)
    if claim.member_id != request.user.pk:
        raise Http404
    return claim


@member_required
@require_POST
def claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_claim(request, pk)
    outcome = attempt(
        lambda: staffing.claim_withdraw(claim=claim, by=request.user),
        _("Your claim is withdrawn."),
    )
    return _card_response(request, claim.job, claim.replacement, outcome=outcome)


@member_required
@require_POST
def replacement_take(request: HttpRequest, pk: int) -> HttpResponse:
    replacement = get_object_or_404(
        Replacement.objects.select_related("claim__job__service"), pk=pk
    )
    outcome = attempt(
        lambda: staffing.replacement_take(replacement=replacement, member=request.user),
        _("Thank you! An approver will confirm that you take the seat."),
    )
    return _card_response(request, replacement.claim.job, replacement, outcome=outcome)


@member_required
@require_POST
def replacement_ask(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_claim(request, pk)
    attempt(
        lambda: staffing.replacement_ask(
            claim=claim, by=request.user, reason=posted_reason(request)
        ),
        _(
            "Your teammates who could come are asked. You stay on the team until one of them "
            "takes your seat."
        ),
    ).flash(request)
    return redirect("services:job_detail", pk=claim.job_id)


@member_required
@require_POST
def replacement_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    replacement = get_object_or_404(Replacement.objects.select_related("claim"), pk=pk)
    attempt(
        lambda: staffing.replacement_cancel(replacement=replacement, by=request.user),
        _("Good news: you are still on the team."),
    ).flash(request)
    return redirect("services:job_detail", pk=replacement.claim.job_id)


def _job_for(request: HttpRequest, pk: int) -> tuple[Job, Claim | None, bool]:
    """The job, the member's live or approved claim on it, and whether they see the details
    (the address, the notes, the team): the team and the staff only."""
    job = get_object_or_404(
        Job.objects.select_related("service", "season", "request")
        .prefetch_related("skills")
        .annotate(**queries.seat_counts()),
        pk=pk,
    )
    staff = bool(capabilities_for(request) & STAFF_CAPABILITIES)
    claim = (
        Claim.objects.filter(job=job, member=request.user)
        .exclude(status__in=(ClaimStatus.WITHDRAWN,))
        .select_related("timesheet")
        .order_by("-created_at")
        .first()
        if request.user.is_member
        else None
    )
    on_team = claim is not None and claim.status in (ClaimStatus.APPROVED, ClaimStatus.REPLACED)
    return job, claim, staff or on_team


@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job, claim, details = _job_for(request, pk)
    now = timezone.now()
    visible = details or (claim is not None and claim.status in (ClaimStatus.PENDING,))
    card = None
    if not visible and job.status == JobStatus.OPEN and request.user.is_member:
        cards = build_cards(request, [job])
        card = cards[0] if cards else None
        visible = card is not None
    if not visible:
        open_replacement = Replacement.objects.filter(
            claim__job=job, status=ReplacementStatus.OPEN
        ).exists()
        if not (open_replacement and request.user.is_member):
            raise Http404
    team = list(
        job.claims.approved().select_related("member__profile").order_by("member__first_name")
    )
    replacement = (
        Replacement.objects.filter(claim=claim, status=ReplacementStatus.OPEN).first()
        if claim is not None and claim.is_approved
        else None
    )
    timesheet = getattr(claim, "timesheet", None) if claim else None
    context = {
        "job": job,
        "claim": claim,
        "card": card,
        "details": details,
        "team": team,
        "replacement": replacement,
        "timesheet": timesheet,
        "pay": pay_of(job),
        "can_log_hours": claim is not None
        and claim.is_approved
        and job.status != JobStatus.CANCELLED
        and job.has_started(now)
        and not (timesheet and timesheet.is_validated),
        "can_ask_replacement": claim is not None
        and claim.is_approved
        and job.is_active
        and not job.has_started(now)
        and replacement is None,
        "hours_form": HoursForm(job=job, timesheet=timesheet),
        "hours_problems": _hours_problems(request, claim.pk)
        if timesheet is not None and not timesheet.is_validated
        else [],
        "reason_form": ReasonForm(required=False, label=_("Why? (optional, for the team)")),
        "staff_capabilities": capabilities_for(request),
        "writable": job.season.is_current,
    }
    return render(request, "services/job_detail.html", context)


@member_required
@require_POST
def hours_log(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_claim(request, pk)
    form = HoursForm(request.POST, job=claim.job)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("services:job_detail", pk=claim.job_id)
    outcome = attempt(
        lambda: staffing.hours_log(claim=claim, by=request.user, **form.cleaned_data),
        _("Your hours are logged; a youth leader will validate them."),
    ).flash(request)
    if outcome.ok:
        for problem in _hours_problems(request, claim.pk):
            messages.warning(request, problem)
    return redirect(safe_next(request, reverse("services:job_detail", args=[claim.job_id])))


def _hours_problems(request: HttpRequest, claim_pk: int) -> list[str]:
    """The limits of minors the member's own hours logged break (not validated yet)."""
    claim = Claim.objects.select_related("member__profile", "job__service", "timesheet").get(
        pk=claim_pk
    )
    timesheet = getattr(claim, "timesheet", None)
    if timesheet is None or timesheet.is_validated:
        return []
    return [
        _("A youth leader will check these hours with you: %(rule)s.") % {"rule": refusal.text}
        for refusal in staffing.HoursCheck([claim], request.cooperative).of(claim)
    ]


def _my_feed(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@member_required
@require_GET
def my_jobs(request: HttpRequest) -> HttpResponse:
    season = request.season or None
    now = timezone.now()
    claims = list(
        Claim.objects.filter(member=request.user, job__season=season)
        .filter(
            Q(status__in=(ClaimStatus.PENDING, ClaimStatus.APPROVED))
            | Q(status=ClaimStatus.REJECTED, decided_at__gte=now - dt.timedelta(days=7))
        )
        .select_related("job__service", "timesheet")
        .prefetch_related(
            Prefetch(
                "replacement_requests",
                queryset=Replacement.objects.filter(status=ReplacementStatus.OPEN),
                to_attr="open_replacements",
            )
        )
        .order_by("job__date", "job__starts_at", "pk")
    )
    upcoming, past = [], []
    for claim in claims:
        job = claim.job
        claim.pay = pay_of(job)
        if job.status in (JobStatus.OPEN, JobStatus.STAFFED) and not job.has_started(now):
            upcoming.append(claim)
        elif claim.is_approved and job.status != JobStatus.CANCELLED:
            claim.needs_hours = not hasattr(claim, "timesheet")
            past.append(claim)
    past.reverse()
    figures = queries.hours_and_earnings(season).get(request.user.pk, (Decimal(0), Decimal(0)))
    feed = _my_feed(request.user)
    context = {
        "upcoming": upcoming,
        "past": past,
        "validated_hours": figures[0],
        "earned": figures[1],
        "feed_url": request.build_absolute_uri(
            reverse("services:calendar_feed", args=[feed.token])
        ),
    }
    return render(request, "services/my_jobs.html", context)


@member_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        CalendarFeed.objects.filter(user=request.user).delete()
        CalendarFeed.objects.create(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new address: the old one no longer works. Subscribe again."),
    )
    return redirect("services:my_jobs")


def _team_names(job_ids) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for job_id, first, username in (
        Claim.objects.approved()
        .filter(job_id__in=list(job_ids))
        .order_by("member__first_name")
        .values_list("job_id", "member__first_name", "member__username")
    ):
        names.setdefault(job_id, []).append(first or username)
    return names


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_not_required
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed calendar apps subscribe to (no login: the token is the key)."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    since = timezone.localdate() - dt.timedelta(days=60)
    claims = list(
        Claim.objects.filter(
            member=feed.user,
            status=ClaimStatus.APPROVED,
            job__date__gte=since,
        ).select_related("job__service")
    )
    content = calendar.calendar_of(
        claims,
        name=_("My jobs – %(name)s") % {"name": request.cooperative.name},
        team=_team_names(c.job_id for c in claims),
    )
    response = _ics(content, "chantiers.ics")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def job_ics(request: HttpRequest, pk: int) -> HttpResponse:
    job, claim, details = _job_for(request, pk)
    if not details:
        raise Http404
    if claim is None or not claim.is_approved:
        claim = Claim(job=job, member=request.user, status=ClaimStatus.APPROVED)
    claim.job = job
    content = calendar.calendar_of([claim], name=str(job.service), team=_team_names([job.pk]))
    return _ics(content, f"chantier-{job.pk}.ics")


# Shared with the approvers' pages.
__all__ = ["Card", "build_cards", "member_required", "pay_of"]
