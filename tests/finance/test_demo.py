"""The demo seeds invoices for the season's finished requests: paid, partly paid, one
overdue, a credit note; expenses and a car wash in the ledger; a second run changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from finance.capabilities import ISSUE_INVOICES, KEEP_ACCOUNTS, RECORD_PAYMENTS
from finance.models import (
    CreditNote,
    Expense,
    IncomeCategory,
    Invoice,
    OtherIncome,
    Payment,
    ShareOut,
)
from members.models import PermissionGrant, RoleAssignment, Season
from members.permissions import user_capabilities

pytestmark = pytest.mark.django_db


def test_the_demo_issues_invoices_with_payments_an_overdue_one_and_a_credit_note():
    call_command("seed_demo")
    invoices = Invoice.objects.with_balance()
    assert invoices.count() > 3
    assert all(invoice.is_issued for invoice in invoices)
    assert Invoice.objects.overdue(timezone.localdate()).exists()
    assert any(0 < i.paid < i.total for i in invoices)
    assert any(i.balance_due == 0 for i in invoices)
    assert CreditNote.objects.count() == 1
    counts = (Invoice.objects.count(), Payment.objects.count(), CreditNote.objects.count())
    call_command("seed_demo")
    assert (Invoice.objects.count(), Payment.objects.count(), CreditNote.objects.count()) == counts


def test_the_demo_delegates_finance_to_the_committee_and_the_treasurer():
    call_command("seed_demo")
    for code in (ISSUE_INVOICES, RECORD_PAYMENTS, KEEP_ACCOUNTS):
        assert PermissionGrant.objects.filter(capability=code, committee__slug="finances").exists()
        assert PermissionGrant.objects.filter(capability=code, role__slug="tresorerie").exists()
    treasurer = RoleAssignment.objects.get(role__slug="tresorerie")
    held = user_capabilities(treasurer.user, on=treasurer.starts_on)
    assert {ISSUE_INVOICES, RECORD_PAYMENTS, KEEP_ACCOUNTS} <= held


def test_the_demo_seeds_a_few_expenses_and_a_car_wash_once():
    call_command("seed_demo")
    season = Season.objects.current()
    expenses = Expense.objects.filter(season=season)
    assert expenses.count() >= 3
    assert len({e.category for e in expenses}) >= 3
    assert all(e.spent_on <= timezone.localdate() for e in expenses)
    car_wash = OtherIncome.objects.get(season=season)
    assert car_wash.category == IncomeCategory.CAR_WASH
    counts = (Expense.objects.count(), OtherIncome.objects.count())
    call_command("seed_demo")
    assert (Expense.objects.count(), OtherIncome.objects.count()) == counts


def test_the_demo_ledger_page_shows_the_car_wash_to_the_treasurer(client):
    call_command("seed_demo")
    treasurer = RoleAssignment.objects.get(role__slug="tresorerie").user
    client.force_login(treasurer)
    page = client.get(reverse("finance:ledger")).content.decode()
    assert "Lavage de voitures sur le parking" in page


def test_last_summer_has_a_frozen_share_out_by_its_adopted_rule():
    call_command("seed_demo")
    archive = Season.objects.get(status=Season.Status.ARCHIVED)
    share_out = ShareOut.objects.get(season=archive)
    assert share_out.motion.status == "adopted"
    assert share_out.motion.share_out_rule.equal_percent == share_out.equal_percent
    lines = list(share_out.lines.all())
    assert len(lines) >= 5
    assert sum(line.total for line in lines) == share_out.distributable > 0
    # Equal parts, the member who left included (by last summer's rule).
    assert sum(line.departed for line in lines) == 1
    assert max(line.total for line in lines) - min(line.total for line in lines) <= Decimal("0.01")
    call_command("seed_demo")
    assert ShareOut.objects.count() == 1


def test_the_treasurer_previews_this_summer_by_the_rule_voted_at_the_first_board(client):
    call_command("seed_demo")
    treasurer = RoleAssignment.objects.get(role__slug="tresorerie").user
    client.force_login(treasurer)
    response = client.get(reverse("finance:share_out"))
    page = response.context["page"]
    assert response.status_code == 200
    assert page.frozen is None and page.rule is not None
    assert page.rule.bonus == 20
    assert page.steps
