"""The share-out: the preview computed from the ledger and the rule in force, freezing it
once the assembly adopted the rule, the payout sheet (CSV and PDF), and each member's own
line. The sheet with every name and amount is for the leaders and those keeping the
accounts; a member sees the steps and their own line."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from cjs.http import attempt_and_redirect
from cjs.spreadsheet import csv_response
from finance import actions, queries, queries_shareout
from finance.pdf_shareout import share_out_pdf_response
from finance.views.common import accounts
from members.permissions import member_required

PAYOUT_COLUMNS = (
    _lazy("Member"),
    _lazy("Validated hours"),
    _lazy("Left"),
    _lazy("Equal part"),
    _lazy("Pro rata part"),
    _lazy("Bonus"),
    _lazy("Total"),
)


def _money(request: HttpRequest):
    return queries_shareout.money_formatter(getattr(request, "cooperative", None))


@accounts
@require_GET
def share_out(request: HttpRequest, season: int | None = None) -> HttpResponse:
    season = queries.ledger_season(season)
    page = queries_shareout.share_out_page(season, _money(request))
    return render(request, "finance/share_out.html", {"page": page})


@accounts
@require_POST
def share_out_freeze(request: HttpRequest, season: int) -> HttpResponse:
    season = queries.ledger_season(season)
    return attempt_and_redirect(
        request,
        lambda: actions.share_out_freeze(season=season, by=request.user),
        success=_("The share-out is frozen: the payout sheet is ready."),
        then=reverse("finance:share_out_season", args=[season.pk]),
    )


def _frozen(season: int):
    frozen = queries_shareout.shareout_for_season(queries.ledger_season(season))
    if frozen is None:
        raise Http404("The share-out is not frozen yet.")
    return frozen


@accounts
@require_GET
def share_out_csv(request: HttpRequest, season: int) -> HttpResponse:
    frozen = _frozen(season)
    response, writer = csv_response(f"repartition-{frozen.season.year}.csv")
    writer.writerow([str(header) for header in PAYOUT_COLUMNS])
    for line in frozen.lines.all():
        left = _("yes") if line.departed else _("no")
        parts = (line.equal, line.pro_rata, line.bonus, line.total)
        writer.writerow([line.name, line.hours, left, *parts])
    writer.writerow([_("Total"), "", "", "", "", "", frozen.distributable])
    return response


@accounts
@require_GET
def share_out_pdf(request: HttpRequest, season: int) -> HttpResponse:
    frozen = _frozen(season)
    steps = [
        queries_shareout.step_text(s, _money(request))
        for s in queries_shareout.stored_steps(frozen)
    ]
    return share_out_pdf_response(frozen, steps=steps, cooperative=request.cooperative)


@member_required
@require_GET
def my_share_out(request: HttpRequest, season: int | None = None) -> HttpResponse:
    season = queries.ledger_season(season)
    mine = queries_shareout.my_share(season, request.user, _money(request))
    return render(request, "finance/my_share_out.html", {"mine": mine})
