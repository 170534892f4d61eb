"""The meeting rules (quorum, majorities, proxies) of each kind of meeting."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from governance.forms import MeetingRulesFormSet
from governance.models import Meeting, MeetingRules
from members.permissions import leader_required


@leader_required
@require_http_methods(["GET", "POST"])
def rules_edit(request: HttpRequest) -> HttpResponse:
    for kind, _label in Meeting._meta.get_field("kind").choices:
        MeetingRules.objects.get_or_create(kind=kind)
    formset = MeetingRulesFormSet(request.POST or None, queryset=MeetingRules.objects.all())
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("The meeting rules are saved."))
        return redirect("governance:rules_edit")
    return render(request, "governance/rules_form.html", {"formset": formset})
