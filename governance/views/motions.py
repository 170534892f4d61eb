"""Motions and amendments: propose, change, withdraw or postpone, ask for a secret ballot,
open the vote."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cjs.http import attempt_and_redirect, parse_id
from governance import actions
from governance.access import can_chair, can_plan, require
from governance.forms import MotionForm, ShareOutRuleForm
from governance.models import AgendaItem, MeetingRules, Motion, ShareOutRule, Topic
from governance.views.common import (
    back_to,
    form_page,
    item_for,
    meeting_url,
    motion_for,
    vote_open,
)


def _amended(request: HttpRequest, item: AgendaItem) -> Motion | None:
    """The motion an amendment being proposed amends (``amends`` posted or in the address)."""
    amends_pk = request.POST.get("amends") or request.GET.get("amends") or ""
    if not amends_pk:
        return None
    return get_object_or_404(Motion, pk=parse_id(amends_pk) or 0, item=item)


def _new_motion_form(request: HttpRequest, item: AgendaItem, amends: Motion | None) -> MotionForm:
    meeting = item.meeting
    initial = {"majority": MeetingRules.for_kind(meeting.kind).default_majority}
    form = MotionForm(request.POST or None, season=meeting.season, initial=initial)
    if amends is not None:
        # An amendment is the motion's whole text as amended: it starts from that text.
        form.initial.update(text=amends.text, majority=amends.majority)
        form.fields["text"].help_text = _(
            "The whole text of the motion as it will read if the amendment is adopted."
        )
        del form.fields["topic"]
    return form


@require_http_methods(["GET", "POST"])
def motion_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    meeting = item.meeting
    require(can_plan(request, meeting))
    amends = _amended(request, item)

    def save(data: dict) -> HttpResponse:
        actions.motion_add(item=item, amends=amends, by=request.user, **data)
        return back_to(meeting, f"item-{item.pk}")

    return form_page(
        request,
        _new_motion_form(request, item, amends),
        save=save,
        heading=_("Propose an amendment") if amends else _("Add a motion"),
        back=meeting_url(meeting),
        hidden={"amends": amends.pk} if amends else {},
        intro=_("Amendment to: %(title)s") % {"title": amends.title} if amends else item.title,
    )


def _motion_edit_form(request: HttpRequest, motion: Motion) -> MotionForm:
    fields = ("title", "text", "majority", "topic")
    initial = {name: getattr(motion, name) for name in fields}
    initial["proposer"] = motion.proposer_id
    form = MotionForm(request.POST or None, season=motion.item.meeting.season, initial=initial)
    if motion.topic == Topic.MINUTES or motion.is_amendment:
        del form.fields["topic"]
    amendment_pk = parse_id(request.GET.get("amendment", ""))
    if amendment_pk is not None and not form.is_bound:
        # An adopted amendment that could not be merged by itself: start from its text.
        adopted = get_object_or_404(
            Motion, pk=amendment_pk, amends=motion, status=Motion.Status.ADOPTED
        )
        form.initial["text"] = adopted.text
    return form


@require_http_methods(["GET", "POST"])
def motion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    motion = motion_for(request, pk)
    meeting = motion.item.meeting
    require(can_plan(request, meeting))

    def save(data: dict) -> HttpResponse:
        actions.motion_update(motion=motion, fields=data, by=request.user)
        return back_to(meeting, f"item-{motion.item_id}")

    form = _motion_edit_form(request, motion)
    return form_page(
        request, form, save=save, heading=_("Change the motion"), back=meeting_url(meeting)
    )


@require_POST
def motion_status(request: HttpRequest, pk: int, change: str) -> HttpResponse:
    motion = motion_for(request, pk)
    meeting = motion.item.meeting
    require(can_plan(request, meeting) or can_chair(request, meeting))
    action = {"withdraw": actions.motion_withdraw, "postpone": actions.motion_postpone}[change]
    return attempt_and_redirect(
        request,
        lambda: action(motion=motion, by=request.user),
        then=meeting_url(meeting, f"item-{motion.item_id}"),
    )


@require_POST
def motion_request_secret(request: HttpRequest, pk: int) -> HttpResponse:
    motion = motion_for(request, pk)
    return attempt_and_redirect(
        request,
        lambda: actions.motion_request_secret(motion=motion, by=request.user),
        success=_("The vote on this motion will be secret."),
        then=meeting_url(motion.item.meeting, f"item-{motion.item_id}"),
    )


@require_POST
def motion_vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    motion = motion_for(request, pk)
    require(can_chair(request, motion.item.meeting))
    back = meeting_url(motion.item.meeting, f"item-{motion.item_id}")
    return vote_open(request, motion=motion, back=back)


@require_http_methods(["GET", "POST"])
def share_out_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The share-out rule of a share-out motion, as data, while the motion is to be voted."""
    motion = motion_for(request, pk)
    meeting = motion.item.meeting
    require(can_plan(request, meeting))
    rule = ShareOutRule.objects.filter(motion=motion).first()

    def save(data: dict) -> HttpResponse:
        actions.share_out_rule_save(motion=motion, fields=data, by=request.user)
        return back_to(meeting, f"item-{motion.item_id}")

    return form_page(
        request,
        ShareOutRuleForm(request.POST or None, instance=rule),
        save=save,
        heading=_("Share-out rule"),
        back=meeting_url(meeting, f"item-{motion.item_id}"),
        intro=motion.title,
    )
