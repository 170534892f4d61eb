"""Two-factor sign-in (django-otp) for the users who read minors' data: the Account security
page, the login's second step, its throttling and failures, backup codes, the guard of the
pages of minors' data, the required setting, turning it off, and a leader's reset."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from members import actions
from members.capability_registry import minors_data_codes
from members.models import User
from tests.factories import (
    TEST_PASSWORD,
    CommitteeFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    LeaderFactory,
    MemberFactory,
    PermissionGrantFactory,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("two_factor")


@pytest.fixture
def holder(season):
    """``holder(code)``: a member sitting on a committee that holds capability ``code``."""

    def make(code: str) -> User:
        committee = CommitteeFactory()
        PermissionGrantFactory(capability=code, committee=committee)
        user = MemberFactory()
        EnrolmentFactory(season=season, user=user)
        CommitteeMembershipFactory(season=season, committee=committee, user=user)
        return user

    return make


@pytest.fixture
def holder_client(holder):
    def make(code: str) -> Client:
        client = Client()
        client.force_login(holder(code))
        return client

    return make


def code_of(device: TOTPDevice, ahead: int = 0) -> str:
    """The code the user's app shows now (``ahead`` time steps later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    return f"{value:0{device.digits}d}"


def turn_on(user: User) -> actions.TwoFactorSetup:
    device = actions.two_factor_start(user=user)
    setup = actions.two_factor_confirm(user=user, token=code_of(device))
    user.refresh_from_db()
    return setup


def password_step(client: Client, user: User, next_url: str = ""):
    data = {"username": user.username, "password": TEST_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def allow_next_code(user: User) -> None:
    """The throttling delay after a wrong code has passed."""
    earlier = timezone.now() - dt.timedelta(hours=1)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=earlier)
    StaticDevice.objects.filter(user=user).update(throttling_failure_timestamp=earlier)


# --- Who sees the page ---------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_the_login(anonymous):
    response = anonymous.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_member_without_a_capability_on_minors_data_cannot_see_the_page(member_client):
    assert member_client.get(PAGE).status_code == 403
    assert member_client.post(reverse("two_factor_start")).status_code == 403
    assert reverse("two_factor") not in member_client.get(reverse("dashboard")).content.decode()


def test_delegate_of_a_capability_without_minors_data_cannot_see_the_page(holder_client):
    assert holder_client("edit_public_page").get(PAGE).status_code == 403


@pytest.mark.parametrize("code", ["approve_claims", "validate_hours", "plan_rotation"])
def test_delegate_who_reads_minors_data_sees_the_page(holder_client, code):
    client = holder_client(code)
    assert client.get(PAGE).status_code == 200
    assert PAGE in client.get(reverse("dashboard")).content.decode()


def test_leader_sees_the_page_from_the_account_menu(leader_client):
    response = leader_client.get(reverse("dashboard"))
    assert PAGE in response.content.decode()
    page = leader_client.get(PAGE)
    assert page.status_code == 200
    assert page.context["enabled"] is False


# --- Turning it on -------------------------------------------------------------------------


def test_leader_turns_it_on_with_a_code_of_the_app_and_gets_backup_codes_once(
    leader, leader_client
):
    assert leader_client.post(reverse("two_factor_start")).status_code == 302
    page = leader_client.get(PAGE)
    assert b"<svg" in page.content and b"<path" in page.content  # the QR code, inline
    assert b"style=" not in page.content.split(b"<svg", 1)[1].split(b"</svg>", 1)[0]
    device = TOTPDevice.objects.get(user=leader, confirmed=False)

    wrong = leader_client.post(reverse("two_factor_confirm"), {"code": "000000"})
    assert wrong.status_code == 200
    leader.refresh_from_db()
    assert not leader.two_factor_enabled

    allow_next_code(leader)
    done = leader_client.post(reverse("two_factor_confirm"), {"code": code_of(device)})
    assert done.status_code == 200
    codes = done.context["backup_codes"]
    assert len(codes) == 10
    assert codes[0] in done.content.decode()
    leader.refresh_from_db()
    assert leader.two_factor_enabled
    assert TOTPDevice.objects.get(user=leader).confirmed
    assert StaticToken.objects.filter(device__user=leader).count() == 10
    # The codes are not shown again; this session gave a code, so it is verified.
    again = leader_client.get(PAGE)
    assert codes[0] not in again.content.decode()
    assert again.context["backup_codes_left"] == 10
    assert leader_client.get(reverse("members:directory")).status_code == 200


def test_turning_it_on_and_off_is_in_the_audit_trail(leader):
    turn_on(leader)
    assert leader.history.first().history_change_reason == "two-factor sign-in turned on"
    actions.two_factor_disable(user=leader, secret=TEST_PASSWORD)
    latest = leader.history.first()
    assert latest.history_change_reason == "two-factor sign-in turned off"
    assert latest.two_factor_enabled is False


# --- The login's second step ---------------------------------------------------------------


