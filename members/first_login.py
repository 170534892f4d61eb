"""First-login links: unguessable, expiring, single use.

The token signs the member's id with a fingerprint of their password hash and last login, so
it stops working as soon as the member has chosen a password or logged in (single use), and
after ``FIRST_LOGIN_LINK_DAYS`` days (the signature carries its date). Nothing is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from members.models import User

FIRST_LOGIN_LINK_DAYS = 14
_SALT = "members.first_login"


def _fingerprint(user: User) -> str:
    state = f"{user.pk}:{user.password}:{user.last_login}:{user.is_active}"
    return salted_hmac(_SALT, state).hexdigest()[:32]


def make_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=_SALT)


def user_for_token(token: str) -> User | None:
    """The member the token was made for, or ``None`` when it is forged, expired or used."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=FIRST_LOGIN_LINK_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(_fingerprint(user), str(data.get("f"))):
        return None
    return user


def first_login_url(user: User) -> str:
    """The absolute link to send or hand to the member."""
    return settings.SITE_URL + reverse("my:first_login", args=[make_token(user)])
