"""A database or a cache that goes away for a moment: a clear 503 page (not a traceback),
``/healthz`` says so, and the site comes back by itself, without a restart, when they do."""

from __future__ import annotations

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import Client

from cjs import views

UNAVAILABLE = "Service momentanément indisponible"


@pytest.fixture
def browser(leader) -> Client:
    """A leader's browser that gets the error pages a visitor would see."""
    client = Client(raise_request_exception=False)
    client.force_login(leader)
    return client


def _kill_our_connection() -> None:
    """What a database restart does to a live connection: the server ends it."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db
def test_a_database_error_shows_the_503_page_not_a_traceback(browser, season, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views.panels, "leader_context", database_gone)
    response = browser.get("/tableau-de-bord/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert UNAVAILABLE in content
    assert "Traceback" not in content and "OperationalError" not in content


@pytest.mark.django_db
def test_any_other_error_keeps_the_500_page(browser, season, monkeypatch):
    def bug(*args, **kwargs):
        raise ValueError("a bug of ours")

    monkeypatch.setattr(views.panels, "leader_context", bug)
    response = browser.get("/tableau-de-bord/")
    assert response.status_code == 500
    assert UNAVAILABLE not in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_killed_database_connection_gives_a_503_page_then_the_site_recovers(browser, season):
    assert browser.get("/tableau-de-bord/").status_code == 200
    _kill_our_connection()
    response = browser.get("/tableau-de-bord/")
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    assert browser.get("/tableau-de-bord/").status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_on_a_killed_connection_then_200_by_itself(anonymous):
    assert anonymous.get("/healthz").status_code == 200
    _kill_our_connection()
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
    assert anonymous.get("/healthz").json() == {"status": "ok", "database": "up"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_database_down_for_a_while_gives_503_until_it_is_back(browser, season):
    port = connection.settings_dict["PORT"]
    assert browser.get("/tableau-de-bord/").status_code == 200
    connection.close()
    connection.settings_dict["PORT"] = 1  # nothing listens there: the server is down
    try:
        for _ in range(2):
            assert browser.get("/tableau-de-bord/").status_code == 503
            assert browser.get("/healthz").status_code == 503
    finally:
        connection.settings_dict["PORT"] = port
    assert browser.get("/healthz").status_code == 200
    assert browser.get("/tableau-de-bord/").status_code == 200


@pytest.mark.django_db
def test_a_cache_that_goes_away_is_degraded_then_ok_when_it_is_back(anonymous, settings):
    caches = settings.CACHES
    settings.CACHES = {**caches, "default": {**caches["default"], **_DEAD_CACHE}}
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    settings.CACHES = caches
    assert anonymous.get("/healthz").json() == {"status": "ok", "database": "up"}


_DEAD_CACHE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
}
