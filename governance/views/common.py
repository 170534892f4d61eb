"""What the governance views share: the one-form page, the way back to a meeting, and the
lookups that fetch an object through its meeting (so ``meeting_for`` guards every page)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cjs.db import CompiledQuery, fits_a_column
from cjs.http import attempt
from governance import actions
from governance.access import meeting_for, season_for
from governance.models import AgendaItem, Ballot, Election, Meeting, Motion
from governance.queries import polled_ballots


def form_page(
    request: HttpRequest,
    form,
    *,
    save: Callable[[dict], HttpResponse],
    heading: str,
    back: str,
    success: str = "",
    **extra,
) -> HttpResponse:
    """The pages made of one form: a valid POST calls ``save(cleaned_data)`` (an action) and
    follows the redirect it returns; a refused action re-renders the form with its message."""
    if request.method == "POST" and form.is_valid():
        outcome = attempt(lambda: save(form.cleaned_data), success).on_form(form)
        if outcome.ok:
            outcome.flash(request)
            return outcome.value
    context = {"form": form, "heading": heading, "back": back, **extra}
    return render(request, "governance/form.html", context)


def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("governance:meeting_detail", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def back_to(meeting: Meeting, anchor: str = "") -> HttpResponse:
    return redirect(meeting_url(meeting, anchor))


def vote_open(request: HttpRequest, *, back: str, **subject) -> HttpResponse:
    """Open the vote on a motion or an election (``subject``) and go to it; back to ``back``
    with the refusal otherwise. A secret ballot when the chair ticked it."""
    secret = request.POST.get("secret") == "1"
    outcome = attempt(lambda: actions.ballot_open(secret=secret, by=request.user, **subject)).flash(
        request
    )
    if not outcome:
        return redirect(back)
    return redirect("governance:ballot_detail", pk=outcome.value.pk)


def item_for(request: HttpRequest, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    item.meeting = meeting_for(request, item.meeting_id)
    return item


def motion_for(request: HttpRequest, pk: int) -> Motion:
    motion = get_object_or_404(Motion.objects.select_related("item", "amends"), pk=pk)
    motion.item.meeting = meeting_for(request, motion.item.meeting_id)
    return motion


def election_for(request: HttpRequest, pk: int) -> Election:
    election = get_object_or_404(Election.objects.select_related("item"), pk=pk)
    election.item.meeting = meeting_for(request, election.item.meeting_id)
    return election


# What a ballot's page shows of its motion or election and of its meeting.
BALLOT_PAGE_RELATED = (
    "motion__share_out_rule",
    "election",
    "meeting__committee",
    "meeting__chair",
    "meeting__secretary",
)


def ballot_for(request: HttpRequest, pk: int, *, polled: bool = False) -> Ballot:
    """The ballot with its meeting, in one query, when the meeting is in the season viewed
    (the guard of ``meeting_for``). ``polled``: the leaner ballot of the live count
    (``polled_ballots``), which an assembly's phones ask for every few seconds: its query is
    compiled once per ballot and season in a process (``CompiledQuery``), its row read afresh
    at every poll; the page's own query too."""
    season = season_for(request)
    if not fits_a_column(pk):
        raise Http404
    for ballot in _ballot_query(pk, season.pk, polled, connection.vendor).instances():
        return ballot
    raise Http404


@functools.lru_cache(maxsize=256)
def _ballot_query(pk: int, season_pk: int, polled: bool, vendor: str) -> CompiledQuery:
    # Both with ``cast``, the papers received when it was read (the page shows it).
    ballots = polled_ballots() if polled else polled_ballots().select_related(*BALLOT_PAGE_RELATED)
    return CompiledQuery.of(ballots.filter(pk=pk, meeting__season_id=season_pk))
