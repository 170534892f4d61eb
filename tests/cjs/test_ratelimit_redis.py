"""On Redis the rate limit counts a hit in one script (one round trip, on a client kept for the
process): the count is the one Django's cache reads and takes back, the key expires with its
window, and a Redis gone away still moves the count to the database."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.cache import caches

from cjs import ratelimit
from tests.conftest import DEAD_REDIS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
]

WINDOW = 3600


@pytest.fixture
def redis(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", ""),
            "KEY_PREFIX": f"cjs-test-{uuid.uuid4().hex}",
        },
    }
    return caches["default"]


def test_the_count_is_the_one_the_cache_reads_and_takes_back(redis):
    client = f"198.51.100.{uuid.uuid4().int % 250}"
    key = ratelimit.cache_key("form", client, WINDOW)
    try:
        assert not ratelimit.hit("form", client, limit=2, window=WINDOW)
        assert not ratelimit.hit("form", client, limit=2, window=WINDOW)
        assert ratelimit.hit("form", client, limit=2, window=WINDOW)
        assert ratelimit.count("form", client, window=WINDOW) == 3
        assert redis.get(key) == 3
        ratelimit.refund("form", client, window=WINDOW)
        assert ratelimit.count("form", client, window=WINDOW) == 2
        expiry = redis._cache.get_client().ttl(redis.make_and_validate_key(key))
        assert WINDOW < expiry <= WINDOW + 60  # set at the window's first hit, never renewed
    finally:
        redis.delete(key)


def test_a_redis_gone_away_moves_the_count_to_the_database(settings):
    settings.CACHES = {**settings.CACHES, "default": DEAD_REDIS}
    client = f"198.51.100.{uuid.uuid4().int % 250}"
    assert not ratelimit.hit("form", client, limit=1, window=WINDOW)
    assert ratelimit.hit("form", client, limit=1, window=WINDOW)
    key = ratelimit.cache_key("form", client, WINDOW)
    assert caches[ratelimit.FALLBACK_CACHE].get(key) == 2
