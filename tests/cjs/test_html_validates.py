"""Every main page of every persona passes the Nu HTML checker (``vnu.jar``, the npm package
``vnu-jar`` installed by ``.ci/system-deps`` into ``.cache/node``).

The pages are rendered by the test client on the demo's data (``seed_demo``: requests in
every status, jobs, meetings with votes, invoices), written to a temporary folder and checked
by one run of the checker (one JVM start for all of them)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from finance.models import Invoice
from governance import actions
from governance.models import Ballot, Consultation, Meeting
from members.models import RotationPlan, Season, User
from services.models import Claim, ClaimStatus, JobStatus, RequestStatus, ServiceRequest

VNU_JAR = Path(settings.BASE_DIR) / ".cache/node/node_modules/vnu-jar/build/dist/vnu.jar"
MISSING = (
    f"the Nu HTML checker is missing ({VNU_JAR}, and java): run ./.ci/system-deps "
    "(npm install --prefix .cache/node vnu-jar)"
)

pytestmark = pytest.mark.django_db


def _checker() -> list[str]:
    java = shutil.which("java")
    if not VNU_JAR.exists() or java is None:
        pytest.skip(MISSING)  # a failure under CJS_NO_SKIPS=1 (tests/conftest.py)
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _open_vote(season: Season) -> tuple[Meeting, Ballot]:
    """Tomorrow's board meeting held now, a motion put to the vote: the live pages."""
    leader = User.objects.get(username="leader1")
    meeting = Meeting.objects.filter(season=season, status=Meeting.Status.PLANNED).latest("pk")
    actions.meeting_open(meeting=meeting, by=leader)
    for user in User.objects.filter(enrolments__season=season, role=User.Role.MEMBER):
        actions.attendance_set(meeting=meeting, user=user, status="present", by=leader)
    motion = actions.motion_add(
        item=meeting.items.order_by("position").last(),
        title="Sortie de fin de saison",
        text="La coopérative organise une sortie au lac le dernier vendredi.",
        by=leader,
    )
    return meeting, actions.ballot_open(motion=motion, by=leader)


