"""The per-client rate limit of the request form, counted in Django's cache."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from cjs import ratelimit
from services.models import ServiceRequest
from services.views import public
from tests.services.conftest import form_data

pytestmark = pytest.mark.django_db

URL = reverse("services:request_create")


def test_too_many_submissions_from_one_client_get_a_429_page(
    anonymous, season, service, towns, monkeypatch
):
    monkeypatch.setattr(public, "RATE_LIMIT", 3)
    for _ in range(3):
        assert anonymous.post(URL, form_data(service)).status_code == 302
    response = anonymous.post(URL, form_data(service))
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    wait = int(response["Retry-After"])
    assert 0 < wait <= public.RATE_WINDOW
    # The page names the time the form opens again, the same moment as the header.
    reopens = timezone.localtime() + dt.timedelta(seconds=wait)
    html = response.content.decode()
    assert f"réessayer à partir de {reopens:%H:%M}" in html or (
        f"réessayer à partir de {reopens - dt.timedelta(minutes=1):%H:%M}" in html
    )
    assert ServiceRequest.objects.count() == 3


def test_the_wait_announced_is_the_end_of_the_current_window():
    assert ratelimit.seconds_left(3600, now=7200.0) == 3600
    assert ratelimit.seconds_left(3600, now=7200.0 + 3599.5) == 1
    assert ratelimit.seconds_left(3600, now=7200.0 + 600) == 3000


def test_the_limit_is_per_client(anonymous, season, service, towns, monkeypatch):
    monkeypatch.setattr(public, "RATE_LIMIT", 1)
    assert anonymous.post(URL, form_data(service)).status_code == 302
    assert anonymous.post(URL, form_data(service)).status_code == 429
    other = anonymous.post(URL, form_data(service), REMOTE_ADDR="192.0.2.77")
    assert other.status_code == 302
    ratelimit_keys = [ratelimit.cache_key("request-form", "192.0.2.77", public.RATE_WINDOW)]
    caches["default"].delete_many(ratelimit_keys)


def test_spam_caught_by_the_honeypot_counts_towards_the_limit(
    anonymous, season, service, towns, monkeypatch
):
    monkeypatch.setattr(public, "RATE_LIMIT", 2)
    for _ in range(2):
        anonymous.post(URL, form_data(service, website="spam"))
    assert anonymous.post(URL, form_data(service)).status_code == 429


def test_reading_the_form_is_never_limited(anonymous, season, service, monkeypatch):
    monkeypatch.setattr(public, "RATE_LIMIT", 1)
    for _ in range(3):
        assert anonymous.get(URL).status_code == 200


def test_a_broken_cache_lets_residents_through_instead_of_failing(
    anonymous, season, service, towns, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    assert anonymous.post(URL, form_data(service)).status_code == 302


def test_behind_the_proxy_the_address_the_proxy_saw_is_used(rf, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = rf.post(
        URL, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4"
    )
    # The last address was added by our proxy; the first could be forged by the client.
    assert ratelimit.client_address(request) == "198.51.100.4"
    del settings.SECURE_PROXY_SSL_HEADER
    assert ratelimit.client_address(request) == "127.0.0.1"


def test_the_cache_never_holds_the_client_address():
    key = ratelimit.cache_key("request-form", "203.0.113.9", 3600)
    assert "203.0.113.9" not in key


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_the_limit_holds_across_processes_through_redis(
    anonymous, season, service, towns, settings, monkeypatch
):
    """Two server processes share the count through Redis: another cache client (a second
    process) sees the hits of the first. Keys of this run only, removed at the end."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"cjs-test-{uuid.uuid4().hex}",
        }
    }
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    monkeypatch.setattr(public, "RATE_LIMIT", 2)
    client_ip = f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    key = ratelimit.cache_key("request-form", client_ip, public.RATE_WINDOW)
    try:
        assert anonymous.post(URL, form_data(service), REMOTE_ADDR=client_ip).status_code == 302
        # A second process: its own connection to the same Redis.
        other_process = RedisCache(
            os.environ["REDIS_URL"], {"KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"]}
        )
        assert other_process.get(key) == 1
        other_process.incr(key)  # the other process served one submission too
        response = anonymous.post(URL, form_data(service), REMOTE_ADDR=client_ip)
        assert response.status_code == 429
    finally:
        caches["default"].delete(key)
    assert caches["default"].get(key) is None


def test_the_limit_holds_when_the_cache_is_down(
    redis_down, anonymous, season, service, towns, monkeypatch
):
    monkeypatch.setattr(public, "RATE_LIMIT", 3)
    statuses = [anonymous.post(URL, form_data(service)).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert ServiceRequest.objects.count() == 3


def test_a_form_sent_back_with_a_mistake_does_not_count_towards_the_limit(
    anonymous, season, service, towns, monkeypatch
):
    monkeypatch.setattr(public, "RATE_LIMIT", 2)
    for _ in range(3):
        assert anonymous.post(URL, form_data(service, phone="?")).status_code == 200
    assert anonymous.post(URL, form_data(service)).status_code == 302
    assert anonymous.post(URL, form_data(service)).status_code == 302
    assert anonymous.post(URL, form_data(service)).status_code == 429
    assert ServiceRequest.objects.count() == 2
