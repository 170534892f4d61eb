"""The approvers' side of the jobs: the queue of claims, a job's team with the suggestion,
and the hours to validate. Leaders, and the members they delegate to (``approve_claims``,
``validate_hours``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from cjs.errors import DomainError
from cjs.formatting import format_money
from cjs.http import attempt_and_redirect, safe_next
from members.models import User
from members.permissions import capability_required
from services import fairness, queries, staffing
from services.capabilities import APPROVE_CLAIMS, VALIDATE_HOURS
from services.forms import AssignForm, HoursValidationForm
from services.models import Claim, ClaimStatus, Job, JobStatus, Replacement, ReplacementStatus
from services.rules import format_hours
from services.views.board import pay_of
from services.views.common import posted_reason

# A member this far above the team's average hours gets a warning in the queue.
MANY_HOURS_RATIO = Decimal("1.5")
UNDERSTAFFED_WITHIN = dt.timedelta(hours=48)


@dataclass
class Row:
    """A claim in the queue, with what the approver should know."""

    claim: Claim
    hours: Decimal = Decimal(0)
    earned: Decimal = Decimal(0)
    booked: Decimal = Decimal(0)  # hours booked, not validated yet (this claim included)
    warnings: list[str] = field(default_factory=list)
    refusal: str | None = None
    replacement: Replacement | None = None  # open: the member on the team can't make it


class TeamFacts:
    """What the queue and the team page read about many members, in a fixed number of
    queries: work facts, commitments, hours and earnings, experience of services."""

    def __init__(self, request: HttpRequest, member_ids, days) -> None:
        season = request.season or None
        self.viewer = request.user
        member_ids = sorted(set(member_ids))
        days = list(days)
        self.members = {
            user.pk: user for user in User.objects.filter(pk__in=member_ids).with_work_facts()
        }
        self.figures = queries.hours_and_earnings(season)
        self.booked = queries.booked_work(season)
        self.average = queries.team_average(season, self.figures)
        self.slots: dict[int, list] = {}
        if days and member_ids:
            first, last = staffing.around(min(days))[0], staffing.around(max(days))[1]
            self.slots = queries.commitments(member_ids, first, last)
        self.book = staffing.RuleBook(request.cooperative, days)
        self.experience: dict[tuple[int, int], int] = {}
        rows = (
            Claim.objects.approved()
            .filter(member_id__in=member_ids, job__status=JobStatus.DONE)
            .values_list("member_id", "job__service_id")
        )
        for member_id, service_id in rows:
            key = (member_id, service_id)
            self.experience[key] = self.experience.get(key, 0) + 1

    def hours(self, member_id: int) -> Decimal:
        return self.figures.get(member_id, (Decimal(0), Decimal(0)))[0]

    def earned(self, member_id: int) -> Decimal:
        return self.figures.get(member_id, (Decimal(0), Decimal(0)))[1]

    def booked_hours(self, member_id: int) -> Decimal:
        """Hours of the jobs the member holds or asked for, not validated yet."""
        return self.booked.get(member_id, (Decimal(0), Decimal(0)))[0]

    def booked_earnings(self, member_id: int) -> Decimal:
        return self.booked.get(member_id, (Decimal(0), Decimal(0)))[1]

    def refusal(self, member_id: int, job: Job) -> str | None:
        member = self.members.get(member_id)
        if member is None:
            return _("Only members take jobs.")
        slots = [s for s in self.slots.get(member_id, []) if s.job_id != job.pk]
        found = self.book.first(staffing.worker_of(member, job.date, slots), staffing.needs_of(job))
        return staffing.readable_by(found, self.viewer, member_id) if found else None

    def warnings(self, member_id: int, job: Job) -> list[str]:
        found = []
        member = self.members.get(member_id)
        # Whether a member is a minor is for the leaders only.
        if self.viewer.is_leader and member is not None and member.is_minor_on(job.date):
            found.append(_("Minor: the working-time limits for minors apply."))
        if not self.experience.get((member_id, job.service_id)):
            found.append(_("First time on this service: pair them with someone experienced."))
        hours = self.hours(member_id)
        if self.average and hours > self.average * MANY_HOURS_RATIO:
            found.append(
                _("Already %(hours)s h, well above the team's average (%(average)s h).")
                % {"hours": format_hours(hours), "average": format_hours(self.average)}
            )
        if member is not None and not member.is_available(job.date, job.starts_at, job.ends_at):
            found.append(_("Outside the availability they gave."))
        return found

    def row(self, claim: Claim) -> Row:
        return Row(
            claim=claim,
            hours=self.hours(claim.member_id),
            earned=self.earned(claim.member_id),
            booked=self.booked_hours(claim.member_id),
            warnings=self.warnings(claim.member_id, claim.job),
            refusal=self.refusal(claim.member_id, claim.job),
        )


def _waiting_claims(season):
    now = timezone.now()
    return (
        Claim.objects.filter(
            status=ClaimStatus.PENDING,
            job__season=season,
            job__status__in=(JobStatus.OPEN, JobStatus.STAFFED),
            job__date__gte=timezone.localdate(),
        )
        .exclude(job__date=timezone.localdate(), job__ends_at__lte=timezone.localtime(now).time())
        .select_related("member__profile", "job__service", "replacement__claim__member")
        .prefetch_related("job__skills")
        .order_by("job__date", "job__starts_at", "job_id", "created_at")
    )


def understaffed_jobs(season, now: dt.datetime | None = None) -> list[Job]:
    """Jobs starting within 48 hours whose team is not complete (a member who asked to be
    replaced counts as missing until someone takes the seat). One query."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    soon = timezone.localtime(now + UNDERSTAFFED_WITHIN)
    replacing = Replacement.objects.filter(claim=OuterRef("pk"), status=ReplacementStatus.OPEN)
    sure = (
        Claim.objects.approved()
        .filter(job=OuterRef("pk"))
        .exclude(Exists(replacing))
        .order_by()
        .values("job")
        .annotate(n=Count("pk"))
        .values("n")
    )
    jobs = (
        Job.objects.filter(
            season=season,
            status__in=(JobStatus.OPEN, JobStatus.STAFFED),
            date__gte=local.date(),
            date__lte=soon.date(),
        )
        .annotate(
            sure=Coalesce(Subquery(sure), 0),
            approved=Count("claims", filter=Q(claims__status=ClaimStatus.APPROVED)),
        )
        .filter(sure__lt=F("seats"))
        .select_related("service")
        .order_by("date", "starts_at", "pk")
    )
    found = []
    for job in jobs:
        if now <= job.starts <= now + UNDERSTAFFED_WITHIN:
            job.missing = job.seats - job.sure
            job.replacements_open = job.approved - job.sure
            found.append(job)
    return found


