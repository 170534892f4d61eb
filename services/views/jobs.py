"""Planning: an accepted request becomes one or more jobs (HR committee or leaders)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cjs.http import attempt, attempt_and_redirect
from members.permissions import capability_required
from services import actions, rules
from services.capabilities import PLAN_JOBS
from services.forms import JobForm
from services.models import Job, Pricing, QuoteStatus, ServiceRequest, TimeOfDay
from services.views.common import posted_reason
from services.views.requests import get_request

# Where a new job starts, from the resident's wish.
DEFAULT_HOURS = {
    TimeOfDay.ANY: (dt.time(9, 0), dt.time(12, 0)),
    TimeOfDay.MORNING: (dt.time(9, 0), dt.time(12, 0)),
    TimeOfDay.AFTERNOON: (dt.time(14, 0), dt.time(17, 0)),
    TimeOfDay.EVENING: (dt.time(18, 0), dt.time(21, 0)),
}


def _initial_job(service_request: ServiceRequest, default_rate) -> dict:
    """A new job as the request suggests it: its date, time, place, skills and rate."""
    today = timezone.localdate()
    starts_at, ends_at = DEFAULT_HOURS[service_request.time_of_day]
    accepted = service_request.quotes.filter(
        status=QuoteStatus.ACCEPTED, pricing=Pricing.HOURLY
    ).first()
    rate = accepted.hourly_rate if accepted else service_request.service.rate(default_rate)
    return {
        "date": max(service_request.wished_from, today),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "seats": 2,
        "skills": list(service_request.service.skills.all()),
        "address": service_request.address,
        "postal_code": service_request.postal_code,
        "town_name": service_request.town_name,
        "hourly_rate": rate,
    }


def _planned(request: HttpRequest, job: Job) -> None:
    when = rules.job_when(job)
    messages.success(request, _("Job planned for %(when)s; the resident is told.") % {"when": when})
    if job.is_over():
        # Allowed on purpose: recording work already done. Say so, and what comes next.
        messages.warning(
            request,
            _(
                "This job is in the past: it is recorded as work already done. Mark it done "
                "and have the team log their hours; nobody can claim it any more."
            ),
        )


@capability_required(PLAN_JOBS)
@require_http_methods(["GET", "POST"])
def job_create(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request(pk)
    form = JobForm(
        request.POST or None,
        initial=_initial_job(service_request, request.cooperative.default_hourly_rate),
    )
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            lambda: actions.job_create(
                service_request=service_request, by=request.user, **form.action_fields()
            )
        ).on_form(form)
        if outcome.ok:
            _planned(request, outcome.value)
            return redirect(service_request)
    return render(
        request,
        "services/job_form.html",
        {"service_request": service_request, "form": form, "job": None},
    )


@capability_required(PLAN_JOBS)
@require_http_methods(["GET", "POST"])
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job.objects.select_related("request__service", "season"), pk=pk)
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            lambda: actions.job_update(job=job, by=request.user, **form.action_fields()),
            _("The job is updated."),
        ).on_form(form)
        if outcome.ok:
            outcome.flash(request)
            return redirect(job.request)
    return render(
        request,
        "services/job_form.html",
        {"service_request": job.request, "form": form, "job": job},
    )


@capability_required(PLAN_JOBS)
@require_POST
def job_done(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job.objects.select_related("request"), pk=pk)
    return attempt_and_redirect(
        request,
        lambda: actions.job_mark_done(job=job, by=request.user),
        success=_("The job is marked done."),
        then=job.request.get_absolute_url(),
    )


@capability_required(PLAN_JOBS)
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job.objects.select_related("request"), pk=pk)
    return attempt_and_redirect(
        request,
        lambda: actions.job_cancel(job=job, by=request.user, reason=posted_reason(request)),
        success=_("The job is cancelled; the resident is told."),
        then=job.request.get_absolute_url(),
    )