def test_login_asks_for_the_code_after_the_password(leader):
    setup = turn_on(leader)
    client = Client()
    response = password_step(client, leader, next_url=reverse("members:directory"))
    assert response.status_code == 302
    assert response.url == reverse("login_verify")
    # Not logged in yet: the password alone opens nothing.
    assert client.get(reverse("dashboard")).status_code == 302
    assert client.get(reverse("login_verify")).status_code == 200

    done = client.post(reverse("login_verify"), {"code": code_of(setup.device, ahead=1)})
    assert done.status_code == 302
    assert done.url == reverse("members:directory")
    assert client.get(reverse("members:directory")).status_code == 200


def test_users_without_two_factor_log_in_with_their_password_alone(leader):
    client = Client()
    response = password_step(client, leader)
    assert response.url == reverse("dashboard")
    assert client.get(reverse("members:directory")).status_code == 200


def test_code_page_without_a_password_first_goes_back_to_the_login(anonymous):
    response = anonymous.get(reverse("login_verify"))
    assert response.status_code == 302
    assert response.url == reverse("login")


def test_the_password_step_expires(leader, settings):
    setup = turn_on(leader)
    client = Client()
    password_step(client, leader)
    settings.TWO_FACTOR_LOGIN_MINUTES = -1
    response = client.post(reverse("login_verify"), {"code": code_of(setup.device, ahead=1)})
    assert response.url == reverse("login")
    assert client.get(reverse("dashboard")).status_code == 302


