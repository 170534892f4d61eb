"""Every page declares its audience: anonymous visitors, members and leaders."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LEADER_PAGES = [
    reverse("members:cooperative_edit"),
    reverse("members:season_list"),
    reverse("members:season_start"),
    reverse("members:grants_edit"),
    reverse("admin:index"),
]
PUBLIC_PAGES = [reverse("home"), reverse("login"), reverse("password_reset"), "/healthz"]


@pytest.mark.parametrize("url", LEADER_PAGES)
def test_anonymous_is_sent_to_login_from_leader_pages(anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login")) or response.url.startswith("/admin/login/")


@pytest.mark.parametrize("url", LEADER_PAGES)
def test_member_cannot_open_leader_pages(member_client, url):
    response = member_client.get(url)
    # The admin sends non-staff users to its own login page; our pages answer 403.
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response.url


@pytest.mark.parametrize("url", LEADER_PAGES)
def test_leader_opens_leader_pages(leader_client, season, url):
    assert leader_client.get(url).status_code == 200


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_need_no_login(anonymous, url):
    assert anonymous.get(url).status_code == 200


def test_anonymous_is_sent_to_login_from_the_dashboard(anonymous):
    response = anonymous.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('dashboard')}"


def test_member_navigation_hides_leader_links(member_client):
    html = member_client.get(reverse("dashboard")).content.decode()
    assert reverse("members:cooperative_edit") not in html
    assert reverse("members:grants_edit") not in html
    assert reverse("admin:index") not in html


def test_leader_navigation_shows_settings(leader_client, season):
    html = leader_client.get(reverse("dashboard")).content.decode()
    assert reverse("members:cooperative_edit") in html
    assert reverse("members:grants_edit") in html


def test_leader_pages_refuse_unexpected_methods(leader_client):
    assert leader_client.delete(reverse("members:season_list")).status_code == 405


def test_every_page_sends_a_strict_content_security_policy(anonymous):
    policy = anonymous.get(reverse("home"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
