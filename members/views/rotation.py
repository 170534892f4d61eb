"""The rotation planner's pages: leaders, and members holding the ``plan_rotation``
capability, propose a plan, adjust it cell by cell (htmx) and publish it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cjs.http import Outcome, attempt
from members import actions
from members.capabilities import PLAN_ROTATION
from members.forms import (
    RotationPlanForm,
    SeatMoveForm,
    SeatPlaceForm,
    SeatSetForm,
    SeatSwapForm,
    TakeInForm,
)
from members.models import RotationPlan, RotationSeat, Season
from members.permissions import capability_required
from members.planning import build_board
from members.queries import rotation_plans


def _plan_or_404(request: HttpRequest, pk: int) -> RotationPlan:
    """A plan of the season being viewed; others are not found."""
    return get_object_or_404(
        RotationPlan.objects.select_related("season", "published_by"),
        pk=pk,
        season=request.season or None,
    )


@capability_required(PLAN_ROTATION)
@require_GET
def rotation_list(request: HttpRequest) -> HttpResponse:
    plans = rotation_plans(request.season or None)
    return render(request, "members/rotation_list.html", {"plans": plans})


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind") or request.POST.get("kind")
    return kind if kind in RotationPlan.Kind.values else RotationPlan.Kind.ROLES


def _create(request: HttpRequest, form: RotationPlanForm, season: Season, kind: str) -> Outcome:
    data = form.cleaned_data
    return attempt(
        lambda: actions.rotation_plan_create(
            season=season,
            kind=kind,
            first_week=data["first_week"],
            weeks=form.weeks,
            weeks_per_period=data.get("weeks_per_period") or 1,
            slots=data.get("roles") or data.get("committees") or [],
            participants=data["participants"],
            by=request.user,
        ),
        _("Here is the proposal: adjust it if needed, then publish it."),
    ).on_form(form)


@capability_required(PLAN_ROTATION)
@require_http_methods(["GET", "POST"])
def rotation_create(request: HttpRequest) -> HttpResponse:
    season = request.season or None
    if season is None or season.is_archived:
        messages.error(request, _("Plan a rotation in the current season."))
        return redirect("members:rotation_list")
    kind, today = _kind(request), timezone.localdate()
    form = RotationPlanForm(request.POST or None, season=season, kind=kind, today=today)
    if request.method == "POST" and form.is_valid():
        outcome = _create(request, form, season, kind)
        if outcome:
            outcome.flash(request)
            return redirect("members:rotation_board", pk=outcome.value.pk)
    is_roles = kind == RotationPlan.Kind.ROLES
    context = {"form": form, "kind": kind, "is_roles": is_roles, "today": today}
    return render(request, "members/rotation_form.html", context)


def _board_response(request: HttpRequest, plan: RotationPlan, error: str | None = None):
    """The board: a fragment for htmx (with the error, if any, inside), else the page."""
    today = timezone.localdate()
    if request.method == "POST" and not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("members:rotation_board", pk=plan.pk)
    plan.refresh_from_db()
    context = {"board": build_board(plan, today), "plan": plan, "today": today, "error": error}
    if request.htmx:
        return render(request, "members/rotation_board.html#board", context)
    return render(request, "members/rotation_board.html", context)


def _refusal(outcome: Outcome) -> str | None:
    return None if outcome.ok else outcome.message


@capability_required(PLAN_ROTATION)
@require_GET
def rotation_board(request: HttpRequest, pk: int) -> HttpResponse:
    return _board_response(request, _plan_or_404(request, pk))


def _seat(plan: RotationPlan, seat_pk: int) -> RotationSeat:
    return get_object_or_404(RotationSeat.objects.select_related("plan"), pk=seat_pk, plan=plan)


@capability_required(PLAN_ROTATION)
@require_POST
def seat_set(request: HttpRequest, pk: int, seat_pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    seat = _seat(plan, seat_pk)
    form = SeatSetForm(request.POST, plan=plan)
    if not form.is_valid():
        return _board_response(request, plan, _("Choose a member taking part in this rotation."))
    outcome = attempt(
        lambda: actions.rotation_seat_set(
            seat=seat, user=form.cleaned_data["user"], today=timezone.localdate()
        )
    )
    return _board_response(request, plan, _refusal(outcome))


@capability_required(PLAN_ROTATION)
@require_POST
def seat_move(request: HttpRequest, pk: int, seat_pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    seat = _seat(plan, seat_pk)
    form = SeatMoveForm(request.POST, plan=plan)
    if not form.is_valid():
        return _board_response(request, plan, _("Choose a committee of this rotation."))
    outcome = attempt(
        lambda: actions.rotation_seat_move(
            seat=seat, committee=form.cleaned_data["committee"], today=timezone.localdate()
        )
    )
    return _board_response(request, plan, _refusal(outcome))


@capability_required(PLAN_ROTATION)
@require_POST
def seat_place(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    form = SeatPlaceForm(request.POST, plan=plan)
    if not form.is_valid():
        return _board_response(request, plan, _("Choose a committee of this rotation."))
    data = form.cleaned_data
    outcome = attempt(
        lambda: actions.rotation_seat_place(
            plan=plan,
            period_start=data["period_start"],
            user=data["user"],
            committee=data["committee"],
            today=timezone.localdate(),
        )
    )
    return _board_response(request, plan, _refusal(outcome))


@capability_required(PLAN_ROTATION)
@require_POST
def seats_swap(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    form = SeatSwapForm(request.POST, plan=plan)
    if not form.is_valid():
        error = " ".join(form.errors.get("seat", [])) or _("Tick the two seats to swap.")
        return _board_response(request, plan, error)
    first, second = form.cleaned_data["seat"]
    outcome = attempt(
        lambda: actions.rotation_seats_swap(first=first, second=second, today=timezone.localdate())
    )
    return _board_response(request, plan, _refusal(outcome))


@capability_required(PLAN_ROTATION)
@require_POST
def rotation_replan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    outcome = attempt(
        lambda: actions.rotation_replan(plan=plan, today=timezone.localdate()),
        "" if request.htmx else _("A new proposal is ready; the weeks begun are kept."),
    )
    if outcome:
        outcome.flash(request)
    return _board_response(request, plan, _refusal(outcome))


@capability_required(PLAN_ROTATION)
@require_POST
def rotation_take_in(request: HttpRequest, pk: int) -> HttpResponse:
    plan, today = _plan_or_404(request, pk), timezone.localdate()
    form = TakeInForm(request.POST, plan=plan, today=today)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("members:rotation_board", pk=plan.pk)
    data = form.cleaned_data
    outcome = attempt(
        lambda: actions.rotation_take_in(
            plan=plan, members=data["members"], since=data["since"], today=today
        )
    ).flash(request)
    text = _("The members taken in got %(count)d seats: check the changes, then publish them.")
    return _counted(request, plan, outcome, text)


@capability_required(PLAN_ROTATION)
@require_POST
def rotation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    outcome = attempt(
        lambda: actions.rotation_publish(plan=plan, today=timezone.localdate(), by=request.user)
    ).flash(request)
    text = _("The rotation is published (%(count)d assignments); members were emailed.")
    return _counted(request, plan, outcome, text)


def _counted(request: HttpRequest, plan: RotationPlan, outcome: Outcome, text: str):
    """Back to the board, saying how many rows the action wrote (``text`` has ``%(count)d``)."""
    if outcome:
        messages.success(request, text % {"count": outcome.value})
    return redirect("members:rotation_board", pk=plan.pk)


@capability_required(PLAN_ROTATION)
@require_POST
def rotation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    outcome = attempt(
        lambda: actions.rotation_plan_delete(plan=plan), _("The draft rotation is deleted.")
    ).flash(request)
    if outcome:
        return redirect("members:rotation_list")
    return redirect("members:rotation_board", pk=plan.pk)