@capability_required(APPROVE_CLAIMS)
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    season = request.season or None
    claims = list(_waiting_claims(season))
    facts = TeamFacts(request, [c.member_id for c in claims], [c.job.date for c in claims])
    groups: list[tuple[Job, list[Row]]] = []
    for claim in claims:
        if not groups or groups[-1][0].pk != claim.job_id:
            groups.append((claim.job, []))
        groups[-1][1].append(facts.row(claim))
    context = {
        "groups": groups,
        "average": facts.average,
        "understaffed": understaffed_jobs(season),
    }
    return render(request, "services/approvals.html", context)


def _row_response(request: HttpRequest, claim: Claim, error: str | None = None):
    if not request.htmx:
        return redirect(safe_next(request, reverse("services:approvals")))
    claim = (
        Claim.objects.select_related("member__profile", "job__service", "replacement")
        .prefetch_related("job__skills")
        .get(pk=claim.pk)
    )
    facts = TeamFacts(request, [claim.member_id], [claim.job.date])
    context = {"row": facts.row(claim), "error": error, "done": not claim.is_pending}
    return render(request, "services/approvals.html#row", context)


def _decide(request: HttpRequest, claim: Claim, action, success: str) -> HttpResponse:
    error = None
    try:
        action()
    except DomainError as exc:
        error = exc.message
        if not request.htmx:
            messages.error(request, error)
    else:
        if not request.htmx:
            messages.success(request, success)
    return _row_response(request, claim, error)


@capability_required(APPROVE_CLAIMS)
@require_POST
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("member"), pk=pk)
    return _decide(
        request,
        claim,
        lambda: staffing.claim_approve(claim=claim, by=request.user),
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
        lambda: staffing.claim_reject(claim=claim, by=request.user, reason=posted_reason(request)),
        (_("%(name)s is off the team.") if was_on_team else _("%(name)s is told the answer is no."))
        % {"name": claim.member},
    )


@capability_required(APPROVE_CLAIMS)
@require_POST
def claims_bulk_approve(request: HttpRequest) -> HttpResponse:
    ids = [int(pk) for pk in request.POST.getlist("claims") if pk.isdigit()]
    claims = list(
        Claim.objects.filter(pk__in=ids, status=ClaimStatus.PENDING)
        .select_related("member")
        .order_by("job__date", "job__starts_at", "created_at")
    )
    if not claims:
        messages.error(request, _("Tick the claims to approve."))
        return redirect("services:approvals")
    approved, refused = staffing.claims_approve(claims=claims, by=request.user)
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


def _team_job(pk: int) -> Job:
    return get_object_or_404(
        Job.objects.select_related("service", "season", "request")
        .prefetch_related("skills")
        .annotate(**queries.seat_counts()),
        pk=pk,
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
        free_seats=max(job.seats - seats_taken(live), 0) + len(replacing),
        candidates=candidates,
        on_team=on_team,
        team_has_experience=any(
            facts.experience.get((c.member_id, job.service_id))
            for c in live
            if c.member_id in on_team
        ),
    )
    return picks, {c.member_id: c for c in candidates}


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


