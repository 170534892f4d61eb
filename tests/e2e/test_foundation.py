from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, open_main_menu
from tests.factories import TEST_PASSWORD, LeaderFactory, TownFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_reads_the_home_page_in_french_then_english(new_page):
    TownFactory(name="Bourg-les-Saules", postal_code="71140")
    page = new_page()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Comment ça marche").is_visible()
    assert page.get_by_text("Bourg-les-Saules").is_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="How it works").is_visible()


def test_leader_logs_in_on_a_phone_and_opens_the_menu(new_page):
    LeaderFactory(username="leader1", first_name="Camille")
    page = new_page()
    log_in(page, "leader1", TEST_PASSWORD)
    assert page.get_by_role("heading", name="Bonjour Camille").is_visible()
    open_main_menu(page)
    page.get_by_role("button", name="Réglages").click()
    expect(page.get_by_role("link", name="Saisons")).to_be_visible()
    page.get_by_role("link", name="Saisons").click()
    page.wait_for_url("**/gestion/saisons/")
    assert page.get_by_role("heading", name="Saisons").is_visible()
