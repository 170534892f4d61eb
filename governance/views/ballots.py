"""A vote: its page (voting cards and the live count or result), casting, closing, and the
chair's casting vote on a tie."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cjs.http import attempt, attempt_and_redirect, posted_id, posted_ids
from governance import actions
from governance.access import can_chair, require
from governance.models import Ballot
from governance.queries import live_ballot, meeting_members, vote_cards
from governance.views.common import ballot_for


def _ballot_url(ballot: Ballot) -> str:
    return reverse("governance:ballot_detail", args=[ballot.pk])


def _live(request: HttpRequest, ballot: Ballot) -> dict:
    return live_ballot(ballot, request.user, can_chair=can_chair(request, ballot.meeting))


@require_GET
def ballot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = ballot_for(request, pk)
    context = {
        "meeting": ballot.meeting,
        **vote_cards(ballot, request.user),
        **live_ballot(
            ballot, request.user, can_chair=can_chair(request, ballot.meeting), cast=ballot.cast
        ),
    }
    return render(request, "governance/ballot_detail.html", context)


@require_GET
def ballot_live(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = ballot_for(request, pk, polled=True)
    # Only the tally of an open named vote depends on the right to chair: asked only then.
    chair = ballot.is_open and not ballot.secret and can_chair(request, ballot.meeting)
    context = live_ballot(ballot, request.user, can_chair=chair, cast=ballot.cast)
    return render(request, "governance/ballot_detail.html#live", context)


@require_POST
def ballot_vote(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = ballot_for(request, pk)
    voter = get_object_or_404(meeting_members(ballot.meeting), pk=posted_id(request, "voter") or 0)
    outcome = attempt(
        lambda: actions.vote_cast(
            ballot=ballot,
            voter=voter,
            by=request.user,
            choice=request.POST.get("choice"),
            candidates=posted_ids(request, "candidate"),
        ),
        _("Your vote is recorded."),
    )
    if not request.htmx:
        outcome.flash(request)
        return redirect(_ballot_url(ballot))
    if not outcome.ok:
        ballot.refresh_from_db(fields=["status", "outcome"])  # closed meanwhile?
        context = {**vote_cards(ballot, request.user), "error": outcome.message}
        return render(request, "governance/ballot_detail.html#vote", context)
    context = {**vote_cards(ballot, request.user), "saved": voter.pk}
    response = render(request, "governance/ballot_detail.html#vote", context)
    # The count on the voter's own screen moves with their vote, not at the next poll.
    live = {**_live(request, ballot), "out_of_band": True}
    response.write(render_to_string("governance/ballot_detail.html#live", live, request))
    return response


@require_POST
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = ballot_for(request, pk)
    require(can_chair(request, ballot.meeting))
    return attempt_and_redirect(
        request,
        lambda: actions.ballot_close(
            ballot=ballot, by=request.user, empty=request.POST.get("empty") == "1"
        ),
        success=_("The vote is closed."),
        then=_ballot_url(ballot),
    )


@require_POST
def ballot_casting_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair of the meeting settles a tie."""
    ballot = ballot_for(request, pk)
    require(ballot.meeting.chair_id == request.user.pk)
    choice = request.POST.get("choice", "")
    return attempt_and_redirect(
        request,
        lambda: actions.ballot_casting_vote(ballot=ballot, choice=choice, by=request.user),
        success=_("Your casting vote settles the tie."),
        then=_ballot_url(ballot),
    )
