"""Who may do what: the one place that answers "may this user do X now?".

Leaders hold every capability. A member holds a capability while they sit on a committee, or
hold a role, to which a leader delegated it (``PermissionGrant``), on the day asked about. The
board (``Committee.is_board``) includes every member enrolled in the current season.

Each app declares its capabilities in its own ``capabilities.py`` with ``register()``, imported
from its ``AppConfig.ready()``, so the registry is complete before the first request.

Views use ``@leader_required`` or ``@capability_required("code")``; templates test
``"code" in capabilities`` (one query per request, see ``capabilities_for``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Capability:
    code: str
    label: str | Promise
    description: str | Promise = ""


_REGISTRY: dict[str, Capability] = {}


def register(*capabilities: Capability) -> None:
    for capability in capabilities:
        existing = _REGISTRY.get(capability.code)
        if existing is not None and existing != capability:
            raise ValueError(f"Capability {capability.code!r} is registered twice.")
        _REGISTRY[capability.code] = capability


def all_capabilities() -> list[Capability]:
    return list(_REGISTRY.values())


def capability_label(code: str) -> str:
    capability = _REGISTRY.get(code)
    return str(capability.label) if capability else code


def is_registered(code: str) -> bool:
    return code in _REGISTRY


def user_capabilities(user: Any, on: dt.date | None = None) -> frozenset[str]:
    """Every capability ``user`` holds on ``on`` (today by default), in one query."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_leader:
        return frozenset(_REGISTRY)
    from members.models import Enrolment, PermissionGrant, Season

    on = on or timezone.localdate()
    enrolled = Enrolment.objects.filter(
        user=user, season__status=Season.Status.CURRENT, left_on__isnull=True
    )
    codes = (
        PermissionGrant.objects.annotate(enrolled=Exists(enrolled.values("pk")))
        .filter(
            Q(
                role__assignments__user=user,
                role__assignments__starts_on__lte=on,
                role__assignments__ends_on__gte=on,
            )
            | Q(
                committee__memberships__user=user,
                committee__memberships__starts_on__lte=on,
                committee__memberships__ends_on__gte=on,
            )
            | Q(committee__is_board=True, enrolled=True)
        )
        .values_list("capability", flat=True)
        .distinct()
    )
    return frozenset(code for code in codes if code in _REGISTRY)


def user_can(user: Any, code: str, on: dt.date | None = None) -> bool:
    if code not in _REGISTRY:
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
    if code not in _REGISTRY:
        raise ValueError(f"Unknown capability {code!r}.")
    return code in capabilities_for(request)


def leader_required(view: Callable) -> Callable:
    """Anonymous users go to the login page; members get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_leader:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def capability_required(*codes: str) -> Callable[[Callable], Callable]:
    """Like ``leader_required``, but also lets in members holding one of ``codes`` today."""
    if not codes:
        raise ValueError("capability_required() needs at least one capability.")
    for code in codes:
        if code not in _REGISTRY:
            raise ValueError(f"Unknown capability {code!r}.")
    wanted = frozenset(codes)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not capabilities_for(request) & wanted:
                raise PermissionDenied
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
