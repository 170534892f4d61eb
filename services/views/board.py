"""The members' side of the jobs: the job board, a job's page, my jobs, hours, replacements
and the calendar. Phone first; the board's cards update in place with htmx."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cjs.http import Outcome, attempt, safe_next
from members.permissions import capabilities_for, member_required
from services import actions, calendar, queries
from services.board_filter import BoardFilterForm
from services.capabilities import APPROVE_CLAIMS, PLAN_JOBS, VALIDATE_HOURS
from services.forms import HoursForm, ReasonForm
from services.models import CalendarFeed, Claim, ClaimStatus, Job, JobStatus, Replacement
from services.queries import Card, build_cards, pay_of
from services.views.common import posted_reason

BOARD_DAYS = queries.BOARD_DAYS
# Cards per page of the board: a phone's screenful or two, whatever the season's size.
BOARD_PAGE_SIZE = 10
STAFF_CAPABILITIES = frozenset({APPROVE_CLAIMS, PLAN_JOBS, VALIDATE_HOURS})


def _cards(request: HttpRequest, jobs=(), replacements=(), **options) -> list[Card]:
    return build_cards(
        viewer=request.user,
        season=request.season or None,
        cooperative=request.cooperative,
        jobs=jobs,
        replacements=replacements,
        **options,
    )


@require_GET
def job_board(request: HttpRequest) -> HttpResponse:
    season = request.season or None
    today = timezone.localdate()
    form = BoardFilterForm(request.GET or None, today=today, days=BOARD_DAYS)
    filters = form.cleaned_data if form.is_valid() else {}
    writable = bool(season) and season.is_current
    page = None
    if writable:
        page = queries.board_page(
            viewer=request.user,
            season=season,
            cooperative=request.cooperative,
            today=today,
            now=timezone.now(),
            day=filters.get("day") or None,
            service_pk=filters["service"].pk if filters.get("service") else None,
            number=request.GET.get("page"),
            per_page=BOARD_PAGE_SIZE,
        )
    cards = page.object_list if page else []
    context = {"form": form, "cards": cards, "page": page, "season": season, "writable": writable}
    fragment = request.htmx and not request.htmx.history_restore_request
    template = "services/job_board.html#results" if fragment else "services/job_board.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _card_after_tap(
    request: HttpRequest, job: Job, replacement: Replacement | None, outcome: Outcome
) -> Card | None:
    """The card again after a tap. A refused tap's rule takes the place of the button: the
    action ran the rules already, so the card does not ask them a second time."""
    known = None if outcome.ok else outcome.message
    if replacement is not None:
        found = queries.open_replacements(request.season, timezone.localdate(), timezone.now())
        cards = _cards(request, replacements=found.filter(pk=replacement.pk), known_refusal=known)
    else:
        cards = _cards(request, queries.card_job(job.pk), keep_hidden=True, known_refusal=known)
    card = cards[0] if cards else None
    if card is not None and known is not None and card.claim is None:
        card.refused_now = True
    return card


def _card_response(
    request: HttpRequest,
    job: Job,
    replacement: Replacement | None = None,
    *,
    outcome: Outcome,
):
    """After a tap on a card: the card again with the outcome (htmx), or back to where the
    member was with the outcome as a message."""
    if not request.htmx:
        outcome.flash(request)
        return redirect(safe_next(request, reverse("services:job_board")))
    card = _card_after_tap(request, job, replacement, outcome)
    context = {
        "card": card,
        "writable": True,
        "feedback": None if card is not None and card.refused_now else outcome.message,
        "feedback_ok": outcome.ok,
    }
    return render(request, "services/job_board.html#card", context)


@member_required
@require_POST
def job_claim(request: HttpRequest, pk: int) -> HttpResponse:
    # The job is read by the action, locked (and by the card after it): not before, a query
    # more at each tap of a job released to thirty members at once. Unknown: not found.
    job = Job(pk=pk)
    try:
        outcome = attempt(
            lambda: actions.job_claim(job=job, member=request.user),
            _("Asked! An approver will answer soon; you will get an email."),
        )
    except Job.DoesNotExist:
        raise Http404 from None
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
        lambda: actions.claim_withdraw(claim=claim, by=request.user),
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
        lambda: actions.replacement_take(replacement=replacement, member=request.user),
        _("Thank you! An approver will confirm that you take the seat."),
    )
    return _card_response(request, replacement.claim.job, replacement, outcome=outcome)


@member_required
@require_POST
def replacement_ask(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_claim(request, pk)
    attempt(
        lambda: actions.replacement_ask(
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
        lambda: actions.replacement_cancel(replacement=replacement, by=request.user),
        _("Good news: you are still on the team."),
    ).flash(request)
    return redirect("services:job_detail", pk=replacement.claim.job_id)


def _job_for(request: HttpRequest, pk: int) -> tuple[Job, Claim | None, bool]:
    """The job, the member's live or approved claim on it, and whether they see the details
    (the address, the notes, the team): the team and the staff only."""
    job = queries.job_page_job(pk)
    if job is None:
        raise Http404
    staff = bool(capabilities_for(request) & STAFF_CAPABILITIES)
    claim = queries.viewer_claim(job, request.user)
    on_team = claim is not None and claim.status in (ClaimStatus.APPROVED, ClaimStatus.REPLACED)
    return job, claim, staff or on_team


def _visible_card(request: HttpRequest, job: Job, claim: Claim | None, details: bool):
    """Whether the member may see the job's page, and the job's card when they see it as
    on the board. Raises ``Http404`` for the others."""
    if details or (claim is not None and claim.status in (ClaimStatus.PENDING,)):
        return None
    card = None
    if job.status == JobStatus.OPEN and request.user.is_member:
        cards = _cards(request, [job])
        card = cards[0] if cards else None
    if card is None and not (queries.has_open_replacement(job) and request.user.is_member):
        raise Http404
    return card


def _hours_texts(request: HttpRequest, claim_pk: int) -> list[str]:
    return [
        _("A youth leader will check these hours with you: %(rule)s.") % {"rule": refusal.text}
        for refusal in queries.own_hours_problems(request.cooperative, claim_pk)
    ]


@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job, claim, details = _job_for(request, pk)
    card = _visible_card(request, job, claim, details)
    page = queries.job_page(job, claim, timezone.now())
    timesheet = page.timesheet
    context = {
        "job": job,
        "claim": claim,
        "card": card,
        "details": details,
        "team": page.team,
        "replacement": page.replacement,
        "timesheet": timesheet,
        "pay": pay_of(job),
        "can_log_hours": page.can_log_hours,
        "can_ask_replacement": page.can_ask_replacement,
        "hours_form": HoursForm(job=job, timesheet=timesheet),
        "hours_problems": _hours_texts(request, claim.pk)
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
        lambda: actions.hours_log(claim=claim, by=request.user, **form.cleaned_data),
        _("Your hours are logged; a youth leader will validate them."),
    ).flash(request)
    if outcome.ok:
        for problem in _hours_texts(request, claim.pk):
            messages.warning(request, problem)
    return redirect(safe_next(request, reverse("services:job_detail", args=[claim.job_id])))


@member_required
@require_GET
def my_jobs(request: HttpRequest) -> HttpResponse:
    season = request.season or None
    mine = queries.my_jobs(request.user, season, timezone.now())
    validated_hours, earned = queries.my_hours_and_earnings(season, request.user.pk)
    context = {
        "upcoming": mine.upcoming,
        "past": mine.past,
        "validated_hours": validated_hours,
        "earned": earned,
        "feed_url": request.build_absolute_uri(
            reverse("services:calendar_feed", args=[queries.calendar_token(request.user)])
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
    claims = queries.calendar_claims(feed.user, since)
    content = calendar.calendar_of(
        claims,
        name=_("My jobs – %(name)s") % {"name": request.cooperative.name},
        team=queries.team_names(c.job_id for c in claims),
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
    content = calendar.calendar_of(
        [claim], name=str(job.service), team=queries.team_names([job.pk])
    )
    return _ics(content, f"chantier-{job.pk}.ics")
