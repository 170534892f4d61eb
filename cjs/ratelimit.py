"""A per-client rate limit counted in Django's cache.

In production the cache is Redis (``REDIS_URL``), shared by every server process, so the
limit holds across them; without it, each process counts on its own (local memory). The
client's address is hashed before it is used as a key: the cache never holds an IP address.

When the cache fails (Redis down), the limits still hold: the count moves to the database
cache ``FALLBACK_CACHE`` (``createcachetable``), shared by every process too, and the failure
is logged. The fallback's increment is not atomic, so a burst may slip one or two hits past the
limit while Redis is down; it never lets an unlimited stream through.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

# Changed by tests so that each test counts on keys of its own.
KEY_PREFIX = "ratelimit"
FALLBACK_CACHE = "fallback"


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind the reverse proxy (``SECURE_PROXY_SSL_HEADER`` set), the
    last address of ``X-Forwarded-For`` is the one our proxy saw, which a client cannot forge;
    directly, ``REMOTE_ADDR``. The benchmark (``settings.BENCH``) plays the proxy: each
    simulated client sends its own address in that header."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) or settings.BENCH:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def cache_key(scope: str, client: str, window: int, now: float | None = None) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client}".encode()).hexdigest()[:24]
    bucket = int((now if now is not None else time.time()) // window)
    return f"{KEY_PREFIX}:{scope}:{digest}:{bucket}"


def seconds_left(window: int, now: float | None = None) -> int:
    """Seconds until the current window ends and the count starts again (for ``Retry-After``)."""
    now = now if now is not None else time.time()
    return max(1, int(window - now % window))


def _on_a_cache(scope: str, operation):
    """``operation(store)`` on the shared cache, or on the database cache when the shared one
    fails (logged): the one place the limits fall back."""
    try:
        return operation(caches[DEFAULT_CACHE_ALIAS])  # the backend itself, not a proxy
    except Exception:
        logger.warning(
            "Rate limit cache unavailable; %s counted in the database", scope, exc_info=True
        )
        return operation(caches[FALLBACK_CACHE])


def count(scope: str, client: str, *, window: int) -> int:
    """How many hits ``client`` made on ``scope`` in the current window."""
    key = cache_key(scope, client, window)
    return int(_on_a_cache(scope, lambda store: store.get(key)) or 0)


# One hit more, the key living ``ARGV[1]`` seconds from the window's first hit: one round trip,
# atomic (no key left without its expiry by a window ending between two commands).
_COUNT_ONE_MORE = """
local count = redis.call("INCR", KEYS[1])
if count == 1 then redis.call("EXPIRE", KEYS[1], ARGV[1]) end
return count
"""


@functools.lru_cache(maxsize=8)
def _redis_counter(store: RedisCache):
    """The counting script on a client of ``store`` kept for the process (each thread has its
    own ``store``): Django's Redis cache makes a client at every call (some 550 Python calls),
    and the flyer drop's crowd hits the limit thousands of times a minute. The value is the
    integer Django's cache writes and reads (its serializer keeps integers as they are)."""
    return store._cache.get_client(write=True).register_script(_COUNT_ONE_MORE)


def _count_one_more(store, key: str, window: int) -> int:
    if isinstance(store, RedisCache):
        counter = _redis_counter(store)
        return int(counter(keys=[store.make_and_validate_key(key)], args=[window + 60]))
    # The count first: a client over the limit costs one call to the cache.
    try:
        return store.incr(key)
    except ValueError:  # the first hit of the window
        pass
    if store.add(key, 1, timeout=window + 60):
        return 1
    try:
        return store.incr(key)  # another process added it meanwhile
    except ValueError:  # ... and it expired since
        store.add(key, 1, timeout=window + 60)
        return 1


def hit(scope: str, client: str, *, limit: int, window: int) -> bool:
    """Count one hit of ``client`` on ``scope``; True when it goes over ``limit`` hits in the
    current window of ``window`` seconds. If the cache is down, the database counts instead
    (and the failure is logged): a broken cache neither locks residents out nor lifts the
    limit."""
    key = cache_key(scope, client, window)
    return _on_a_cache(scope, lambda store: _count_one_more(store, key, window)) > limit


def _take_one_back(store, key: str) -> None:
    try:
        if store.get(key):
            store.decr(key)
    except ValueError:  # the key expired meanwhile: nothing to take back
        pass


def refund(scope: str, client: str, *, window: int) -> None:
    """Take back the last hit of ``client`` on ``scope``: an attempt that failed through no
    abuse (a form sent back with a mistake to correct) must not count towards the limit."""
    key = cache_key(scope, client, window)
    _on_a_cache(scope, lambda store: _take_one_back(store, key))


def cache_is_up() -> bool:
    """Whether the shared cache answers (for ``/healthz``)."""
    try:
        cache.set(f"{KEY_PREFIX}:health", 1, timeout=10)
        return cache.get(f"{KEY_PREFIX}:health") == 1
    except Exception:
        logger.warning("Cache unavailable", exc_info=True)
        return False
