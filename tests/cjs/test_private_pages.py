"""No private page may stay in a browser's or a proxy's cache."""

from __future__ import annotations

import pytest

from tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "") and "private" in response.get(
        "Cache-Control", ""
    )


def test_a_members_page_is_never_cached(member_client):
    response = member_client.get("/tableau-de-bord/")
    assert response.status_code == 200
    assert _no_store(response)


def test_a_leaders_page_is_never_cached(leader_client):
    response = leader_client.get("/tableau-de-bord/")
    assert response.status_code == 200
    assert _no_store(response)


def test_a_residents_tracking_page_is_never_cached(anonymous, season):
    service_request = ServiceRequestFactory()
    response = anonymous.get(service_request.get_tracking_url())
    assert response.status_code == 200
    assert _no_store(response)


def test_the_public_home_page_may_be_cached(anonymous):
    response = anonymous.get("/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
