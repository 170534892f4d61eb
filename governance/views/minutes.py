"""The minutes: the page, the secretary's editor (saved as they type), the PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cjs.http import Outcome, attempt
from governance import actions
from governance.access import can_write_minutes, meeting_for, permissions, require
from governance.forms import ItemNotesForm, MinutesForm
from governance.models import Minutes
from governance.pdf import minutes_pdf_bytes
from governance.queries import minutes_document
from governance.views.common import item_for


def _autosaved(request: HttpRequest, outcome: Outcome, meeting_pk: int, **extra) -> HttpResponse:
    """The answer to the editor saving as the secretary types: the "saved at" fragment for
    htmx, the editor again otherwise (with the refusal, if any)."""
    error = "" if outcome.ok else outcome.message
    if request.htmx:
        saved_at = timezone.localtime() if outcome.ok else None
        context = {"saved_at": saved_at, "error": error, **extra}
        return render(request, "governance/minutes_edit.html#saved", context)
    if error:
        messages.error(request, error)
    return redirect("governance:minutes_edit", pk=meeting_pk)


@require_GET
def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    context = {
        "meeting": meeting,
        "minutes": Minutes.objects.filter(meeting=meeting).first(),
        "document": minutes_document(meeting, cooperative_name=request.cooperative.name),
        **permissions(request, meeting),
    }
    return render(request, "governance/minutes_detail.html", context)


@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's editor: notes per item and the free parts, saved as they type."""
    meeting = meeting_for(request, pk)
    require(can_write_minutes(request, meeting))
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    initial = {"introduction": minutes.introduction, "other_business": minutes.other_business}
    form = MinutesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        outcome = Outcome(ok=False)  # an invalid form saves nothing and says nothing
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k in request.POST}
            outcome = attempt(
                lambda: actions.minutes_update(meeting=meeting, by=request.user, **fields)
            )
        return _autosaved(request, outcome, meeting.pk)
    items = list(meeting.items.order_by("position", "pk"))
    context = {"meeting": meeting, "minutes": minutes, "form": form, "items": items}
    return render(request, "governance/minutes_edit.html", context)


@require_POST
def minutes_item_notes(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    require(can_write_minutes(request, item.meeting))
    form = ItemNotesForm(request.POST)
    if not form.is_valid():
        outcome = Outcome(ok=False, message=" ".join(form.errors["notes"]))
        return _autosaved(request, outcome, item.meeting_id, target=item.pk)
    notes = form.cleaned_data["notes"][:20000]
    outcome = attempt(
        lambda: actions.minutes_item_notes_save(item=item, notes=notes, by=request.user)
    )
    return _autosaved(request, outcome, item.meeting_id, target=item.pk)


@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    document = minutes_document(meeting, cooperative_name=request.cooperative.name)
    response = HttpResponse(
        minutes_pdf_bytes(document, cooperative=document.cooperative),
        content_type="application/pdf",
    )
    filename = f"proces-verbal-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