def _pages() -> list[tuple[str, str | None, str, dict | None]]:
    """(label, username, url, data to post or None) of the main pages of every persona."""
    season = Season.objects.current()
    quoted = ServiceRequest.objects.filter(status=RequestStatus.QUOTED).order_by("pk").first()
    done = ServiceRequest.objects.filter(status=RequestStatus.DONE).order_by("pk").first()
    member = "member02"
    worked = (
        Claim.objects.filter(
            member__username=member, status=ClaimStatus.APPROVED, job__status=JobStatus.DONE
        )
        .order_by("pk")
        .first()
    )
    meeting = Meeting.objects.filter(season=season).order_by("starts_at").first()
    ballot = Ballot.objects.filter(meeting=meeting).order_by("pk").first()
    consultation = Consultation.objects.filter(season=season, closes_at__gt=timezone.now()).first()
    consultation_url = reverse("governance:consultation_detail", args=[consultation.pk])
    new = ServiceRequest.objects.filter(status=RequestStatus.NEW).order_by("pk").first()
    accepted = ServiceRequest.objects.filter(status=RequestStatus.ACCEPTED).order_by("pk").first()
    someone = User.objects.get(username="member03")
    live, open_ballot = _open_vote(season)
    plan = RotationPlan.objects.filter(season=season).order_by("pk").first()
    invoice = Invoice.objects.exclude(number="").order_by("pk").first()
    pages = [
        ("home", None, reverse("home"), None),
        ("request form", None, reverse("services:request_create"), None),
        ("request form with errors", None, reverse("services:request_create"), {}),
        ("tracking page (quoted)", None, reverse("services:track", args=[quoted.token]), None),
        ("tracking page (done)", None, reverse("services:track", args=[done.token]), None),
        ("privacy", None, reverse("services:privacy"), None),
        ("login", None, reverse("login"), None),
        ("login with errors", None, reverse("login"), {"username": "x", "password": "y"}),
        ("member dashboard", member, reverse("dashboard"), None),
        ("job board", member, reverse("services:job_board"), None),
        ("my jobs", member, reverse("services:my_jobs"), None),
        ("job page", member, reverse("services:job_detail", args=[worked.job_id]), None),
        ("my hours and pay", member, reverse("finance:my_pay"), None),
        ("profile", member, reverse("my:profile"), None),
        ("who does what", member, reverse("my:rotation"), None),
        ("portfolio", member, reverse("my:portfolio"), None),
        ("meetings", member, reverse("governance:meeting_list"), None),
        ("meeting page", member, reverse("governance:meeting_detail", args=[meeting.pk]), None),
        ("vote page", member, reverse("governance:ballot_detail", args=[ballot.pk]), None),
        ("consultation", member, consultation_url, None),
        ("meeting under way", member, reverse("governance:meeting_detail", args=[live.pk]), None),
        ("open vote", member, reverse("governance:ballot_detail", args=[open_ballot.pk]), None),
        ("open vote (leader)", "leader1", f"/vie-democratique/votes/{open_ballot.pk}/", None),
        ("meeting under way (leader)", "leader1", f"/vie-democratique/reunions/{live.pk}/", None),
        ("attendance", "leader1", reverse("governance:attendance", args=[live.pk]), None),
        ("leader dashboard", "leader1", reverse("dashboard"), None),
        ("inbox", "leader1", reverse("services:inbox"), None),
        ("request page", "leader1", reverse("services:request_detail", args=[quoted.pk]), None),
        (
            "request page (done)",
            "leader1",
            reverse("services:request_detail", args=[done.pk]),
            None,
        ),
        ("catalogue", "leader1", reverse("services:catalogue"), None),
        ("directory", "leader1", reverse("members:directory"), None),
        ("member page", "leader1", reverse("members:member_detail", args=[someone.pk]), None),
        ("member form", "leader1", reverse("members:member_edit", args=[someone.pk]), None),
        ("approval queue", "leader1", reverse("services:approvals"), None),
        ("hours to validate", "leader1", reverse("services:hours_queue"), None),
        ("rotation plans", "leader1", reverse("members:rotation_list"), None),
        ("rotation planner", "leader1", reverse("members:rotation_board", args=[plan.pk]), None),
        ("seasons", "leader1", reverse("members:season_list"), None),
        ("cooperative settings", "leader1", reverse("members:cooperative_edit"), None),
        (
            "meeting page (leader)",
            "leader1",
            reverse("governance:meeting_detail", args=[meeting.pk]),
            None,
        ),
        ("minutes", "leader1", reverse("governance:minutes_detail", args=[meeting.pk]), None),
        ("register", "leader1", reverse("governance:register"), None),
        ("invoices", "leader1", reverse("finance:invoice_list"), None),
        ("invoice", "leader1", reverse("finance:invoice_detail", args=[invoice.pk]), None),
        ("to invoice", "leader1", reverse("finance:invoiceable"), None),
        ("overdue", "leader1", reverse("finance:overdue_list"), None),
        ("ledger", "leader1", reverse("finance:ledger"), None),
        ("share-out", "leader1", reverse("finance:share_out"), None),
        ("team pay", "leader1", reverse("finance:team_pay"), None),
        ("season report", "leader1", reverse("finance:report"), None),
        ("finance settings", "leader1", reverse("finance:settings"), None),
        ("new expense", "leader1", reverse("finance:expense_create", args=[season.pk]), None),
        ("consultation (leader)", "leader1", consultation_url, None),
        ("new meeting", "leader1", reverse("governance:meeting_create"), None),
        ("new consultation", "leader1", reverse("governance:consultation_create"), None),
        ("new member", "leader1", reverse("members:member_create"), None),
        ("member import", "leader1", reverse("members:member_import"), None),
        ("new rotation", "leader1", reverse("members:rotation_create"), None),
        ("new season", "leader1", reverse("members:season_start"), None),
        ("delegations", "leader1", reverse("members:grants_edit"), None),
        ("history", "leader1", reverse("members:history"), None),
        ("security", "leader1", reverse("members:security"), None),
        ("public page", "leader1", reverse("members:public_page_edit"), None),
        ("skills to confirm", "leader1", reverse("members:skills_queue"), None),
        ("portfolios to confirm", "leader1", reverse("members:portfolio_queue"), None),
        ("new quote", "leader1", reverse("services:quote_create", args=[new.pk]), None),
        ("new job", "leader1", reverse("services:job_create", args=[accepted.pk]), None),
        ("service", "leader1", reverse("services:service_edit", args=[done.service_id]), None),
        ("attestation", "leader1", reverse("members:attestation", args=[someone.pk]), None),
        ("my data", member, reverse("my:data"), None),
        ("my attestation", member, reverse("my:attestation"), None),
        ("my share-out", member, reverse("finance:my_share_out"), None),
        ("password change", member, reverse("password_change"), None),
        ("password reset", None, reverse("password_reset"), None),
    ]
    return pages


def _render(pages, folder: Path) -> dict[str, str]:
    """Each page written to ``folder``; the label of each file, by its name."""
    labels, clients = {}, {}
    for number, (label, username, url, data) in enumerate(pages):
        client = clients.setdefault(username, _client(username))
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code == 200, f"{label}: {url} answered {response.status_code}"
        path = folder / f"page-{number:02d}.html"
        path.write_bytes(response.content)
        labels[path.name] = f"{label} ({url})"
    return labels


def _errors(report: dict, labels: dict[str, str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "?")
        page = labels.get(url.rsplit("/", 1)[-1], url)
        where = f"line {message.get('lastLine', '?')}"
        extract = message.get("extract", "").strip().replace("\n", " ")
        found.setdefault(page, []).append(f"{where}: {message['message']} [{extract}]")
    return found


def test_every_main_page_of_every_persona_passes_the_nu_html_checker(tmp_path):
    checker = _checker()
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    labels = _render(_pages(), tmp_path)
    run = subprocess.run(
        [*checker, *sorted(tmp_path.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stderr or run.stdout)
    errors = _errors(report, labels)
    assert not errors, "\n".join(
        f"{page}:\n  " + "\n  ".join(messages) for page, messages in sorted(errors.items())
    )
