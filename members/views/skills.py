"""The skills members declared, for a youth leader or the HR committee to confirm (or to
withdraw a confirmation)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cjs.http import attempt
from members import actions
from members.capabilities import CONFIRM_SKILLS
from members.models import MemberSkill, User
from members.permissions import capability_required
from members.queries import skills_to_confirm


@capability_required(CONFIRM_SKILLS)
@require_GET
def skills_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "members/skills_queue.html", skills_to_confirm())


@capability_required(CONFIRM_SKILLS)
@require_POST
def skill_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    held = get_object_or_404(MemberSkill, pk=pk, user__role=User.Role.MEMBER)
    if request.POST.get("undo") == "1":
        outcome = attempt(
            lambda: actions.member_skill_withdraw(held=held, by=request.user),
            _("Confirmation withdrawn."),
        )
    else:
        outcome = attempt(
            lambda: actions.member_skill_confirm(held=held, by=request.user),
            _("Skill confirmed."),
        )
    outcome.flash(request)
    return redirect("members:skills_queue")
