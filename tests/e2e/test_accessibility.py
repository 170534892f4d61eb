"""Accessibility of the main pages: axe-core finds no serious or critical violation of the
WCAG 2.1 A and AA rules on them, on a phone and on a laptop, for a visitor, a member and a
leader; nor any lesser finding, of those rules or of axe's best practices (landmarks, heading
order): Lighthouse's accessibility score counts them all, and these pages reached zero.

axe-core comes bundled in ``axe-playwright-python``: nothing is downloaded when the tests run.
"""

from __future__ import annotations

import io
from importlib import import_module

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from cjs.demo import seeders
from governance import actions
from governance.models import AgendaItem, Attendance, MeetingKind
from members.models import Season, User
from services.models import ServiceRequest
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

# The rows the data migrations create (the demo builds on them), which the flush after an
# earlier browser test removed.
DEFAULT_ROWS = [
    ("members.migrations.0002_default_committees_and_roles", "create_defaults"),
    ("members.migrations.0004_default_skills", "create_skills"),
    ("governance.migrations.0002_default_meeting_rules", "create_rules"),
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1366, "height": 900},
}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": [*WCAG_21_AA, "best-practice"]},
    "resultTypes": ["violations"],
}
SERIOUS = {"serious", "critical"}
AXE = Axe()


@pytest.fixture
def cooperative(db) -> dict[str, str]:
    """The demo cooperative (without its finance part: an issued invoice can never be deleted,
    so the flush after a browser test would fail on it), with a board meeting in progress
    where a vote is open. Returns the addresses of the resident's tracking page and of the
    vote."""
    for module, function in DEFAULT_ROWS:
        getattr(import_module(module), function)(django_apps, None)
    for seed in seeders(["members", "services", "governance"]):
        seed(scale=1, stdout=io.StringIO())
    season = Season.objects.current()
    leader = User.objects.get(username="leader1")
    meeting = actions.meeting_create(
        season=season,
        kind=MeetingKind.BOARD,
        title="Conseil extraordinaire",
        starts_at=timezone.now(),
        place="Local de la coopérative",
        by=leader,
    )
    actions.meeting_open(meeting=meeting, by=leader)
    members = User.objects.filter(
        enrolments__season=season, enrolments__left_on__isnull=True, role=User.Role.MEMBER
    )
    for member in members:
        actions.attendance_set(
            meeting=meeting, user=member, status=Attendance.Status.PRESENT, by=leader
        )
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Matériel")
    motion = actions.motion_add(
        item=item,
        title="Acheter une débroussailleuse",
        text="Une débroussailleuse d'occasion à 80 €.",
        by=leader,
    )
    ballot = actions.ballot_open(motion=motion, by=leader)
    tracked = ServiceRequest.objects.exclude(jobs=None).order_by("pk").first()
    return {
        "tracking": tracked.get_tracking_url(),
        "vote": f"/vie-democratique/votes/{ballot.pk}/",
    }


def _violations(page) -> tuple[list[dict], list[dict]]:
    """What axe finds on the page as it stands: the serious and critical violations of the
    WCAG 2.1 AA rules, and the rest (lesser impact, or a best practice)."""
    page.wait_for_load_state("networkidle")
    # Let a resize reach the page's scripts (app.js adapts the wide tables on the next frame).
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    serious, lesser = [], []
    for violation in AXE.run(page, options=AXE_OPTIONS).response["violations"]:
        wcag = set(violation["tags"]) & set(WCAG_21_AA)
        (serious if wcag and violation["impact"] in SERIOUS else lesser).append(violation)
    return serious, lesser


def _report(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in found.items():
        lines.append(f"{where}:")
        for violation in violations:
            lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {', '.join(map(str, node['target']))}")
                lines.append(f"      {node['html'][:160]}")
                lines.append(f"      {node['failureSummary'].splitlines()[-1].strip()}")
            if len(violation["nodes"]) > 5:
                lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def test_main_pages_pass_axe_on_a_phone_and_a_laptop(new_page, cooperative):
    """Each page is opened on a phone and checked, then checked again on a laptop (one demo
    cooperative for all)."""
    found: dict[str, list[dict]] = {}
    lesser: dict[str, list[dict]] = {}

    def check(page, label: str, path: str, then=None) -> None:
        page.set_viewport_size(VIEWPORTS["phone"])
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        if then is not None:
            then(page)
        for screen, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            serious, others = _violations(page)
            if serious:
                found[f"{label} ({screen})"] = serious
            if others:
                lesser[f"{label} ({screen})"] = others

    def send_empty(page) -> None:
        page.get_by_role("button", name="Envoyer ma demande").click()
        page.wait_for_selector(".is-invalid")

    visitor = new_page()
    check(visitor, "home", "/")
    check(visitor, "request form", "/demande/")
    check(visitor, "request form with its errors", "/demande/", then=send_empty)
    check(visitor, "tracking page", cooperative["tracking"])

    member = new_page()
    log_in(member, "member01", "cooperative")
    check(member, "member dashboard", "/tableau-de-bord/")
    check(member, "job board", "/chantiers/")
    check(member, "my jobs", "/mes-chantiers/")
    check(member, "vote (member)", cooperative["vote"])
    check(member, "my hours", "/finances/mes-heures/")
    # Wide tables scroll sideways on a phone: the keyboard must reach them too.
    check(member, "who does what", "/mon-espace/roles/")
    member.set_viewport_size(VIEWPORTS["phone"])
    grid = member.locator(".table-responsive").first
    expect(grid).to_have_attribute("tabindex", "0")
    grid.focus()
    member.keyboard.press("ArrowRight")
    expect(grid).not_to_have_js_property("scrollLeft", 0)

    leader = new_page()
    log_in(leader, "leader1", "cooperative")
    check(leader, "leader dashboard", "/tableau-de-bord/")
    check(leader, "requests inbox", "/gestion/demandes/")
    check(leader, "vote (leader)", cooperative["vote"])
    check(leader, "seasons", "/gestion/saisons/")

    assert found == {}, "axe (WCAG 2.1 AA) found serious violations:\n" + _report(found)
    assert lesser == {}, "axe found lesser violations (Lighthouse counts them):\n" + _report(lesser)
