"""The second step of a login with two-factor sign-in, between the password and the session.

After the right password, a user with two-factor sign-in is *not* logged in: the session only
remembers who typed it (``begin``), for ``TWO_FACTOR_LOGIN_MINUTES``. The code's page logs
them in, and marks the session verified (django-otp), once a code is right (``finish``). A
wrong code counts as a failed login for django-axes (``refuse``): it is in the leaders'
security log, and enough of them lock the username out from that address, password included.

A session opened before its user turned two-factor sign-in on (another browser) is logged in
but not verified: the same page verifies it (``members.permissions`` sends it there).
"""

from __future__ import annotations

import logging

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils import timezone
from django_otp.models import Device

from members.models import User

logger = logging.getLogger(__name__)

PENDING_SESSION_KEY = "cjs_two_factor_login"


def begin(request: HttpRequest, user: User, next_url: str) -> None:
    """The password was right: wait for the code (the user stays anonymous)."""
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": user.backend,  # set by authenticate()
        "next": next_url,
        "at": timezone.now().timestamp(),
    }


def pending(request: HttpRequest) -> tuple[User, str] | None:
    """Who waits to give their code, and where they go next; None when nobody (or too
    late: the password must be typed again)."""
    state = request.session.get(PENDING_SESSION_KEY)
    if not state:
        return None
    age = timezone.now().timestamp() - state["at"]
    user = User.objects.filter(pk=state["user"], is_active=True).first()
    if age > settings.TWO_FACTOR_LOGIN_MINUTES * 60 or user is None:
        del request.session[PENDING_SESSION_KEY]
        return None
    user.backend = state["backend"]
    return user, state["next"]


def to_verify(request: HttpRequest) -> User | None:
    """A logged-in session its user has not verified with a code yet, though they have
    two-factor sign-in."""
    user = request.user
    if user.is_authenticated and user.two_factor_enabled and not is_verified(user):
        return user
    return None


def is_verified(user) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def is_locked(request: HttpRequest, user: User) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": user.username})


def refuse(request: HttpRequest, user: User) -> None:
    """A wrong code: a failed login for django-axes (counted, logged, may lock out)."""
    logger.warning("Wrong two-factor code for %s", user.username)
    user_login_failed.send(
        sender=__name__, credentials={"username": user.username}, request=request
    )


def finish(request: HttpRequest, user: User, device: Device) -> None:
    """The code was right: the session is logged in (if it was not) and verified."""
    request.session.pop(PENDING_SESSION_KEY, None)
    if request.user.is_authenticated and request.user.pk == user.pk:
        # A new session key for the session that gains its second factor.
        request.session.cycle_key()
    else:
        auth.login(request, user, backend=user.backend)
    django_otp.login(request, device)