def test_wrong_code_is_refused_logged_and_throttles_the_next_one(leader):
    setup = turn_on(leader)
    client = Client()
    password_step(client, leader)

    wrong = client.post(reverse("login_verify"), {"code": "123456"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"] == ["Ce code n’est pas le bon, ou a déjà servi."]
    assert not wrong.wsgi_request.user.is_authenticated
    failure = AccessFailureLog.objects.get()
    assert failure.username == leader.username
    assert failure.path_info == reverse("login_verify")
    assert "123456" not in AccessAttempt.objects.get().post_data

    # The right code, at once after a wrong one, is refused too (django-otp's throttling).
    right = code_of(setup.device, ahead=1)
    assert client.post(reverse("login_verify"), {"code": right}).status_code == 200
    allow_next_code(leader)
    assert client.post(reverse("login_verify"), {"code": right}).status_code == 302


def test_wrong_codes_show_on_the_security_page(leader, leader_client):
    other = LeaderFactory()
    turn_on(other)
    client = Client()
    password_step(client, other)
    client.post(reverse("login_verify"), {"code": "654321"})
    page = leader_client.get(reverse("members:security")).content.decode()
    assert other.username in page
    assert "le code de double authentification" in page


def test_enough_wrong_codes_lock_the_account_out_like_wrong_passwords(leader, settings):
    settings.AXES_FAILURE_LIMIT = 3
    turn_on(leader)
    client = Client()
    password_step(client, leader)
    statuses = [
        client.post(reverse("login_verify"), {"code": "111111"}).status_code for _i in range(3)
    ]
    assert statuses == [200, 200, 429]
    # Locked out: even the right password is refused now.
    assert password_step(Client(), leader).status_code == 429


def test_a_backup_code_opens_the_account_once(leader):
    setup = turn_on(leader)
    backup = setup.backup_codes[0]
    first = Client()
    password_step(first, leader)
    assert first.post(reverse("login_verify"), {"code": backup.upper()}).status_code == 302
    assert StaticToken.objects.filter(device__user=leader).count() == 9

    allow_next_code(leader)
    second = Client()
    password_step(second, leader)
    assert second.post(reverse("login_verify"), {"code": backup}).status_code == 200
    assert not second.get(reverse("dashboard")).wsgi_request.user.is_authenticated


# --- The pages of minors' data -------------------------------------------------------------


def test_a_session_without_the_code_cannot_open_minors_data_then_gives_it(leader):
    setup = turn_on(leader)
    client = Client()
    client.force_login(leader)  # a session opened before two-factor sign-in was on
    directory = reverse("members:directory")
    response = client.get(directory)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login_verify"))

    done = client.post(
        reverse("login_verify"), {"code": code_of(setup.device, ahead=1), "next": directory}
    )
    assert done.url == directory
    assert client.get(directory).status_code == 200


def test_a_delegate_session_without_the_code_cannot_open_the_team_approvals(holder):
    user = holder("approve_claims")
    turn_on(user)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("services:approvals"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login_verify"))


def test_a_capability_without_minors_data_is_not_guarded(holder, season):
    user = holder("edit_public_page")
    user.two_factor_enabled = True  # as if it were on: this page does not ask
    user.save(update_fields=["two_factor_enabled"])
    client = Client()
    client.force_login(user)
    assert client.get(reverse("members:public_page_edit")).status_code == 200


def test_required_setting_sends_leaders_to_turn_it_on_first(leader_client, settings):
    settings.CJS_REQUIRE_2FA_FOR_MINORS_DATA = True
    response = leader_client.get(reverse("members:directory"))
    assert response.status_code == 302
    assert response.url == PAGE
    assert leader_client.get(PAGE).status_code == 200


def test_required_setting_sends_delegates_who_read_minors_data_too(holder_client, settings):
    settings.CJS_REQUIRE_2FA_FOR_MINORS_DATA = True
    response = holder_client("validate_hours").get(reverse("services:hours_queue"))
    assert response.url == PAGE


def test_required_setting_leaves_members_alone(member_client, settings):
    settings.CJS_REQUIRE_2FA_FOR_MINORS_DATA = True
    assert member_client.get(reverse("dashboard")).status_code == 200


def test_required_setting_off_by_default_lets_leaders_in_without_it(leader_client):
    assert leader_client.get(reverse("members:directory")).status_code == 200


def test_required_setting_is_met_once_it_is_on(leader, settings):
    settings.CJS_REQUIRE_2FA_FOR_MINORS_DATA = True
    client = Client()
    client.force_login(leader)
    client.post(reverse("two_factor_start"))
    device = TOTPDevice.objects.get(user=leader)
    client.post(reverse("two_factor_confirm"), {"code": code_of(device)})
    assert client.get(reverse("members:directory")).status_code == 200


# --- Turning it off, resetting -------------------------------------------------------------


def test_turning_it_off_needs_the_password_or_a_code(leader):
    setup = turn_on(leader)
    client = Client()
    client.force_login(leader)
    refused = client.post(reverse("two_factor_disable"), {"secret": "not-my-password"})
    assert refused.status_code == 200
    leader.refresh_from_db()
    assert leader.two_factor_enabled

    allow_next_code(leader)
    done = client.post(
        reverse("two_factor_disable"), {"secret": setup.backup_codes[1]}, follow=True
    )
    assert done.redirect_chain == [(PAGE, 302)]
    assert [str(m) for m in done.context["messages"]] == [
        "La double authentification est désactivée : votre mot de passe seul ouvre votre compte."
    ]
    leader.refresh_from_db()
    assert not leader.two_factor_enabled
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert not StaticDevice.objects.filter(user=leader).exists()
    # The password alone opens the account again.
    assert password_step(Client(), leader).url == reverse("dashboard")


def test_leader_resets_a_delegates_two_factor_sign_in(holder, leader, leader_client):
    user = holder("approve_claims")
    turn_on(user)
    detail = leader_client.get(reverse("members:member_detail", args=[user.pk]))
    assert b'data-testid="two-factor-reset"' in detail.content

    response = leader_client.post(reverse("members:member_two_factor_reset", args=[user.pk]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.two_factor_enabled
    assert not TOTPDevice.objects.filter(user=user).exists()
    record = user.history.first()
    assert record.history_user == leader
    assert record.history_change_reason == f"two-factor sign-in reset by {leader.username}"


def test_leader_cannot_reset_another_leaders_two_factor_sign_in(leader, leader_client):
    other = LeaderFactory()
    turn_on(other)
    response = leader_client.post(reverse("members:member_two_factor_reset", args=[other.pk]))
    assert response.status_code == 404
    with pytest.raises(actions.DomainError):
        actions.two_factor_reset(member=other, by=leader)
    other.refresh_from_db()
    assert other.two_factor_enabled


def test_members_cannot_reset_anyones_two_factor_sign_in(member_client, holder):
    user = holder("approve_claims")
    turn_on(user)
    url = reverse("members:member_two_factor_reset", args=[user.pk])
    assert member_client.post(url).status_code == 403


def test_deleting_the_app_in_the_back_office_turns_it_off(leader):
    turn_on(leader)
    TOTPDevice.objects.filter(user=leader).get().delete()
    leader.refresh_from_db()
    assert not leader.two_factor_enabled
    assert not StaticDevice.objects.filter(user=leader).exists()


# --- Queries -------------------------------------------------------------------------------


@pytest.mark.parametrize("others", [0, 5])
def test_the_page_reads_a_fixed_number_of_queries(leader, django_assert_max_num_queries, others):
    for _i in range(others):
        turn_on(LeaderFactory())
    turn_on(leader)
    client = Client()
    client.force_login(leader)
    client.get(PAGE)  # warm the session
    # session, user, otp device (verified?), capabilities aside: the page's app and count,
    # and the season/cooperative of the frame.
    with django_assert_max_num_queries(8):
        client.get(PAGE)


# --- The pages of cjs: the leaders' dashboard and the back office ---------------------------


@pytest.mark.parametrize("page", ["dashboard", "admin:index"])
def test_a_leader_session_without_the_code_cannot_open_the_dashboard_or_back_office(leader, page):
    turn_on(leader)
    client = Client()
    client.force_login(leader)
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login_verify"))


def test_required_setting_sends_a_leader_from_the_dashboard_to_turn_it_on(leader_client, settings):
    settings.CJS_REQUIRE_2FA_FOR_MINORS_DATA = True
    assert leader_client.get(reverse("dashboard")).url == PAGE
    assert leader_client.get(reverse("admin:index")).url == PAGE


def test_leaders_cannot_manage_devices_in_the_back_office(leader_client):
    """Only the technical administrator (superuser) resets a leader's two-factor sign-in."""
    url = reverse("admin:otp_totp_totpdevice_changelist")
    assert leader_client.get(url).status_code == 403


def test_the_capabilities_that_read_minors_data():
    assert minors_data_codes() == {"approve_claims", "validate_hours", "plan_rotation"}
