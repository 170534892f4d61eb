"""Handing members their first login: a link (unguessable, expiring, single use) or a printed
sheet of temporary passwords; either way the member chooses their own password."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.urls import reverse

from members import first_login
from members.first_login import first_login_url, make_token, user_for_token
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Tournesol-2026-jardin"


@pytest.fixture
def newcomer(season):
    user = MemberFactory(first_name="Jade", must_change_password=True)
    user.set_unusable_password()
    user.save()
    return user


def test_the_link_lets_the_member_choose_a_password_once(client, newcomer):
    path = urlparse(first_login_url(newcomer)).path
    page = client.get(path)
    assert page.status_code == 200
    assert "Bienvenue, Jade !" in page.content.decode()
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    assert not newcomer.must_change_password
    assert client.get(reverse("dashboard")).status_code == 200  # logged in, no detour

    client.logout()
    again = client.get(path)
    assert again.status_code == 404
    assert "Ce lien ne fonctionne plus" in again.content.decode()


def test_a_weak_password_is_refused_and_the_link_still_works(client, newcomer):
    path = reverse("my:first_login", args=[make_token(newcomer)])
    response = client.post(path, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()
    assert client.get(path).status_code == 200


def test_a_forged_or_tampered_token_is_refused(client, newcomer):
    token = make_token(newcomer)
    assert client.get(reverse("my:first_login", args=["forged"])).status_code == 404
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert user_for_token(tampered) is None
    other = MemberFactory()
    assert user_for_token(make_token(other)) == other


def test_the_link_expires(newcomer, monkeypatch):
    token = make_token(newcomer)
    assert user_for_token(token) == newcomer
    monkeypatch.setattr(first_login, "FIRST_LOGIN_LINK_DAYS", -1)
    assert user_for_token(token) is None


def test_the_link_dies_when_the_member_logs_in_otherwise(newcomer):
    token = make_token(newcomer)
    newcomer.set_password(NEW_PASSWORD)
    newcomer.save()
    assert user_for_token(token) is None


def test_a_deactivated_member_cannot_use_a_link(newcomer):
    token = make_token(newcomer)
    newcomer.is_active = False
    newcomer.save()
    assert user_for_token(token) is None


def test_leader_shows_and_emails_the_link(
    leader_client, newcomer, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("members:first_login_link", args=[newcomer.pk])
    html = leader_client.post(url).content.decode()
    assert "/mon-espace/bienvenue/" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(url, {"send": "1"})
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == [newcomer.email]
    assert "/mon-espace/bienvenue/" in message.body
    assert newcomer.username in message.body


def test_members_cannot_make_links(member_client, newcomer):
    url = reverse("members:first_login_link", args=[newcomer.pk])
    assert member_client.post(url).status_code == 403


def test_the_credentials_sheet_gives_temporary_passwords_to_change_at_first_login(
    leader_client, client, newcomer, season
):
    other = MemberFactory(first_name="Hugo")
    response = leader_client.post(
        reverse("members:credentials_sheet"), {"members": [newcomer.pk, other.pk]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "credential-card" in html and "style=" not in html
    passwords = re.findall(r'credential-value">([a-z2-9]{3}-[a-z2-9]{3}-[a-z2-9]{3})<', html)
    assert len(passwords) == 2
    newcomer.refresh_from_db()
    other.refresh_from_db()
    assert newcomer.must_change_password and other.must_change_password
    assert any(newcomer.check_password(p) for p in passwords)
    assert any(other.check_password(p) for p in passwords)

    # The member logs in with it and must choose their own password first.
    password = next(p for p in passwords if newcomer.check_password(p))
    client.post(reverse("login"), {"username": newcomer.username, "password": password})
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("password_change")

    # Typing the printed password again is not choosing one: the leader knows it.
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert "différent" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.must_change_password
    own = "Tournesol-Marin-42"
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": own, "new_password2": own},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password and newcomer.check_password(own)
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_credentials_sheet_is_for_leaders_only(member_client, newcomer):
    response = member_client.post(reverse("members:credentials_sheet"), {"members": [newcomer.pk]})
    assert response.status_code == 403
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


def test_an_htmx_request_before_the_password_change_sends_the_whole_page_there(client, season):
    member = MemberFactory(must_change_password=True)
    client.force_login(member)
    response = client.get(reverse("my:profile"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("password_change")
    response = client.get(reverse("my:profile"))
    assert response.status_code == 302 and response.url == reverse("password_change")


def test_the_password_page_welcomes_once_however_many_pages_were_refused(client, season):
    member = MemberFactory(must_change_password=True)
    client.force_login(member)
    for url in (reverse("dashboard"), reverse("my:profile"), reverse("dashboard")):
        client.get(url)
    html = client.get(reverse("password_change")).content.decode()
    assert html.count("Bienvenue ! Choisissez votre propre mot de passe") == 1
