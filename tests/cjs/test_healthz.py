from __future__ import annotations

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_answers(anonymous):
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_answers_503_when_the_database_is_down(anonymous, monkeypatch):
    from cjs import views

    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_the_favicon_address_leads_to_the_icon(anonymous):
    response = anonymous.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("img/favicon.svg")


def test_healthz_reports_a_degraded_cache(anonymous, redis_down):
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "up", "cache": "down"}
