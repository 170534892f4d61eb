"""Who opens the report, the pay pages and the money panel, persona by persona.

- The season report (page and PDF): leaders and members keeping the accounts; not the other
  members (ages and towns of a dozen people can point at someone), nor the invoicing
  capabilities.
- "My hours": every member, for their own work; leaders have none (403).
- Everyone's hours: leaders only (names with figures of minors), not even the treasurer.
- The money panel: leaders (with the hours by member) and those keeping the accounts
  (without names); a plain member sees only the link to their own hours.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from finance.capabilities import ISSUE_INVOICES, KEEP_ACCOUNTS, RECORD_PAYMENTS
from tests.factories import ArchivedSeasonFactory

pytestmark = pytest.mark.django_db

REPORT = [("finance:report", False), ("finance:report_season", True), ("finance:report_pdf", True)]


def url(name, with_season, season):
    return reverse(name, args=[season.pk]) if with_season else reverse(name)


@pytest.mark.parametrize(("name", "with_season"), REPORT)
def test_anonymous_is_sent_to_login_from_the_report(anonymous, season, name, with_season):
    response = anonymous.get(url(name, with_season, season))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "with_season"), REPORT)
def test_a_member_cannot_read_the_report(member_client, season, name, with_season):
    assert member_client.get(url(name, with_season, season)).status_code == 403


@pytest.mark.parametrize(("name", "with_season"), REPORT)
@pytest.mark.parametrize("code", [ISSUE_INVOICES, RECORD_PAYMENTS])
def test_the_invoicing_capabilities_do_not_open_the_report(
    delegate_client, season, name, with_season, code
):
    assert delegate_client(code).get(url(name, with_season, season)).status_code == 403


@pytest.mark.parametrize(("name", "with_season"), REPORT)
def test_a_member_keeping_the_accounts_reads_the_report(delegate_client, season, name, with_season):
    assert delegate_client(KEEP_ACCOUNTS).get(url(name, with_season, season)).status_code == 200


@pytest.mark.parametrize(("name", "with_season"), REPORT)
def test_a_leader_reads_the_report(leader_client, season, name, with_season):
    assert leader_client.get(url(name, with_season, season)).status_code == 200


def test_my_hours_is_for_members(anonymous, member_client, leader_client, season):
    page = reverse("finance:my_pay")
    assert anonymous.get(page).url.startswith(reverse("login"))
    assert member_client.get(page).status_code == 200
    assert leader_client.get(page).status_code == 403


def test_everyones_hours_are_for_leaders_only(
    anonymous, member_client, delegate_client, leader_client, season
):
    page = reverse("finance:team_pay")
    assert anonymous.get(page).url.startswith(reverse("login"))
    assert member_client.get(page).status_code == 403
    assert delegate_client(KEEP_ACCOUNTS).get(page).status_code == 403
    assert leader_client.get(page).status_code == 200


@pytest.mark.parametrize("path", ["finance:report", "finance:team_pay", "finance:my_pay"])
def test_the_pages_answer_get_only(leader_client, path):
    assert leader_client.post(reverse(path)).status_code in (403, 405)


def test_the_money_panel_shows_hours_by_member_to_leaders_only(
    leader_client, delegate_client, member_client, season
):
    # The panel's charts, each in its column (finance.dashboard._charts).
    leader = leader_client.get(reverse("dashboard")).context
    assert str(leader["money_panel"]["charts"]).count('<div class="col">') == 3
    treasurer = delegate_client(KEEP_ACCOUNTS).get(reverse("dashboard"))
    assert str(treasurer.context["money_panel"]["charts"]).count('<div class="col">') == 2
    assert reverse("finance:team_pay") not in treasurer.content.decode()
    member = member_client.get(reverse("dashboard"))
    assert "money_panel" not in member.context
    assert reverse("finance:my_pay") in member.content.decode()


def test_the_report_is_linked_from_the_finance_pages_and_the_archive(leader_client, season):
    assert (
        reverse("finance:report") in leader_client.get(reverse("finance:ledger")).content.decode()
    )
    archive = ArchivedSeasonFactory()
    leader_client.post(reverse("members:season_view", args=[archive.year]))
    html = leader_client.get(reverse("dashboard")).content.decode()
    assert reverse("finance:report_season", args=[archive.pk]) in html
