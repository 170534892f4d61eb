"""The leaders' history page (the audit trail) and security page (failed logins, lock-outs).
Leaders only: the trail holds minors' personal data (dates of birth, authorizations)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cjs.http import attempt_and_redirect
from members import actions
from members.audit import audit_page, locked_out_attempts, security_events
from members.forms import AuditFilterForm
from members.permissions import leader_required


@leader_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    page, entries = audit_page(form.filters(), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "entries": entries, "query": query.urlencode()}
    return render(request, "members/history.html", context)


@leader_required
@require_GET
def security(request: HttpRequest) -> HttpResponse:
    context = {"locked": locked_out_attempts(), "events": security_events()}
    return render(request, "members/security.html", context)


@leader_required
@require_POST
def lockout_lift(request: HttpRequest, pk: int) -> HttpResponse:
    return attempt_and_redirect(
        request,
        lambda: actions.lockout_lift(attempt_id=pk, by=request.user),
        success=_("The lock-out is lifted: this account may log in again from this address."),
        then="members:security",
    )
