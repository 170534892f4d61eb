"""Every ledger page and POST for each persona: anonymous → login, a member without the
delegation → 403, a member holding ``keep_accounts`` → ok, a leader → ok. The invoicing
capabilities do not open the accounts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from finance.capabilities import ISSUE_INVOICES, KEEP_ACCOUNTS, RECORD_PAYMENTS
from finance.models import Expense, OtherIncome
from tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(season, leader, upload):
    expense = ExpenseFactory(season=season)
    expense.receipt_type = "pdf"
    expense.receipt.save("x", upload(), save=True)
    return {"season": season, "expense": expense}


# (url name, key of the object in its URL, method)
PAGES = [
    ("finance:ledger", None, "get"),
    ("finance:ledger_season", "season", "get"),
    ("finance:ledger_csv", "season", "get"),
    ("finance:expense_create", "season", "get"),
    ("finance:expense_create", "season", "post"),
    ("finance:income_create", "season", "get"),
    ("finance:income_create", "season", "post"),
    ("finance:receipt", "expense", "get"),
]
DATA = {
    "finance:expense_create": {"amount": "7.50", "category": "transport", "note": "Bus"},
    "finance:income_create": {"amount": "80", "category": "bake_sale", "note": "Gâteaux"},
}


def call(client, objects, name, key, method):
    url = reverse(name, args=[objects[key].pk]) if key else reverse(name)
    if method == "post":
        today = timezone.localdate().isoformat()
        data = {"spent_on": today, "received_on": today, **DATA[name]}
        return client.post(url, data)
    return client.get(url)


@pytest.mark.parametrize(("name", "key", "method"), PAGES)
def test_anonymous_is_sent_to_login(anonymous, objects, name, key, method):
    response = call(anonymous, objects, name, key, method)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key", "method"), PAGES)
def test_a_member_without_delegation_is_refused(member_client, objects, name, key, method):
    assert call(member_client, objects, name, key, method).status_code == 403


@pytest.mark.parametrize(("name", "key", "method"), PAGES)
@pytest.mark.parametrize("code", [ISSUE_INVOICES, RECORD_PAYMENTS])
def test_the_invoicing_capabilities_do_not_open_the_accounts(
    delegate_client, objects, name, key, method, code
):
    assert call(delegate_client(code), objects, name, key, method).status_code == 403


@pytest.mark.parametrize(("name", "key", "method"), PAGES)
def test_a_member_keeping_the_accounts_opens_every_page(
    delegate_client, objects, name, key, method
):
    response = call(delegate_client(KEEP_ACCOUNTS), objects, name, key, method)
    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize(("name", "key", "method"), PAGES)
def test_a_leader_opens_every_page(leader_client, objects, name, key, method):
    response = call(leader_client, objects, name, key, method)
    assert response.status_code == (302 if method == "post" else 200)


def test_the_delegated_writes_went_through(delegate_client, objects):
    client = delegate_client(KEEP_ACCOUNTS)
    call(client, objects, "finance:expense_create", "season", "post")
    call(client, objects, "finance:income_create", "season", "post")
    assert Expense.objects.filter(note="Bus").exists()
    assert OtherIncome.objects.filter(note="Gâteaux").exists()


def test_the_ledger_is_linked_from_the_finance_pages_for_those_keeping_the_accounts(
    delegate_client, leader_client, objects
):
    ledger = reverse("finance:ledger")
    invoices = reverse("finance:invoice_list")
    assert ledger in leader_client.get(invoices).content.decode()
    assert ledger not in delegate_client(RECORD_PAYMENTS).get(invoices).content.decode()
    page = delegate_client(KEEP_ACCOUNTS).get(ledger).content.decode()
    assert invoices not in page.split("<main")[-1]  # no link to pages they cannot open


def test_the_menu_leads_whoever_keeps_the_accounts_to_the_ledger(delegate_client):
    html = delegate_client(KEEP_ACCOUNTS).get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("finance:ledger")}"' in html
    assert f'href="{reverse("finance:invoice_list")}"' not in html


def test_the_menu_shows_no_finances_to_a_member_without_delegation(member_client):
    html = member_client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("finance:ledger")}"' not in html
    assert f'href="{reverse("finance:invoice_list")}"' not in html
