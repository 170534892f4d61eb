"""The invoicing settings: who invoices and under which legal mentions (leaders only)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cjs.http import attempt
from finance import actions
from finance.forms import FinanceSettingsForm
from finance.models import FinanceSettings
from members.permissions import leader_required


@leader_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    form = FinanceSettingsForm(request.POST or None, instance=FinanceSettings.load())
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            lambda: actions.finance_settings_save(
                settings=form.save(commit=False), by=request.user
            ),
            _("The invoicing settings are saved: they apply to the next invoices issued."),
        ).on_form(form)
        if outcome:
            outcome.flash(request)
            return redirect("finance:settings")
    return render(request, "finance/settings_form.html", {"form": form})
