"""The approvers' side of the jobs: the queue of claims, a job's team with the suggestion,
and the hours to validate. Leaders, and the members they delegate to (``approve_claims``,
``validate_hours``)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cjs.formatting import format_money
from cjs.http import Outcome, attempt, attempt_and_redirect, posted_ids, safe_next
from cjs.links import pk_url
from members.models import User
from members.permissions import capability_required
from services import actions, fairness, queries
from services.capabilities import APPROVE_CLAIMS, VALIDATE_HOURS
from services.dashboard import understaffed_section
from services.forms import AssignForm, HoursValidationForm
from services.models import Claim, ClaimStatus, Job, Replacement
from services.queries import HoursCheck, TeamFacts, hours_problems, pay_of
from services.queries.queues import (
    hours_claims_of,
    hours_job,
    hours_row,
    page_needs,
    queue_claim,
    queue_claims,
    queue_groups,
    queue_rows,
    queue_texts,
)
from services.views.common import posted_reason


def _facts(request: HttpRequest, member_ids, days, needs=None) -> TeamFacts:
    return TeamFacts(
        viewer=request.user,
        season=request.season or None,
        cooperative=request.cooperative,
        member_ids=member_ids,
        days=days,
        needs=needs,
    )


def _queue_facts(request: HttpRequest, claims) -> TeamFacts:
    """What the rows of ``claims`` (``QueueClaim``) read: their members' facts, the rules
    for their jobs' needs."""
    return _facts(
        request,
        [c.member_id for c in claims],
        [c.job.date for c in claims],
        needs=page_needs(claims),
    )


# Claims of the queue per page, hours to validate per page: a page reads and shows this many
# whatever the size of the season (each row runs the rules; the hours rows carry a form).
QUEUE_PAGE_SIZE = 10
HOURS_PAGE_SIZE = 8


@capability_required(APPROVE_CLAIMS)
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    season = request.season or None
    page = Paginator(queries.waiting_rows(season), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    claims = queue_claims(page.object_list)
    facts = _queue_facts(request, claims)
    context = {
        "groups": queue_groups(queue_rows(request.cooperative, facts, claims)),
        "page": page,
        "average": facts.average,
        # Written once per process for each list of short teams (the leader's dashboard's).
        "understaffed_section": understaffed_section(queries.short_team_rows(season)),
        "texts": queue_texts(),
    }
    return render(request, "services/approvals.html", context)


def _row_response(request: HttpRequest, claim: Claim, error: str | None = None):
    if not request.htmx:
        return redirect(safe_next(request, reverse("services:approvals")))
    claim = Claim.objects.select_related("job__service", "replacement__claim__member").get(
        pk=claim.pk
    )
    claims = [queue_claim(claim)]
    context = {
        "claim": claim,
        "row": queue_rows(request.cooperative, _queue_facts(request, claims), claims)[0],
        "error": error,
        "done": not claim.is_pending,
        "texts": queue_texts(),
    }
    return render(request, "services/approvals.html#row", context)


def _decide(request: HttpRequest, claim: Claim, action, success: str) -> HttpResponse:
    outcome = attempt(action, success)
    if not request.htmx:
        outcome.flash(request)
    return _row_response(request, claim, None if outcome.ok else outcome.message)


@capability_required(APPROVE_CLAIMS)
@require_POST
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("member"), pk=pk)
    return _decide(
        request,
        claim,
        lambda: actions.claim_approve(claim=claim, by=request.user),
        _("%(name)s is on the team.") % {"name": claim.member},
    )


@capability_required(APPROVE_CLAIMS)
@require_POST
def claim_reject(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("member"), pk=pk)
    was_on_team = claim.is_approved
    return _decide(
        request,
        claim,
        lambda: actions.claim_reject(claim=claim, by=request.user, reason=posted_reason(request)),
        (_("%(name)s is off the team.") if was_on_team else _("%(name)s is told the answer is no."))
        % {"name": claim.member},
    )


@capability_required(APPROVE_CLAIMS)
@require_POST
def claims_bulk_approve(request: HttpRequest) -> HttpResponse:
    ids = posted_ids(request, "claims")
    claims = list(
        Claim.objects.filter(pk__in=ids, status=ClaimStatus.PENDING)
        .select_related("member")
        .order_by("job__date", "job__starts_at", "created_at")
    )
    if not claims:
        messages.error(request, _("Tick the claims to approve."))
        return redirect("services:approvals")
    approved, refused = actions.claims_approve(claims=claims, by=request.user)
    if approved:
        messages.success(
            request,
            ngettext(
                "%(count)d member is on a team.", "%(count)d members are on a team.", len(approved)
            )
            % {"count": len(approved)},
        )
    for message in refused:
        messages.error(request, message)
    return redirect(safe_next(request, reverse("services:approvals")))


def describe_reason(reason: fairness.Reason) -> str:
    if reason.code == "least_earned" and reason.booked:
        return _(
            "Has earned among the least so far, counting the jobs booked: %(earned)s earned "
            "and %(booked)s to come (average of those free: %(avg)s)."
        )
    if reason.code == "least_earned":
        return _("Has earned among the least so far: %(earned)s (average of those free: %(avg)s).")
    if reason.code == "experienced":
        return ngettext(
            "Has done this service once: can show a newcomer.",
            "Has done this service %(count)d times: can show a newcomer.",
            reason.experience,
        ) % {"count": reason.experience}
    return _("First time on this service, alongside someone who knows it.")


