"""The cooperative and the season of each request, and the first password change."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from cjs.db import CompiledQuery, one_beside_many
from members.models import Cooperative, Season
from members.models.cooperative import cooperative_query
from members.security import LAST_SEEN_RESOLUTION, LAST_SEEN_SESSION_KEY, seen_now

SEASON_SESSION_KEY = "cjs_season_year"
ALLOWED_URL_NAMES = ("password_change", "logout", "set_language")


class LeaderIdleTimeoutMiddleware:
    """Logs a leader out after ``LEADER_IDLE_TIMEOUT_MINUTES`` without a request: their
    pages show minors' personal data, and a shared computer is left open at a debrief."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        minutes = settings.LEADER_IDLE_TIMEOUT_MINUTES
        user = request.user
        if minutes > 0 and user.is_authenticated and user.is_leader:
            now = timezone.now().timestamp()
            last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
            if last_seen is not None and now - last_seen > minutes * 60:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": minutes},
                )
                if getattr(request, "htmx", False):
                    return HttpResponseClientRedirect(reverse("login"))
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen > LAST_SEEN_RESOLUTION:
                seen_now(request)
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in ALLOWED_URL_NAMES}
            if request.path not in allowed and not request.path.startswith("/static/"):
                if getattr(request, "htmx", False):
                    # A plain redirect would put the whole page inside the fragment's target.
                    return HttpResponseClientRedirect(reverse("password_change"))
                return redirect("password_change")
        return self.get_response(request)


def _wanted_season(request: HttpRequest) -> int | None:
    """The year of the archived season a leader chose to look at (kept in the session)."""
    if request.user.is_authenticated and request.user.is_leader:
        return request.session.get(SEASON_SESSION_KEY)
    return None


class _RequestScope:
    """The cooperative and the season a request works on, read together in one query at the
    first use of either (every page reads both): the current season, or the archived season
    a leader chose to look at."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self._found: tuple[Cooperative, Season | None] | None = None

    def cooperative(self) -> Cooperative:
        return self._read()[0]

    def season(self) -> Season | None:
        return self._read()[1]

    def _read(self) -> tuple[Cooperative, Season | None]:
        if self._found is None:
            wanted = _wanted_season(self.request)
            vendor = connection.vendor
            cooperative, seasons = one_beside_many(
                cooperative_query(vendor), _seasons_query(wanted, vendor)
            )
            if cooperative is None:  # a new database: the row is made on first use
                cooperative = Cooperative.load()
                seasons = _seasons_query(wanted, vendor).instances()
            chosen = next((s for s in seasons if s.year == wanted), None)
            self._found = (cooperative, chosen or next((s for s in seasons if s.is_current), None))
        return self._found


@functools.lru_cache(maxsize=64)
def _seasons_query(wanted: int | None, vendor: str) -> CompiledQuery:
    """The current season, and the one a leader chose: every request reads them, so the
    query is compiled once per process and choice (``CompiledQuery``)."""
    condition = Q(status=Season.Status.CURRENT)
    if wanted:
        condition |= Q(year=wanted)
    return CompiledQuery.of(Season.objects.filter(condition))


class CooperativeMiddleware:
    """Sets ``request.cooperative`` and ``request.season`` lazily (no query unless used).

    ``request.season`` may be ``None`` (no season created yet): test it with ``if not
    request.season``. Archived seasons are read-only: actions refuse to change them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        scope = _RequestScope(request)
        request.cooperative = SimpleLazyObject(scope.cooperative)
        request.season = SimpleLazyObject(scope.season)
        return self.get_response(request)
