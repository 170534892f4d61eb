"""A leader turns two-factor sign-in on in the browser, then logs in with the code's second
step: a wrong code is refused, the right one opens the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.conftest import log_in, open_main_menu
from tests.factories import TEST_PASSWORD, LeaderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def code_of(device: TOTPDevice, ahead: int = 0) -> str:
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    return f"{value:0{device.digits}d}"


def test_leader_turns_it_on_then_logs_in_with_the_code(new_page):
    leader = LeaderFactory(username="leader2fa", first_name="Camille")
    page = new_page()
    log_in(page, "leader2fa", TEST_PASSWORD)
    open_main_menu(page)
    page.get_by_role("button", name="Camille").click()
    page.get_by_role("link", name="Sécurité du compte").click()
    page.wait_for_url("**/compte/securite/")
    page.get_by_role("button", name="Mettre en place la double authentification").click()
    assert page.get_by_test_id("two-factor-qr").locator("svg").is_visible()
    device = TOTPDevice.objects.get(user=leader)
    page.get_by_label("Votre code").fill(code_of(device))
    page.get_by_role("button", name="Activer la double authentification").click()
    assert page.get_by_test_id("backup-codes").locator("li").count() == 10

    # Another browser: the password is not enough.
    other = new_page()
    other.goto("/compte/connexion/")
    other.get_by_label("Nom d’utilisateur").fill("leader2fa")
    other.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    other.get_by_role("button", name="Se connecter").click()
    other.wait_for_url("**/compte/connexion/code/")
    other.get_by_label("Votre code").fill("000000")
    other.get_by_role("button", name="Confirmer").click()
    assert other.get_by_text("Ce code n’est pas le bon").is_visible()

    # The throttling delay after the wrong code has passed.
    TOTPDevice.objects.filter(user=leader).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(hours=1)
    )
    other.get_by_label("Votre code").fill(code_of(device, ahead=1))
    other.get_by_role("button", name="Confirmer").click()
    other.wait_for_url("**/tableau-de-bord/")
    assert other.get_by_role("heading", name="Bonjour Camille").is_visible()
