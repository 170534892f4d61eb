"""The service catalogue, managed by the leaders (or the committee they delegate it to)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from members.permissions import capability_required
from services.capabilities import MANAGE_CATALOGUE
from services.forms import ServiceForm
from services.models import Service


@capability_required(MANAGE_CATALOGUE)
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    services = (
        Service.objects.prefetch_related("skills")
        .annotate(request_count=Count("requests"))
        .order_by("order", "name_fr")  # Meta.ordering does not apply to aggregations
    )
    return render(request, "services/catalogue.html", {"services": services})


@capability_required(MANAGE_CATALOGUE)
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk) if pk is not None else None
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            service = form.save()
        messages.success(request, _("“%(name)s” is saved.") % {"name": service.name})
        return redirect("services:catalogue")
    return render(request, "services/service_form.html", {"form": form, "service": service})
