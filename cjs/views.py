from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, connections
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cjs import access, ratelimit
from cjs import dashboard as panels


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers and the back office ask for /favicon.ico whatever the page declares."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise (for load balancers and uptime checks).
    A cache that fails (Redis down) says ``"degraded"``: the site still works (the rate limits
    count in the database meanwhile) but someone should look."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        drop_broken_connections()
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    if not ratelimit.cache_is_up():
        return JsonResponse({"status": "degraded", "database": "up", "cache": "down"})
    return JsonResponse({"status": "ok", "database": "up"})


def drop_broken_connections() -> None:
    """Close the connections a failed query left unusable, so that the next request opens a
    fresh one: the site comes back by itself when the database does (Django does it at the end
    of each request too; doing it here also covers the requests that never reach that point).
    A connection inside a transaction is left to its ``atomic`` block."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``. A database that went away is not a bug of ours: say so with a 503 and
    a page that asks to retry in a moment (rendered without the database: no context
    processor, no session). Anything else keeps the plain 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        drop_broken_connections()
        page = render_to_string("503.html")
        return HttpResponse(page, status=503, headers={"Retry-After": "30"})
    return HttpResponse(render_to_string("500.html"), status=500)


@login_not_required
@require_GET
@never_cache
def bench_baseline(request: HttpRequest) -> HttpResponse:
    """The benchmark's yardstick (``CJS_BENCH=1`` only, 404 otherwise): the whole stack with one
    trivial query and a tiny template, so that each page's time reads as a ratio to it."""
    if not settings.BENCH:
        raise Http404
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (answer,) = cursor.fetchone()
    return render(request, "bench_baseline.html", {"answer": answer})


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The page after login: what the leader or the member needs today (for an archived
    season, what that summer amounted to). Each app brings its panels (``cjs.dashboard``)."""
    season = request.season or None
    today = timezone.localdate()
    context = {"today": today}
    if request.user.is_leader and season and season.is_archived:
        context["summary"] = panels.archive_summary(season)
        return render(request, "dashboard/archive.html", context)
    if request.user.is_leader:
        elsewhere = access.minors_data_guard(request)
        if elsewhere is not None:
            return elsewhere
        if season:
            context["season_name"] = str(season)  # for its card, written once (shared_fragment)
            context.update(panels.leader_context(request, season, today))
        return render(request, "dashboard/leader.html", context)
    if season:
        context.update(panels.member_context(request, season, today))
    return render(request, "dashboard/member.html", context)
