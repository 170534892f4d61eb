"""Who may do what: the one place that answers "may this user do X now?".

Leaders hold every capability. A member holds a capability while they sit on a committee, or
hold a role, to which a leader delegated it (``PermissionGrant``), on the day asked about. The
board (``Committee.is_board``) includes every member enrolled in the current season.

Each app declares its capabilities in its own ``capabilities.py`` with ``register()``, imported
from its ``AppConfig.ready()``, so the registry is complete before the first request (the
registry itself lives in ``members.capability_registry``, re-exported here).

Views use ``@leader_required`` or ``@capability_required("code")``; templates test
``"code" in capabilities`` (one query per request, see ``capabilities_for``).

Both also guard minors' personal data with the second factor (``second_factor_redirect``):
leaders' pages, and the pages of a capability that ``reads_minors_data``, want a session
verified by a code from a user who turned two-factor sign-in on, and, when
``CJS_REQUIRE_2FA_FOR_MINORS_DATA`` is on, want every such user to have turned it on.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from cjs.db import QueryShape
from members.capability_registry import (
    Capability,
    all_capabilities,
    all_codes,
    capability_label,
    is_registered,
    minors_data_codes,
    register,
)
from members.models import (
    CommitteeMembership,
    Enrolment,
    PermissionGrant,
    RoleAssignment,
    Season,
)
from members.two_factor_login import is_verified

__all__ = [
    "Capability",
    "all_capabilities",
    "capabilities_for",
    "capability_label",
    "capability_required",
    "is_registered",
    "leader_required",
    "member_required",
    "reads_minors_data",
    "register",
    "request_can",
    "second_factor_redirect",
    "two_factor_page_required",
    "user_can",
    "user_capabilities",
]


def user_capabilities(user: Any, on: dt.date | None = None) -> frozenset[str]:
    """Every capability ``user`` holds on ``on`` (today by default), in one query."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_leader:
        return all_codes()
    on = on or timezone.localdate()
    # The member's id is each of the three semi-joins' (a shape's parameter stands once).
    codes = _capabilities_shape(on).rows(user.pk, user.pk, user.pk)
    return frozenset(code for (code,) in codes if is_registered(code))


@functools.lru_cache(maxsize=8)
def _capabilities_shape(on: dt.date) -> QueryShape:
    """The query of ``user_capabilities``, compiled once per day in a process, the member's
    id a parameter (``QueryShape``): every page a member opens asks it, and the ORM spends
    twenty times longer building its subqueries than the database running them. Compiled
    per member, it cost some 2,700 Python calls at each member's first page in each worker:
    an assembly's sixty phones opening the vote at once each paid it. Its rows are read
    afresh at every call."""
    return QueryShape(
        lambda role_holder, committee_member, enrolled: _capabilities_queryset(
            role_holder, committee_member, enrolled, on
        ),
        int,
        int,
        int,
    )


def _capabilities_queryset(
    role_holder: int, committee_member: int, enrolled: int, on: dt.date
) -> QuerySet:
    """The capabilities granted to member (each argument is their id) on ``on``. Three
    semi-joins rather than joins: a member holding several roles and committees would
    otherwise multiply the rows (roles × committees) before a DISTINCT."""
    roles = RoleAssignment.objects.filter(user_id=role_holder, starts_on__lte=on, ends_on__gte=on)
    committees = CommitteeMembership.objects.filter(
        user_id=committee_member, starts_on__lte=on, ends_on__gte=on
    )
    enrolments = Enrolment.objects.filter(
        user_id=enrolled, season__status=Season.Status.CURRENT, left_on__isnull=True
    )
    return (
        PermissionGrant.objects.filter(
            Q(role__in=roles.values("role_id"))
            | Q(committee__in=committees.values("committee_id"))
            | (Q(committee__is_board=True) & Q(Exists(enrolments)))
        )
        .order_by()
        .values_list("capability")
    )


def user_can(user: Any, code: str, on: dt.date | None = None) -> bool:
    if not is_registered(code):
        raise ValueError(f"Unknown capability {code!r}.")
    return code in user_capabilities(user, on)


def capabilities_for(request: HttpRequest) -> frozenset[str]:
    """The current user's capabilities today, computed once per request."""
    cached = getattr(request, "_cjs_capabilities", None)
    if cached is None:
        cached = user_capabilities(request.user)
        request._cjs_capabilities = cached  # type: ignore[attr-defined]
    return cached


def request_can(request: HttpRequest, code: str) -> bool:
    if not is_registered(code):
        raise ValueError(f"Unknown capability {code!r}.")
    return code in capabilities_for(request)


def reads_minors_data(request: HttpRequest) -> bool:
    """Leaders, and the members who hold a capability whose pages show minors' personal
    data today: those who may (or must) protect their login with a second factor."""
    user = request.user
    if not user.is_authenticated:
        return False
    return user.is_leader or bool(capabilities_for(request) & minors_data_codes())


def _go(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        # A plain redirect would put the whole page inside the fragment's target.
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


def second_factor_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where a user who reads minors' data must go before this page, or None: to the code's
    page when their session is not verified yet, to the two-factor page when it is required
    and they have not turned it on. No query (``User.two_factor_enabled``)."""
    user = request.user
    back = request.get_full_path() if request.method == "GET" else reverse("dashboard")
    if user.two_factor_enabled:
        if is_verified(user):
            return None
        return _go(request, f"{reverse('login_verify')}?{urlencode({'next': back})}")
    if settings.CJS_REQUIRE_2FA_FOR_MINORS_DATA:
        messages.warning(
            request,
            _(
                "Members' personal data, minors' included, is shown only to accounts "
                "protected by two-factor sign-in: turn it on first."
            ),
        )
        return _go(request, reverse("two_factor"))
    return None


def leader_required(view: Callable) -> Callable:
    """Anonymous users go to the login page; members get 403; a leader whose session lacks
    its second factor goes to get it (``second_factor_redirect``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_leader:
            raise PermissionDenied
        elsewhere = second_factor_redirect(request)
        if elsewhere is not None:
            return elsewhere
        return view(request, *args, **kwargs)

    return wrapper


def two_factor_page_required(view: Callable) -> Callable:
    """The two-factor pages: for the users who read minors' data only (others get 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not reads_minors_data(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def capability_required(*codes: str) -> Callable[[Callable], Callable]:
    """Like ``leader_required``, but also lets in members holding one of ``codes`` today;
    the second factor is wanted when a code held ``reads_minors_data``."""
    if not codes:
        raise ValueError("capability_required() needs at least one capability.")
    for code in codes:
        if not is_registered(code):
            raise ValueError(f"Unknown capability {code!r}.")
    wanted = frozenset(codes)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = capabilities_for(request) & wanted
            if not held:
                raise PermissionDenied
            if held & minors_data_codes():
                elsewhere = second_factor_redirect(request)
                if elsewhere is not None:
                    return elsewhere
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def member_required(view: Callable) -> Callable:
    """Members only (leaders have no profile, portfolio or attestation of their own)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_member:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