def _reason_text(request: HttpRequest, reason: fairness.Reason) -> str:
    text = describe_reason(reason)
    if reason.code != "least_earned":
        return text
    currency = request.cooperative.currency
    region = request.cooperative.babel_locale_suffix
    return text % {
        "earned": format_money(reason.earned, currency, region=region),
        "booked": format_money(reason.booked, currency, region=region),
        "avg": format_money(reason.average, currency, region=region),
    }


def _suggestion(request: HttpRequest, picks, facts: TeamFacts) -> list[tuple[User, list[str]]]:
    return [
        (facts.members[pick.member_id], [_reason_text(request, r) for r in pick.reasons])
        for pick in picks
    ]


@capability_required(APPROVE_CLAIMS)
@require_GET
def job_team(request: HttpRequest, pk: int) -> HttpResponse:
    job = queries.job_page_job(pk)
    if job is None:
        raise Http404
    facts = _facts(request, queries.season_member_ids(job.season), [job.date])
    page = queries.team_page(job, facts)
    context = {
        "job": job,
        "pay": pay_of(job),
        "team": page.team,
        "waiting": page.waiting,
        "claims_for_seats": page.claims_for_seats,
        "suggestion": _suggestion(request, page.picks, facts),
        "others": page.others,
        "free_seats": page.free_seats,
        "replacing": page.replacing,
        "writable": job.takes_team_changes,
    }
    return render(request, "services/job_team.html", context)


@capability_required(APPROVE_CLAIMS)
@require_POST
def replacement_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a member in the seat of a member who can't make it."""
    replacement = get_object_or_404(
        Replacement.objects.select_related("claim__job__season", "claim__member"), pk=pk
    )
    return _put_on_team(
        request,
        replacement.claim.job,
        lambda member: actions.replacement_assign(
            replacement=replacement, member=member, by=request.user
        ),
        lambda member: (
            _("%(name)s takes the seat of %(replaced)s.")
            % {"name": member, "replaced": replacement.claim.member}
        ),
    )


@capability_required(APPROVE_CLAIMS)
@require_POST
def job_assign(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=pk)
    return _put_on_team(
        request,
        job,
        lambda member: actions.job_assign(job=job, member=member, by=request.user),
        lambda member: _("%(name)s is on the team.") % {"name": member},
    )


def _put_on_team(
    request: HttpRequest,
    job: Job,
    put: Callable[[User], object],
    success: Callable[[User], str],
) -> HttpResponse:
    """The member posted (one of the season), put on ``job``'s team by ``put``; back to the
    team page with the outcome."""
    form = AssignForm(request.POST, members=User.objects.members().enrolled_in(job.season))
    then = reverse("services:job_team", args=[job.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a member of this season."))
        return redirect(then)
    member = form.cleaned_data["member"]
    return attempt_and_redirect(request, lambda: put(member), success=success(member), then=then)


# Hours -----------------------------------------------------------------------------------------


def _hours_texts() -> dict[str, str]:
    """What every row of the hours to validate writes the same (the form's labels)."""
    fields = HoursValidationForm.base_fields
    return {
        "started_at": fields["started_at"].label,
        "ended_at": fields["ended_at"].label,
        "break_minutes": fields["break_minutes"].label,
        "note": fields["note"].label,
        "not_logged": gettext("Not logged yet"),
        "validate": gettext("Validate"),
    }


@capability_required(VALIDATE_HOURS)
@require_GET
def hours_queue(request: HttpRequest) -> HttpResponse:
    found = queries.hours_page_claims(request.season or None, timezone.now())
    page = Paginator(found, HOURS_PAGE_SIZE).get_page(request.GET.get("page"))
    claims = hours_claims_of(page.object_list)
    check = HoursCheck(claims, request.cooperative)
    url = pk_url("services:hours_validate")
    language = get_language()
    groups: list[tuple[str, list]] = []
    job_id = None
    for claim in claims:
        if claim.job_id != job_id:
            groups.append((hours_job(claim.job, language), []))
            job_id = claim.job_id
        problems = hours_problems(request.user, check, claim)
        groups[-1][1].append(hours_row(claim, problems, url, language=language))
    context = {"groups": groups, "page": page, "texts": _hours_texts()}
    return render(request, "services/hours_queue.html", context)


def _validate(request: HttpRequest, claim: Claim, form: HoursValidationForm) -> Outcome:
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return Outcome(ok=False, message=message)
    return attempt(
        lambda: actions.hours_validate(claim=claim, by=request.user, **form.cleaned_data),
        _("Hours of %(name)s validated.") % {"name": claim.member},
    )


def _hours_row_response(
    request: HttpRequest, claim: Claim, form: HoursValidationForm, error: str | None
) -> HttpResponse:
    claim = queries.hours_claims(request.season or None, pk=claim.pk).first() or claim
    timesheet = getattr(claim, "timesheet", None)
    validated = timesheet is not None and timesheet.is_validated
    problems = []
    if not validated:
        problems = hours_problems(request.user, HoursCheck([claim], request.cooperative), claim)
    row = hours_row(
        claim, problems, pk_url("services:hours_validate"), form=form if error else None
    )
    context = {"row": row, "error": error, "texts": _hours_texts()}
    return render(request, "services/hours_queue.html#row", context)


@capability_required(VALIDATE_HOURS)
@require_POST
def hours_validate(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.select_related("member", "job__service", "timesheet"), pk=pk
    )
    form = HoursValidationForm(request.POST, job=claim.job, prefix=claim.pk)
    outcome = _validate(request, claim, form)
    if not request.htmx:
        outcome.flash(request)
        return redirect("services:hours_queue")
    return _hours_row_response(request, claim, form, None if outcome.ok else outcome.message)
