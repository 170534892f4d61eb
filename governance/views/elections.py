"""Elections: add one to an item, its page with the candidacies, a secret ballot request,
opening a round, applying the result."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from cjs.http import attempt, attempt_and_redirect
from governance import actions
from governance.access import can_chair, can_plan, permissions, require
from governance.forms import ElectionForm, MemberChoiceForm
from governance.models import Candidate
from governance.queries import election_page, meeting_members
from governance.views.common import (
    back_to,
    election_for,
    form_page,
    item_for,
    meeting_url,
    vote_open,
)


def _election_url(election) -> str:
    return reverse("governance:election_detail", args=[election.pk])


@require_http_methods(["GET", "POST"])
def election_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    meeting = item.meeting
    require(can_plan(request, meeting))

    def save(data: dict) -> HttpResponse:
        actions.election_add(item=item, by=request.user, **data)
        return back_to(meeting, f"item-{item.pk}")

    return form_page(
        request,
        ElectionForm(request.POST or None, meeting=meeting),
        save=save,
        heading=_("Add an election"),
        back=meeting_url(meeting),
    )


@require_http_methods(["GET", "POST"])
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The election's page; a POST adds a candidate (a planner, or a member standing)."""
    election = election_for(request, pk)
    meeting = election.item.meeting
    form = MemberChoiceForm(request.POST or None, members=meeting_members(meeting))
    perms = permissions(request, meeting)
    if request.method == "POST":
        require(perms["can_plan"] or request.POST.get("user") == str(request.user.pk))
        if form.is_valid() and attempt(
            lambda: actions.candidate_add(
                election=election, user=form.cleaned_data["user"], by=request.user
            )
        ).on_form(form):
            return redirect("governance:election_detail", pk=election.pk)
    context = {**election_page(election, meeting, request.user), "form": form, **perms}
    return render(request, "governance/election_detail.html", context)


@require_POST
def candidate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(Candidate.objects.select_related("election"), pk=pk)
    election = election_for(request, candidate.election_id)
    require(can_plan(request, election.item.meeting) or candidate.user_id == request.user.pk)
    return attempt_and_redirect(
        request,
        lambda: actions.candidate_remove(candidate=candidate, by=request.user),
        then=_election_url(election),
    )


@require_POST
def election_request_secret(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_for(request, pk)
    return attempt_and_redirect(
        request,
        lambda: actions.election_request_secret(election=election, by=request.user),
        success=_("The votes of this election will be secret."),
        then=_election_url(election),
    )


@require_POST
def election_vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_for(request, pk)
    require(can_chair(request, election.item.meeting))
    return vote_open(request, election=election, back=_election_url(election))


def _applied_text(count: int) -> str:
    if not count:
        return _("Result applied: the elected members already sit there for the whole term.")
    return ngettext(
        "Result applied: %(count)d member takes up their seat.",
        "Result applied: %(count)d members take up their seat.",
        count,
    ) % {"count": count}


@require_POST
def election_apply(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_for(request, pk)
    require(can_chair(request, election.item.meeting))
    outcome = attempt(lambda: actions.election_apply(election=election, by=request.user))
    if outcome.flash(request):
        messages.success(request, _applied_text(outcome.value))
    return redirect("governance:election_detail", pk=election.pk)
