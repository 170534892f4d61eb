"""The residents' home page: who the cooperative is, where it works, how to ask for help."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.queries import served_towns


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The residents' page: who the cooperative is, where it works, how to ask for help."""
    return render(request, "home.html", {"towns": served_towns()})
