"""The delegations (leaders): which committee or role holds which capability."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from cjs.http import attempt, parse_id
from members import actions
from members.permissions import leader_required
from members.queries import grant_rows


def _posted_grants(request: HttpRequest) -> set[tuple[str, str, int]]:
    """The ticked cells, ``"<capability>:<committee|role>:<id>"``, as tuples."""
    wanted = set()
    for value in request.POST.getlist("grant"):
        code, kind, pk = ([*value.split(":", 2), "", ""])[:3]
        if (pk_number := parse_id(pk)) is not None:
            wanted.add((code, kind, pk_number))
    return wanted


def _saved_text(added: int, removed: int) -> str:
    granted = ngettext("%(count)d granted", "%(count)d granted", added) % {"count": added}
    withdrawn = ngettext("%(count)d withdrawn", "%(count)d withdrawn", removed) % {"count": removed}
    return _("Delegations saved: %(granted)s, %(withdrawn)s.") % {
        "granted": granted,
        "withdrawn": withdrawn,
    }


@leader_required
@require_http_methods(["GET", "POST"])
def grants_edit(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        wanted = _posted_grants(request)
        outcome = attempt(lambda: actions.grants_replace(wanted=wanted, by=request.user))
        if outcome.flash(request):
            messages.success(request, _saved_text(*outcome.value))
            return redirect("members:grants_edit")
    return render(request, "members/grants_form.html", {"rows": grant_rows()})
