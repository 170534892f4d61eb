"""Account security: how django-axes names a login attempt (the username as typed, the
client's address), and when a temporary password stops opening the account."""

from __future__ import annotations

import datetime as dt
import ipaddress

from django.conf import settings
from django.contrib.auth.models import update_last_login
from django.http import HttpRequest
from django.utils import timezone

from cjs import ratelimit

# When the session's user was last seen (a timestamp), for the leaders' idle timeout.
LAST_SEEN_SESSION_KEY = "cjs_last_seen"
# The time last seen is written again only after this many seconds: not a session write on
# every request.
LAST_SEEN_RESOLUTION = 60


def seen_now(request: HttpRequest) -> None:
    request.session[LAST_SEEN_SESSION_KEY] = timezone.now().timestamp()


def remember_login_time(sender, request, user, **kwargs) -> None:
    """A login counts as activity: the idle time starts from it."""
    if request is not None and hasattr(request, "session"):
        seen_now(request)


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """The username of an attempt, as the login form reads it: ``Lea`` and ``lea `` are
    one account, so they share one count of failures."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return raw.strip().lower()


def login_address(request: HttpRequest) -> str | None:
    """The client's address, as the other rate limits see it (the proxy's last hop); None
    when it is not an IP address (axes stores it in an IP field)."""
    address = ratelimit.client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def temporary_password_expired(set_at: dt.datetime | None, now: dt.datetime) -> bool:
    """A temporary password given on ``set_at`` no longer opens the account on ``now``."""
    if set_at is None:
        return False
    return now - set_at > dt.timedelta(days=settings.TEMPORARY_PASSWORD_DAYS)


def update_last_login_untracked(sender, user, **kwargs) -> None:
    """Django's ``update_last_login``, kept out of the audit trail: a login changes nothing
    a leader needs to review, and would bury the real changes."""
    user.skip_history_when_saving = True
    try:
        update_last_login(sender, user, **kwargs)
    finally:
        del user.skip_history_when_saving
