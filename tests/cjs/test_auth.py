from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from cjs import ratelimit
from tests.factories import TEST_PASSWORD, LeaderFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [LeaderFactory, MemberFactory], ids=["leader", "member"])
def test_each_role_logs_in_and_out(client, factory):
    user = factory()
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_wrong_password_gets_the_same_message_as_an_unknown_username(client):
    MemberFactory(username="member01")
    wrong_password = client.post(
        reverse("login"), {"username": "member01", "password": "not-the-password"}
    )
    unknown_user = client.post(
        reverse("login"), {"username": "nobody-here", "password": "not-the-password"}
    )
    assert wrong_password.status_code == unknown_user.status_code == 200
    errors = wrong_password.context["form"].non_field_errors()
    assert errors == unknown_user.context["form"].non_field_errors()
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in errors[0]
    assert not wrong_password.wsgi_request.user.is_authenticated


def test_inactive_member_cannot_log_in(client):
    user = MemberFactory(is_active=False)
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_first_login_must_choose_a_new_password(client):
    user = MemberFactory(must_change_password=True)
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("password_change")

    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Tournesol-2026-jardin",
            "new_password2": "Tournesol-2026-jardin",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.must_change_password is False
    assert client.get(reverse("dashboard")).status_code == 200


def test_password_reset_sends_an_email_with_a_working_link(client, mailoutbox):
    user = LeaderFactory(email="camille@example.org")
    response = client.post(reverse("password_reset"), {"email": "camille@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["camille@example.org"]
    link = next(line for line in message.body.splitlines() if "/mot-de-passe/nouveau/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.context["validlink"] is True
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Nouveau-mot-2026", "new_password2": "Nouveau-mot-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nouveau-mot-2026")


def test_password_reset_does_not_reveal_unknown_addresses(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "personne@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []


def test_password_guessing_is_slowed_down_without_revealing_the_username(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "login-throttle-test",
        }
    }
    user = MemberFactory(username="member42")
    for _ in range(10):
        client.post(reverse("login"), {"username": "member42", "password": "guess"})
    # Even the right password is refused until the window ends, with the same message an
    # unknown username gets.
    response = client.post(reverse("login"), {"username": "member42", "password": TEST_PASSWORD})
    assert not response.wsgi_request.user.is_authenticated
    assert "Trop de tentatives" in response.content.decode()
    for _ in range(10):
        client.post(reverse("login"), {"username": "nobody", "password": "guess"})
    unknown = client.post(reverse("login"), {"username": "nobody", "password": "guess"})
    assert "Trop de tentatives" in unknown.content.decode()
    # Another username from the same address is not locked out.
    other = MemberFactory(username="member43")
    response = client.post(
        reverse("login"), {"username": other.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert user.username != other.username


def test_createsuperuser_makes_a_leader_without_a_member_profile():
    from django.core.management import call_command

    from members.models import MemberProfile, User

    call_command("createsuperuser", username="boss", email="boss@example.org", interactive=False)
    boss = User.objects.get(username="boss")
    assert boss.role == User.Role.LEADER
    assert boss.is_leader and not boss.is_member
    assert not MemberProfile.objects.filter(user=boss).exists()


def test_a_password_shorter_than_twelve_characters_is_refused(client):
    user = MemberFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Soleil-2026",  # eleven characters
            "new_password2": "Soleil-2026",
        },
    )
    assert response.status_code == 200
    assert "au minimum 12 caractères" in response.content.decode()
    user.refresh_from_db()
    assert not user.check_password("Soleil-2026")


def test_password_reset_requests_are_limited_per_address(client, mailoutbox, monkeypatch):
    monkeypatch.setattr(ratelimit, "KEY_PREFIX", f"test-reset-{uuid.uuid4().hex}")
    LeaderFactory(email="camille@example.org")
    url = reverse("password_reset")
    for _ in range(5):
        assert client.post(url, {"email": "camille@example.org"}).status_code == 302
    response = client.post(url, {"email": "camille@example.org"})
    assert response.status_code == 429
    assert "Trop de demandes depuis cette adresse" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert len(mailoutbox) == 5
