"""Every share-out page and POST for each persona: the sheet with every name and amount is
for the leaders and the members keeping the accounts (anonymous → login, a member without
the delegation → 403, the invoicing capabilities → 403); a member reads their own line, a
leader has none."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from finance import actions
from finance.capabilities import ISSUE_INVOICES, KEEP_ACCOUNTS, RECORD_PAYMENTS
from finance.models import ShareOut

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(season, leader, member, worked, season_result, share_out_motion):
    worked(member, 12)
    season_result(Decimal("400"), Decimal("50"))
    share_out_motion()
    return actions.share_out_freeze(season=season, by=leader)


ACCOUNTS_PAGES = [
    ("finance:share_out", False, "get"),
    ("finance:share_out_season", True, "get"),
    ("finance:share_out_freeze", True, "post"),
    ("finance:share_out_csv", True, "get"),
    ("finance:share_out_pdf", True, "get"),
]


def call(client, season, name, with_season, method):
    url = reverse(name, args=[season.pk]) if with_season else reverse(name)
    return client.post(url) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "with_season", "method"), ACCOUNTS_PAGES)
def test_anonymous_is_sent_to_login(anonymous, frozen, name, with_season, method):
    response = call(anonymous, frozen.season, name, with_season, method)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "with_season", "method"), ACCOUNTS_PAGES)
def test_a_member_without_delegation_is_refused(member_client, frozen, name, with_season, method):
    assert call(member_client, frozen.season, name, with_season, method).status_code == 403


@pytest.mark.parametrize(("name", "with_season", "method"), ACCOUNTS_PAGES)
@pytest.mark.parametrize("code", [ISSUE_INVOICES, RECORD_PAYMENTS])
def test_the_invoicing_capabilities_do_not_open_the_share_out(
    delegate_client, frozen, name, with_season, method, code
):
    response = call(delegate_client(code), frozen.season, name, with_season, method)
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "with_season", "method"), ACCOUNTS_PAGES)
def test_a_member_keeping_the_accounts_opens_every_page(
    delegate_client, frozen, name, with_season, method
):
    response = call(delegate_client(KEEP_ACCOUNTS), frozen.season, name, with_season, method)
    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize(("name", "with_season", "method"), ACCOUNTS_PAGES)
def test_a_leader_opens_every_page(leader_client, frozen, name, with_season, method):
    response = call(leader_client, frozen.season, name, with_season, method)
    assert response.status_code == (302 if method == "post" else 200)


def test_the_treasurer_freezes_the_adopted_share_out(
    delegate_client, season, member, worked, season_result, share_out_motion
):
    worked(member, 12)
    season_result(Decimal("400"))
    share_out_motion()
    client = delegate_client(KEEP_ACCOUNTS)
    client.post(reverse("finance:share_out_freeze", args=[season.pk]))
    assert ShareOut.objects.filter(season=season).exists()


def test_a_get_does_not_freeze(
    leader_client, season, member, worked, season_result, share_out_motion
):
    worked(member, 12)
    season_result(Decimal("400"))
    share_out_motion()
    response = leader_client.get(reverse("finance:share_out_freeze", args=[season.pk]))
    assert response.status_code == 405
    assert not ShareOut.objects.exists()


MY_PAGES = [("finance:my_share_out", False), ("finance:my_share_out_season", True)]


@pytest.mark.parametrize(("name", "with_season"), MY_PAGES)
def test_my_share_is_for_members(
    anonymous, member_client, leader_client, frozen, name, with_season
):
    url = reverse(name, args=[frozen.season.pk]) if with_season else reverse(name)
    assert anonymous.get(url).url.startswith(reverse("login"))
    assert member_client.get(url).status_code == 200
    assert leader_client.get(url).status_code == 403


def test_the_share_out_is_linked_for_those_keeping_the_accounts(delegate_client, frozen):
    ledger = reverse("finance:ledger")
    share_out = reverse("finance:share_out")
    assert share_out in delegate_client(KEEP_ACCOUNTS).get(ledger).content.decode()
