"""Login security: password guessing locks a username out from one address (django-axes, in
the database), leaders see the failed logins and lift a lock-out; temporary passwords expire;
a leader's idle session ends."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse
from django.utils import timezone

from members import actions
from tests.factories import TEST_PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
SECURITY = reverse("members:security")


def _fail(client, username: str, times: int, address: str = "127.0.0.1") -> None:
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "guess"}, REMOTE_ADDR=address)


def test_ten_failures_lock_the_username_out_from_that_address_only(client, settings):
    settings.AXES_FAILURE_LIMIT = 10
    user = MemberFactory(username="lea")
    _fail(client, "Lea ", 10)  # as typed: case and spaces do not make another account
    locked = client.post(LOGIN, {"username": "lea", "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The same username from another address still logs in.
    response = client.post(
        LOGIN, {"username": user.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302


def test_failed_logins_and_the_lock_out_are_logged_for_the_leaders(client, leader_client):
    MemberFactory(username="hugo")
    _fail(client, "hugo", 10)
    assert AccessFailureLog.objects.filter(username="hugo").count() == 10
    assert AccessFailureLog.objects.filter(username="hugo", locked_out=True).exists()
    response = leader_client.get(SECURITY)
    assert response.status_code == 200
    assert [a.username for a in response.context["locked"]] == ["hugo"]
    assert len(response.context["events"]) == 10
    assert "hugo" in response.content.decode()


def test_a_leader_lifts_a_lock_out_and_the_member_logs_in_again(client, leader_client):
    MemberFactory(username="ines")
    _fail(client, "ines", 10)
    attempt = AccessAttempt.objects.get(username="ines")
    response = leader_client.post(reverse("members:lockout_lift", args=[attempt.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="ines").exists()
    response = client.post(LOGIN, {"username": "ines", "password": TEST_PASSWORD})
    assert response.status_code == 302
    # The failures stay in the log.
    assert AccessFailureLog.objects.filter(username="ines").count() == 10


def test_lifting_a_lock_out_twice_says_it_is_already_lifted(client, leader_client):
    _fail(client, "nobody", 10)
    attempt = AccessAttempt.objects.get(username="nobody")
    leader_client.post(reverse("members:lockout_lift", args=[attempt.pk]))
    response = leader_client.post(reverse("members:lockout_lift", args=[attempt.pk]), follow=True)
    assert "déjà levé" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("member_client", 403), ("delegate_client", 403), ("leader_client", 200)],
)
def test_only_leaders_see_the_security_page(request, persona, status):
    assert request.getfixturevalue(persona).get(SECURITY).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("member_client", 403), ("delegate_client", 403)],
)
def test_only_leaders_lift_a_lock_out(request, client, persona, status):
    _fail(client, "camille", 10)
    attempt = AccessAttempt.objects.get(username="camille")
    visitor = request.getfixturevalue(persona)
    response = visitor.post(reverse("members:lockout_lift", args=[attempt.pk]))
    assert response.status_code == status
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_lifting_a_lock_out_needs_a_post(leader_client, client):
    _fail(client, "noe", 10)
    attempt = AccessAttempt.objects.get(username="noe")
    response = leader_client.get(reverse("members:lockout_lift", args=[attempt.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize("size", [2, 6])
def test_the_security_page_runs_a_constant_number_of_queries(
    size, client, leader_client, django_assert_max_num_queries
):
    for index in range(size):
        _fail(client, f"guess{index}", 10)
    # session, user, the lock-outs, the failure log; the cooperative and season of the frame,
    # and the frame's capabilities
    with django_assert_max_num_queries(8):
        response = leader_client.get(SECURITY)
    assert len(response.context["locked"]) == size


# --- Temporary passwords ---------------------------------------------------------------------


def _issue_temporary_password(leader, member) -> str:
    [(_user, password)] = actions.credentials_issue(users=[member], by=leader)
    return password


def test_a_temporary_password_opens_the_account_within_seven_days(client, leader, member):
    password = _issue_temporary_password(leader, member)
    response = client.post(LOGIN, {"username": member.username, "password": password})
    assert response.status_code == 302


def test_an_expired_temporary_password_is_refused_with_a_clear_message(
    client, leader, member, monkeypatch
):
    password = _issue_temporary_password(leader, member)
    later = timezone.now() + dt.timedelta(days=7, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.post(LOGIN, {"username": member.username, "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Ce mot de passe temporaire a expiré" in response.content.decode()


def test_a_chosen_password_never_expires(client, leader, member, monkeypatch):
    password = _issue_temporary_password(leader, member)
    client.post(LOGIN, {"username": member.username, "password": password})
    client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "Tournesol-2026-jardin",
            "new_password2": "Tournesol-2026-jardin",
        },
    )
    member.refresh_from_db()
    assert member.temporary_password_set_at is None
    client.logout()
    later = timezone.now() + dt.timedelta(days=60)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.post(
        LOGIN, {"username": member.username, "password": "Tournesol-2026-jardin"}
    )
    assert response.status_code == 302


# --- Idle leaders -----------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """``clock.move(minutes)``: the time the middleware reads moves on."""

    class Clock:
        now = timezone.now()

        def move(self, minutes: int) -> None:
            self.now += dt.timedelta(minutes=minutes)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def test_a_leader_idle_for_more_than_thirty_minutes_is_logged_out(leader_client, clock, settings):
    settings.LEADER_IDLE_TIMEOUT_MINUTES = 30
    dashboard = reverse("dashboard")
    assert leader_client.get(dashboard).status_code == 200
    clock.move(29)
    assert leader_client.get(dashboard).status_code == 200  # active: the clock starts again
    clock.move(29)
    assert leader_client.get(dashboard).status_code == 200
    clock.move(31)
    response = leader_client.get(dashboard)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "_auth_user_id" not in leader_client.session
    page = leader_client.get(response.url)
    assert "déconnecté·e après 30 minutes" in page.content.decode()


def test_a_member_is_not_logged_out_by_the_leaders_idle_timeout(member_client, clock, settings):
    settings.LEADER_IDLE_TIMEOUT_MINUTES = 30
    dashboard = reverse("dashboard")
    assert member_client.get(dashboard).status_code == 200
    clock.move(90)
    assert member_client.get(dashboard).status_code == 200
