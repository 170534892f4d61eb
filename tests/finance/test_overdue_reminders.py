"""The scheduler reminds residents of their overdue invoices with finance's own reminder, at
most once a week per invoice, a reminder a leader sent by hand included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from finance import actions
from finance.models import Reminder

pytestmark = pytest.mark.django_db


def test_an_overdue_invoice_is_reminded_once_a_week(
    issued, leader, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    late = issued(fixed=Decimal("30"), email="late@example.fr", on=today - dt.timedelta(days=40))
    issued(fixed=Decimal("30"), email="recent@example.fr", on=today)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.invoices_overdue_remind(today=today) == 1
        assert actions.invoices_overdue_remind(today=today + dt.timedelta(days=6)) == 0
    assert [message.to for message in mailoutbox] == [["late@example.fr"]]
    assert late.number in mailoutbox[0].subject
    reminder = Reminder.objects.get()
    assert reminder.invoice == late
    assert reminder.sent_by is None  # sent by the scheduler
    Reminder.objects.update(sent_at=timezone.now() - dt.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.invoices_overdue_remind(today=today) == 1
    assert len(mailoutbox) == 2


def test_a_reminder_sent_by_hand_counts(issued, leader, mailoutbox):
    today = timezone.localdate()
    invoice = issued(fixed=Decimal("30"), on=today - dt.timedelta(days=40))
    actions.invoice_remind(invoice=invoice, by=leader)
    assert actions.invoices_overdue_remind(today=today) == 0
    assert Reminder.objects.count() == 1


def test_a_paid_invoice_is_not_reminded(issued, leader):
    today = timezone.localdate()
    invoice = issued(fixed=Decimal("30"), on=today - dt.timedelta(days=40))
    actions.payment_record(invoice=invoice, amount=Decimal("30"), method="cash", by=leader)
    assert actions.invoices_overdue_remind(today=today) == 0
