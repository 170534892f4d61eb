"""The agenda of a meeting: add, change, move and remove its items."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cjs.http import attempt, attempt_and_redirect
from governance import actions
from governance.access import can_plan, meeting_for, permissions, require
from governance.forms import AgendaItemForm
from governance.queries import meeting_items
from governance.views.common import back_to, form_page, item_for, meeting_url


@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_plan(request, meeting))

    def save(data: dict) -> HttpResponse:
        item = actions.agenda_item_add(meeting=meeting, by=request.user, **data)
        return back_to(meeting, f"item-{item.pk}")

    return form_page(
        request,
        AgendaItemForm(request.POST or None),
        save=save,
        heading=_("Add an agenda item"),
        back=meeting_url(meeting),
    )


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    require(can_plan(request, item.meeting))

    def save(data: dict) -> HttpResponse:
        actions.agenda_item_update(item=item, by=request.user, **data)
        return back_to(item.meeting, f"item-{item.pk}")

    initial = {"title": item.title, "description": item.description}
    return form_page(
        request,
        AgendaItemForm(request.POST or None, initial=initial),
        save=save,
        heading=_("Change the agenda item"),
        back=meeting_url(item.meeting),
    )


@require_POST
def item_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    item = item_for(request, pk)
    meeting = item.meeting
    require(can_plan(request, meeting))
    offset = -1 if direction == "up" else 1
    attempt(lambda: actions.agenda_item_move(item=item, offset=offset, by=request.user)).flash(
        request
    )
    if request.htmx:
        return render(
            request,
            "governance/meeting_detail.html#agenda",
            {"meeting": meeting, "items": meeting_items(meeting), **permissions(request, meeting)},
        )
    return back_to(meeting, "agenda")


@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    require(can_plan(request, item.meeting))
    return attempt_and_redirect(
        request,
        lambda: actions.agenda_item_delete(item=item, by=request.user),
        success=_("The item is removed from the agenda."),
        then=meeting_url(item.meeting, "agenda"),
    )
