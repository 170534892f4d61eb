"""Site-wide middleware: the language of each request, and no private page in any cache (the
cooperative and the season are set by ``members.middleware.CooperativeMiddleware``)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


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


class PrivatePagesMiddleware:
    """Every page answered to a logged-in user, and every page reached through a private link
    (a URL with a ``token``: a resident's tracking page, a calendar feed, a first-login link),
    is ``Cache-Control: no-store, private``: neither the browser's back button on a shared
    computer nor a proxy may keep a copy of someone's data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        private_link = match is not None and "token" in match.kwargs
        user = getattr(request, "user", None)
        if private_link or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
