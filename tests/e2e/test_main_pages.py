"""The main pages in a browser, on the demo cooperative: the strict Content Security Policy
refuses no inline style or script, on a phone and on a laptop."""

from __future__ import annotations

import io
from importlib import import_module

import pytest
from django.apps import apps as django_apps

from cjs.demo import seeders
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

# The rows the data migrations create (the demo builds on them), which the flush after an
# earlier browser test removed.
DEFAULT_ROWS = [
    ("members.migrations.0002_default_committees_and_roles", "create_defaults"),
    ("members.migrations.0004_default_skills", "create_skills"),
    ("governance.migrations.0002_default_meeting_rules", "create_rules"),
]

PUBLIC_PAGES = ["/", "/demande/", "/confidentialite/"]
LEADER_PAGES = [
    "/tableau-de-bord/",
    "/gestion/demandes/",
    "/gestion/catalogue/",
    "/chantiers/",
    "/gestion/equipes/",
    "/gestion/heures/",
    "/gestion/membres/",
    "/gestion/rotation/",
    "/gestion/delegations/",
    "/gestion/competences/",
    "/gestion/cooperative/",
    "/vie-democratique/",
    "/vie-democratique/registre/",
    "/finances/factures/",
    "/finances/comptes/",
]
MEMBER_PAGES = ["/tableau-de-bord/", "/chantiers/", "/mes-chantiers/", "/mon-espace/roles/"]


def _watched(page) -> list[str]:
    """Record every CSP refusal the page reports, from the console and from the DOM's
    ``securitypolicyviolation`` event; the list is the console's part."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return refused


def _visit(page, refused: list[str], paths: list[str]) -> dict[str, list[str]]:
    """Open each page; what the policy refused there, by path."""
    found = {}
    for path in paths:
        refused.clear()
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        events = page.evaluate("window.__cspViolations")
        if refused or events:
            found[path] = [*refused, *events]
    return found


@pytest.fixture
def demo(db):
    """The demo cooperative without its finance part: an issued invoice can never be
    deleted, so the flush after a browser test would fail on it."""
    for module, function in DEFAULT_ROWS:
        getattr(import_module(module), function)(django_apps, None)
    for seed in seeders(["members", "services", "governance"]):
        seed(scale=1, stdout=io.StringIO())


def test_main_pages_break_no_content_security_policy(new_page, demo):
    viewport = {"width": 1366, "height": 900}
    visitor = new_page(viewport)
    assert _visit(visitor, _watched(visitor), PUBLIC_PAGES) == {}
    leader = new_page(viewport)
    refused = _watched(leader)
    log_in(leader, "leader1", "cooperative")
    assert _visit(leader, refused, LEADER_PAGES) == {}
    # The inbox's filters swap the results in with htmx: the swapped part obeys the policy too.
    leader.goto("/gestion/demandes/")
    with leader.expect_response(lambda response: "/gestion/demandes/?" in response.url):
        leader.get_by_placeholder("Nom, commune ou code postal").fill("a")
    leader.wait_for_load_state("networkidle")
    assert refused == []
    assert leader.evaluate("window.__cspViolations") == []
    member = new_page(viewport)
    refused = _watched(member)
    log_in(member, "member01", "cooperative")
    assert _visit(member, refused, MEMBER_PAGES) == {}
