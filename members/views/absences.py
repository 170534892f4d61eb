"""The dates away of a member, edited by a leader (member page) or by the member (own
profile): the same form and fragment for both."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cjs.http import attempt
from members import actions
from members.forms import AbsenceForm
from members.models import User


def absence_add_response(request: HttpRequest, member: User, page: str) -> HttpResponse:
    """Add the posted dates away to ``member``, then answer as ``absences_response``."""
    form = AbsenceForm(request.POST)
    error = None
    if form.is_valid():
        outcome = attempt(lambda: actions.absence_add(user=member, **form.cleaned_data))
        if outcome:
            form = AbsenceForm()
        else:
            error = outcome.message
    return absences_response(request, member, form, error, page)


def absences_response(
    request: HttpRequest, member: User, form: AbsenceForm, error: str | None, page: str
) -> HttpResponse:
    """The list of dates away as a fragment for htmx, else back to the page."""
    if request.htmx:
        context = {
            "member": member,
            "absences": member.absences.all(),
            "absence_form": form,
            "absence_error": error,
            "leader_view": page.startswith("members:"),
        }
        return render(request, "members/_absences.html", context)
    if error or form.errors:
        messages.error(request, error or _("Check the dates away."))
    return redirect(page, pk=member.pk) if page.startswith("members:") else redirect(page)
