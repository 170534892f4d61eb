"""Account security: how django-axes names a login attempt (the username as typed, the
client's address), and when a temporary password stops opening the account."""

from __future__ import annotations

import datetime as dt
import ipaddress

from django.conf import settings
from django.contrib.auth.models import update_last_login
from django.http import HttpRequest

from cjs import ratelimit


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
