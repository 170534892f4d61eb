"""Take the README's screenshots from a running demo (``make run`` in another terminal).

    .venv/bin/python docs/screenshots.py [--base-url http://127.0.0.1:8000]

Uses Debian's Chromium through Playwright, like the end-to-end tests, and writes PNG files
to docs/screenshots/. Phone pages at 390 px, leader pages at 1280 px.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

OUT = Path(__file__).resolve().parent / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
PASSWORD = "cooperative"  # noqa: S105  (the documented demo password)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# (file name, who, viewport, path or a callable returning the path, full page?)
SHOTS = [
    ("home.png", None, DESKTOP, "/", False),
    ("request-form.png", None, PHONE, "/demande/", False),
    ("tracking.png", None, PHONE, "tracking", True),
    ("leader-dashboard.png", "leader1", DESKTOP, "/tableau-de-bord/", False),
    ("requests-inbox.png", "leader1", DESKTOP, "/gestion/demandes/", False),
    ("members-directory.png", "leader1", DESKTOP, "/gestion/membres/", False),
    ("rotation.png", "leader1", DESKTOP, "rotation", False),
    ("meeting.png", "leader1", DESKTOP, "meeting", False),
    ("member-dashboard.png", "member02", PHONE, "/tableau-de-bord/", True),
    ("job-board.png", "member13", PHONE, "/chantiers/", True),
    ("approvals.png", "leader1", DESKTOP, "/gestion/equipes/", False),
    ("season-report.png", "leader1", DESKTOP, "/finances/bilan/", True),
    ("my-hours.png", "member02", PHONE, "/finances/mes-heures/", True),
]


def log_in(page: Page, username: str) -> None:
    page.goto("/compte/connexion/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/tableau-de-bord/")


def first_link(page: Page, start: str, selector: str) -> str:
    page.goto(start)
    return page.locator(selector).first.get_attribute("href")


def resolve(page: Page, target: str) -> str:
    if target == "tracking":
        # The resident's private link: leaders see it on a quoted request's page.
        page.goto("/gestion/demandes/?status=quoted")
        request_page = page.locator(
            "a.list-group-item[href^='/gestion/demandes/']"
        ).first.get_attribute("href")
        page.goto(request_page)
        return page.locator("a[href^='/suivi/']").first.get_attribute("href")
    if target == "rotation":
        return first_link(
            page, "/gestion/rotation/", "a.list-group-item[href^='/gestion/rotation/']"
        )
    if target == "meeting":
        return first_link(
            page, "/vie-democratique/", "a.list-group-item[href^='/vie-democratique/reunions/']"
        )
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        leader = browser.new_context(base_url=args.base_url, viewport=DESKTOP, locale="fr-FR")
        helper = leader.new_page()
        log_in(helper, "leader1")
        for name, who, viewport, target, full_page in SHOTS:
            path = resolve(helper, target)
            context = browser.new_context(base_url=args.base_url, viewport=viewport, locale="fr-FR")
            page = context.new_page()
            if who:
                log_in(page, who)
            response = page.goto(path)
            if response is None or response.status != 200:
                print(f"skipped {name}: {path} answered {response and response.status}")
                context.close()
                continue
            page.screenshot(path=OUT / name, full_page=full_page)
            print(f"{name}: {path}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
