"""Django's database sessions, with the query each logged-in request makes compiled once.

Every request of a logged-in user reads its session row: Django builds and compiles that
query again each time (about 700 Python calls, a third of what a request costs before its
view runs). The same table, the same rows and the same rules (an expired or unknown key is
no session); only the SQL is kept (``cjs.db.QueryShape``)."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.models import Session
from django.db import router
from django.utils import timezone

from cjs.db import QueryShape

_BY_KEY = QueryShape(lambda key: Session.objects.filter(session_key=key), str)
_KEY_CHARS = frozenset(VALID_KEY_CHARS)
KEY_LENGTH = Session._meta.get_field("session_key").max_length


def could_be_stored(key: str | None) -> bool:
    """Whether ``key`` is one Django could have made (its characters, the column's length):
    no other is looked up (a cookie can carry anything, a NUL byte PostgreSQL refuses)."""
    return bool(key) and len(key) <= KEY_LENGTH and _KEY_CHARS.issuperset(key)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        key = self.session_key
        if could_be_stored(key):
            found = _BY_KEY.instances(key, using=router.db_for_read(Session))
            if found and found[0].expire_date > timezone.now():
                return found[0]
        self._session_key = None
        return None
