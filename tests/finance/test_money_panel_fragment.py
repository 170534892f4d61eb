"""The money panel's title, links and what residents owe are written once per process for
each set of figures, language and kind of reader (``cjs_tags.shared_fragment``, in
production only): new figures give a new text, and the treasurer never gets the leaders'."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance.capabilities import KEEP_ACCOUNTS

pytestmark = pytest.mark.django_db


def test_the_money_figures_follow_the_invoices_the_language_and_the_reader(
    settings, issued, leader_client, delegate_client
):
    settings.DEBUG = False  # fragments are kept (in development they are written each time)

    def page(client) -> str:
        return client.get(reverse("dashboard")).content.decode()

    treasurer = delegate_client(KEEP_ACCOUNTS)
    assert 'data-figure="owed">0,00' in page(leader_client)
    assert reverse("finance:team_pay") not in page(treasurer)
    issued(fixed=Decimal("30"), on=timezone.localdate() - dt.timedelta(days=40))
    html = page(leader_client)
    assert 'data-figure="owed">30,00' in html and "1 facture en retard" in html
    assert reverse("finance:team_pay") in html
    treasurers = page(treasurer)
    assert 'data-figure="owed">30,00' in treasurers
    assert reverse("finance:team_pay") not in treasurers
    leader_client.cookies["cjs_language"] = "en"
    english = page(leader_client)
    assert "Still owed by residents" in english and "1 overdue invoice" in english
