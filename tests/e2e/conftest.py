"""Browser tests: Debian's Chromium driven by Playwright against ``live_server``.

Run them alone with ``pytest -m e2e``. ``playwright install`` cannot download browsers here:
we always use ``/usr/bin/chromium`` (``make test`` installs it from Debian's packages).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in
    # a thread with an event loop unless told that this is safe (it is: one test at a time).
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (make test does).")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server):
    """``new_page()`` opens a page in a fresh browser context (its own cookies), so one test
    can play several people at once. Console errors (CSP violations included) fail the test."""
    contexts = []
    errors: list[str] = []

    def open_page(viewport: dict | None = None):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport or {"width": 390, "height": 844},
            locale="fr-FR",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], f"errors in the browser console: {errors}"


def log_in(page, username: str, password: str) -> None:
    page.goto("/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/tableau-de-bord/")


def open_main_menu(page) -> None:
    """Open the collapsed navigation bar of a phone-sized page and wait for its transition to
    end: Bootstrap may not open a dropdown clicked while the bar is still opening."""
    from playwright.sync_api import expect

    page.get_by_role("button", name="Menu").click()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))


def fill_request_form(page, *, postal_code: str, town: str, wished) -> None:
    """Fill the request form (``/demande/``) as a resident would, with this address."""
    page.get_by_label("De quoi avez-vous besoin ?").fill("Tondre la pelouse, 300 m².")
    page.get_by_label("À partir du").fill(wished.isoformat())
    page.get_by_label("le matin").check()
    page.get_by_label("Numéro et rue").fill("12 rue des Tilleuls")
    page.get_by_label("Code postal").fill(postal_code)
    page.get_by_label("Commune").fill(town)
    page.get_by_label("Prénom").fill("Monique")
    page.locator("#id_last_name").fill("Perrin")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_label("E-mail").fill("monique.perrin@example.fr")
    page.get_by_label(re.compile("J’accepte que la coopérative")).check()
