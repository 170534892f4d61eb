"""The guard of the pages that show minors' personal data, for the pages of ``cjs`` itself
(the leaders' dashboard, the back office), which may not import the members app that
decides it.

The members app registers its guard from its ``AppConfig.ready()``
(``members.permissions.second_factor_redirect``: a session its user has not verified with
their two-factor code goes to give it; with ``CJS_REQUIRE_2FA_FOR_MINORS_DATA``, a user
without two-factor sign-in goes to turn it on). Nothing registered: nothing guarded.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

Guard = Callable[[HttpRequest], HttpResponse | None]

_GUARDS: list[Guard] = []


def register_minors_data_guard(guard: Guard) -> None:
    if guard not in _GUARDS:
        _GUARDS.append(guard)


def minors_data_guard(request: HttpRequest) -> HttpResponse | None:
    """Where the user must go before a page of minors' data, or None to show it."""
    for guard in _GUARDS:
        elsewhere = guard(request)
        if elsewhere is not None:
            return elsewhere
    return None
