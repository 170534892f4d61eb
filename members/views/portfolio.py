"""Leaders' side of the skills portfolio: the entries to confirm, and each member's
attestation (also shown to the member, see ``space.my_attestation``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cjs.http import attempt, safe_next
from members import actions
from members.models import PortfolioEntry, User
from members.pdf import attestation_pdf_bytes
from members.permissions import leader_required
from members.queries import (
    attestation_context,
    member_for_leader,
    portfolio_entries_to_confirm,
    portfolio_entry_card,
)


@leader_required
@require_GET
def portfolio_queue(request: HttpRequest) -> HttpResponse:
    entries = portfolio_entries_to_confirm(request.season or None)
    return render(request, "members/portfolio_queue.html", {"entries": entries})


@leader_required
@require_POST
def portfolio_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(PortfolioEntry, pk=pk)
    if request.POST.get("undo") == "1":
        change = actions.portfolio_entry_unconfirm
    else:
        change = actions.portfolio_entry_confirm
    attempt(lambda: change(entry=entry, by=request.user)).flash(request)
    if request.htmx:
        context = {
            "entry": portfolio_entry_card(entry.pk),
            "show_member": request.POST.get("show_member") == "1",
        }
        return render(request, "members/portfolio_queue.html#entry", context)
    return redirect(safe_next(request, reverse("members:portfolio_queue")))


def render_attestation(
    request: HttpRequest, member: User, *, pdf_url: str, as_pdf: bool = False
) -> HttpResponse:
    season = request.season or None
    if season is None:
        messages.error(request, _("Start a season first."))
        return redirect("dashboard")
    # The attestation is a French document, whatever the reader's language.
    with translation.override("fr"):
        context = attestation_context(member, season)
        if not as_pdf:
            return render(request, "members/attestation.html", {**context, "pdf_url": pdf_url})
        data = attestation_pdf_bytes(context, cooperative=request.cooperative.name)
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"attestation-{slugify(member.get_full_name() or member.username)}-{season.year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@leader_required
@require_GET
def attestation(request: HttpRequest, pk: int) -> HttpResponse:
    pdf_url = reverse("members:attestation_pdf", args=[pk])
    return render_attestation(request, member_for_leader(pk), pdf_url=pdf_url)


@leader_required
@require_GET
def attestation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return render_attestation(request, member_for_leader(pk), pdf_url="", as_pdf=True)
