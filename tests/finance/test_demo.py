"""The demo seeds invoices for the season's finished requests: paid, partly paid, one
overdue, a credit note; a second run changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from finance.capabilities import ISSUE_INVOICES, RECORD_PAYMENTS
from finance.models import CreditNote, Invoice, Payment
from members.models import PermissionGrant, RoleAssignment
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
    for code in (ISSUE_INVOICES, RECORD_PAYMENTS):
        assert PermissionGrant.objects.filter(capability=code, committee__slug="finances").exists()
        assert PermissionGrant.objects.filter(capability=code, role__slug="tresorerie").exists()
    treasurer = RoleAssignment.objects.get(role__slug="tresorerie")
    held = user_capabilities(treasurer.user, on=treasurer.starts_on)
    assert {ISSUE_INVOICES, RECORD_PAYMENTS} <= held