@capability_required(APPROVE_CLAIMS)
@require_GET
def job_team(request: HttpRequest, pk: int) -> HttpResponse:
    job = _team_job(pk)
    season = job.season
    live = list(
        job.claims.live()
        .select_related("member__profile", "replacement__claim__member")
        .order_by("status", "created_at")
    )
    members = User.objects.members().enrolled_in(season).order_by("first_name", "last_name")
    member_ids = list(members.values_list("pk", flat=True))
    facts = TeamFacts(request, member_ids, [job.date])
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
    team = []
    for claim in live:
        if claim.is_approved:
            row = facts.row(claim)
            row.replacement = asked.get(claim.pk)
            if row.replacement is not None:
                row.replacement.claim = claim
            team.append(row)
    # The seats of members who can't make it and whom nobody offered to replace yet.
    replacing = [r for r in asked.values() if not r.offers.all()]
    picks, candidates = suggestion_for(job, live, facts, replacing)
    currency = request.cooperative.currency
    region = request.cooperative.babel_locale_suffix
    suggestion = []
    for pick in picks:
        texts = []
        for reason in pick.reasons:
            text = describe_reason(reason)
            if reason.code == "least_earned":
                text = text % {
                    "earned": format_money(reason.earned, currency, region=region),
                    "booked": format_money(reason.booked, currency, region=region),
                    "avg": format_money(reason.average, currency, region=region),
                }
            texts.append(text)
        suggestion.append((facts.members[pick.member_id], texts))
    others = [
        (member, candidates[member.pk].refusal)
        for member in facts.members.values()
        if member.pk not in {c.member_id for c in live} and member.pk in candidates
    ]
    others.sort(key=lambda pair: (pair[1] is not None, str(pair[0])))
    waiting = [facts.row(c) for c in live if c.is_pending]
    context = {
        "job": job,
        "pay": pay_of(job),
        "team": team,
        "waiting": waiting,
        "claims_for_seats": any(row.claim.replacement_id is None for row in waiting),
        "suggestion": suggestion,
        "others": others,
        "free_seats": max(job.seats - seats_taken(live), 0),
        "replacing": replacing,
        "writable": season.is_current and job.is_active,
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
        lambda member: staffing.replacement_assign(
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
        lambda member: staffing.job_assign(job=job, member=member, by=request.user),
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


def _hours_claims(season, *, pk: int | None = None):
    claims = (
        Claim.objects.approved()
        .filter(
            job__season=season, job__status__in=(JobStatus.OPEN, JobStatus.STAFFED, JobStatus.DONE)
        )
        .filter(job__date__lte=timezone.localdate())
        .select_related("member__profile", "job__service", "timesheet")
        .order_by("job__date", "job__starts_at", "job_id", "member__first_name")
    )
    if pk is not None:
        return claims.filter(pk=pk)
    return claims.filter(timesheet__validated_at__isnull=True)


def hours_problems(request: HttpRequest, check: staffing.HoursCheck, claim: Claim) -> list[str]:
    """The limits of minors the hours logged break, as the viewer may read them."""
    neutral = staffing.hours_neutral_refusal()
    texts = [
        staffing.readable_by(refusal, request.user, claim.member_id, neutral=neutral)
        for refusal in check.of(claim)
    ]
    return list(dict.fromkeys(texts))  # the neutral text once


@capability_required(VALIDATE_HOURS)
@require_GET
def hours_queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    claims = [c for c in _hours_claims(request.season or None) if c.job.has_started(now)]
    check = staffing.HoursCheck(claims, request.cooperative)
    groups: list[tuple[Job, list]] = []
    for claim in claims:
        if not groups or groups[-1][0].pk != claim.job_id:
            groups.append((claim.job, []))
        timesheet = getattr(claim, "timesheet", None)
        groups[-1][1].append(
            (
                claim,
                HoursValidationForm(job=claim.job, timesheet=timesheet, prefix=claim.pk),
                hours_problems(request, check, claim),
            )
        )
    return render(request, "services/hours_queue.html", {"groups": groups})


@capability_required(VALIDATE_HOURS)
@require_POST
def hours_validate(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.select_related("member", "job__service", "timesheet"), pk=pk
    )
    form = HoursValidationForm(request.POST, job=claim.job, prefix=claim.pk)
    error = None
    if form.is_valid():
        try:
            staffing.hours_validate(claim=claim, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            error = exc.message
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Hours of %(name)s validated.") % {"name": claim.member})
        return redirect("services:hours_queue")
    claim = _hours_claims(request.season or None, pk=claim.pk).first() or claim
    timesheet = getattr(claim, "timesheet", None)
    validated = timesheet is not None and timesheet.is_validated
    context = {
        "claim": claim,
        "form": form
        if error
        else HoursValidationForm(job=claim.job, timesheet=timesheet, prefix=claim.pk),
        "error": error,
        "problems": []
        if validated
        else hours_problems(request, staffing.HoursCheck([claim], request.cooperative), claim),
    }
    return render(request, "services/hours_queue.html#row", context)
