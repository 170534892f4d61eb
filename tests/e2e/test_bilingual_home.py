"""A leader writes the home page in French and in English; a resident switches language on
the home page and reads the English text."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, LeaderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_leader_writes_both_languages_and_a_resident_switches_to_english(new_page):
    LeaderFactory(username="leader1")
    leader = new_page({"width": 1280, "height": 900})
    log_in(leader, "leader1", TEST_PASSWORD)
    leader.goto("/gestion/cooperative/page-publique/")
    leader.get_by_label("Accroche (français)").fill("Des jeunes à votre service")
    leader.get_by_label("Accroche (anglais)").fill("Young people at your service")
    leader.get_by_label("Présentation publique (français)").fill("Une vraie coopérative.")
    leader.get_by_role("button", name="Publier").click()
    leader.wait_for_url("**/")

    resident = new_page()
    resident.goto("/")
    assert resident.get_by_text("Des jeunes à votre service").is_visible()
    resident.get_by_role("button", name="English").click()
    resident.wait_for_load_state()
    assert resident.locator("html").get_attribute("lang") == "en"
    assert resident.get_by_text("Young people at your service").is_visible()
    # No English presentation was written: the French one shows.
    assert resident.get_by_text("Une vraie coopérative.").is_visible()
    assert resident.get_by_text("Des jeunes à votre service").count() == 0
