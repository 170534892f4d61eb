"""The season's ledger, its CSV for the accountant, the forms recording an expense (with its
receipt) or a self-financing income, and the receipt itself, served only to those keeping
the accounts (never from MEDIA_URL)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cjs.http import attempt
from cjs.spreadsheet import csv_response
from finance import actions, queries, rules
from finance.forms import ExpenseForm, OtherIncomeForm
from finance.views.common import accounts


@accounts
@require_GET
def ledger(request: HttpRequest, season: int | None = None) -> HttpResponse:
    page = queries.ledger_page(queries.ledger_season(season))
    return render(request, "finance/ledger.html", {"page": page})


@accounts
@require_GET
def ledger_csv(request: HttpRequest, season: int) -> HttpResponse:
    season = queries.ledger_season(season)
    movements = queries.movements(season)
    response, writer = csv_response(f"comptes-{season.year}.csv")
    writer.writerow([_("Date"), _("Kind"), _("Category"), _("Label"), _("Amount"), _("Balance")])
    balances = rules.running_balances(m.amount for m in movements)
    for movement, balance in zip(movements, balances, strict=True):
        writer.writerow(
            [
                movement.on.isoformat(),
                movement.kind,
                movement.category,
                movement.label,
                movement.amount,
                balance,
            ]
        )
    return response


def _record(request, season: int, *, form_class, action, success: str, title: str):
    """The two recording forms: GET shows the form, POST runs ``action`` and goes back to the
    ledger, or shows the form again with its errors (or the rule that refused it)."""
    season = queries.ledger_season(season)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            outcome = attempt(lambda: action(season=season, by=request.user, **data), success)
            if outcome:
                outcome.flash(request)
                return redirect("finance:ledger_season", season=season.pk)
            outcome.on_form(form)
    else:
        form = form_class(initial=dict.fromkeys(("spent_on", "received_on"), timezone.localdate()))
    context = {"form": form, "season": season, "title": title}
    return render(request, "finance/movement_form.html", context)


@accounts
@require_http_methods(["GET", "POST"])
def expense_create(request: HttpRequest, season: int) -> HttpResponse:
    return _record(
        request,
        season,
        form_class=ExpenseForm,
        action=actions.expense_record,
        success=_("The expense is recorded."),
        title=_("Record an expense"),
    )


@accounts
@require_http_methods(["GET", "POST"])
def income_create(request: HttpRequest, season: int) -> HttpResponse:
    return _record(
        request,
        season,
        form_class=OtherIncomeForm,
        action=actions.other_income_record,
        success=_("The income is recorded."),
        title=_("Record a self-financing income"),
    )


@accounts
@require_GET
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    expense = queries.expense_with_receipt(pk)
    response = FileResponse(
        expense.receipt.open("rb"),
        as_attachment=True,
        filename=f"justificatif-{expense.pk}.{expense.receipt_type}",
        content_type=rules.RECEIPT_CONTENT_TYPES[expense.receipt_type],
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
