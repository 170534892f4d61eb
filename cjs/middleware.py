"""Site-wide middleware: the language, the cooperative and the season of each request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

SEASON_SESSION_KEY = "cjs_season_year"


class LanguageMiddleware:
    """French unless the visitor chose English with the language switch.

    Unlike Django's ``LocaleMiddleware`` this ignores the browser's Accept-Language: the site
    is French first, and a resident on an English phone still lands on the French site.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def resolve_season(request: HttpRequest):
    """The season the request works on: the current one, or the archived season a leader
    chose to look at (kept in the session)."""
    from members.models import Season

    wanted = None
    if request.user.is_authenticated and request.user.is_leader:
        wanted = request.session.get(SEASON_SESSION_KEY)
    condition = Q(status=Season.Status.CURRENT)
    if wanted:
        condition |= Q(year=wanted)
    seasons = list(Season.objects.filter(condition))
    for season in seasons:
        if season.year == wanted:
            return season
    return next((s for s in seasons if s.is_current), None)


class CooperativeMiddleware:
    """Sets ``request.cooperative`` and ``request.season`` lazily (no query unless used).

    ``request.season`` may be ``None`` (no season created yet): test it with ``if not
    request.season``. Archived seasons are read-only: actions refuse to change them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from members.models import Cooperative

        request.cooperative = SimpleLazyObject(Cooperative.load)
        request.season = SimpleLazyObject(lambda: resolve_season(request))
        return self.get_response(request)
