"""Consultations between meetings: ask the members, answer, close, publish the outcome."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cjs.http import attempt, attempt_and_redirect
from governance import actions
from governance.access import require, season_for
from governance.capabilities import RUN_CONSULTATIONS
from governance.forms import ConsultationForm, OutcomeForm, ResponseForm
from governance.models import Consultation
from governance.queries import consultation_page, own_response
from governance.views.common import form_page
from members.permissions import request_can


def _consultation_for(season, pk: int) -> Consultation:
    return get_object_or_404(Consultation, pk=pk, season=season)


def _url(consultation: Consultation) -> str:
    return reverse("governance:consultation_detail", args=[consultation.pk])


def _again(consultation: Consultation) -> HttpResponse:
    return redirect(_url(consultation))


@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    season = season_for(request)
    require(request_can(request, RUN_CONSULTATIONS))

    def save(data: dict) -> HttpResponse:
        return _again(actions.consultation_create(season=season, by=request.user, **data))

    return form_page(
        request,
        ConsultationForm(request.POST or None),
        save=save,
        heading=_("Ask the members"),
        back=reverse("governance:meeting_list"),
        success=_("The consultation is open; members are told by email."),
        intro=_(
            "A quick question between two meetings: every member gives their position "
            "until the closing date, then you write what was decided."
        ),
    )


@require_http_methods(["GET", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(season_for(request), pk)
    mine = own_response(consultation, request.user)
    initial = {"choice": mine.choice, "reason": mine.reason} if mine else None
    form = ResponseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            lambda: actions.consultation_respond(
                consultation=consultation, user=request.user, **form.cleaned_data
            ),
            _("Your position is recorded."),
        )
        if outcome.on_form(form):
            outcome.flash(request)
            return _again(consultation)
    page = consultation_page(consultation, mine=mine)
    can_run = request_can(request, RUN_CONSULTATIONS)
    is_open = page["is_open"]
    context = {
        **page,
        "form": form if is_open and request.user.is_member else None,
        "can_run": can_run,
        "outcome_form": OutcomeForm() if can_run and not is_open else None,
    }
    return render(request, "governance/consultation_detail.html", context)


@require_POST
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    season = season_for(request)
    require(request_can(request, RUN_CONSULTATIONS))
    consultation = _consultation_for(season, pk)
    return attempt_and_redirect(
        request,
        lambda: actions.consultation_close_now(consultation=consultation, by=request.user),
        then=_url(consultation),
    )


@require_POST
def consultation_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    season = season_for(request)
    require(request_can(request, RUN_CONSULTATIONS))
    consultation = _consultation_for(season, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the outcome statement."))
        return _again(consultation)
    adopted = {"yes": True, "no": False}.get(form.cleaned_data["adopted"])
    return attempt_and_redirect(
        request,
        lambda: actions.consultation_conclude(
            consultation=consultation,
            outcome=form.cleaned_data["outcome"],
            adopted=adopted,
            by=request.user,
        ),
        success=_("The outcome is published."),
        then=_url(consultation),
    )
