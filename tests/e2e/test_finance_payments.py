"""The treasurer records a payment from a phone; the resident's tracking page shows the new
balance. Two browsers, two people: the treasurer (a member holding the delegated capability)
and the resident with their private link."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction

from finance import actions
from finance.capabilities import RECORD_PAYMENTS
from members.models import Cooperative
from services.models import Pricing, RequestStatus
from tests.e2e.conftest import log_in
from tests.factories import (
    TEST_PASSWORD,
    AcceptedQuoteFactory,
    CommitteeFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    LeaderFactory,
    MemberFactory,
    PermissionGrantFactory,
    SeasonFactory,
    ServiceFactory,
    ServiceRequestFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

immutability = importlib.import_module("finance.migrations.0002_immutable_issued_invoices")


@pytest.fixture
def issued_invoices_cleared_after():
    """SQLite empties the tables row by row after a browser test, and its triggers refuse to
    delete an issued invoice. As an administrator restoring a test database would, lift the
    triggers, empty the finance tables and put the triggers back. (PostgreSQL truncates,
    which row triggers do not see.)"""
    yield
    if connection.vendor != "sqlite":
        return
    tables = [model._meta.db_table for model in apps.get_app_config("finance").get_models()]
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in immutability.SQLITE_BACKWARD:
            cursor.execute(statement)
        for table in tables:  # foreign keys are checked at commit on SQLite
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names
        for statement in immutability.SQLITE_FORWARD:
            cursor.execute(statement)


def test_a_payment_recorded_by_the_treasurer_updates_the_residents_tracking_page(
    new_page, issued_invoices_cleared_after
):
    season = SeasonFactory()
    cooperative = Cooperative.load()
    cooperative.name = "CJS de Bourg-les-Saules"
    cooperative.save()
    leader = LeaderFactory()
    service_request = ServiceRequestFactory(
        season=season,
        service=ServiceFactory(slug="tonte", name_fr="Tonte de pelouse"),
        status=RequestStatus.DONE,
        first_name="Monique",
        last_name="Perrin",
    )
    AcceptedQuoteFactory(
        request=service_request,
        pricing=Pricing.FIXED,
        hours=None,
        hourly_rate=None,
        amount=Decimal("80.00"),
    )
    draft = actions.invoice_draft_create(requests=[service_request], by=leader)
    invoice = actions.invoice_issue(invoice=draft, by=leader)

    finance_committee = CommitteeFactory()
    PermissionGrantFactory(capability=RECORD_PAYMENTS, committee=finance_committee)
    treasurer = MemberFactory(username="tresoriere", first_name="Inès")
    EnrolmentFactory(season=season, user=treasurer)
    CommitteeMembershipFactory(season=season, committee=finance_committee, user=treasurer)

    # The resident sees the invoice and what is left to pay.
    resident = new_page()
    resident.goto(service_request.get_tracking_url())
    invoices = resident.get_by_role("region", name="Vos factures")
    assert "80,00 € à payer" in invoices.inner_text().replace("\u202f", " ").replace("\xa0", " ")

    # The treasurer records a partial payment by cheque, then the rest in cash.
    treasurer_page = new_page()
    log_in(treasurer_page, "tresoriere", TEST_PASSWORD)
    treasurer_page.goto(invoice.get_absolute_url())
    treasurer_page.get_by_label("Montant reçu").fill("30")
    treasurer_page.get_by_label("Payé par").select_option(label="chèque")
    treasurer_page.get_by_role("button", name="Enregistrer le paiement").click()
    treasurer_page.get_by_text("Le paiement est enregistré.").wait_for()

    resident.reload()
    text = resident.get_by_role("region", name="Vos factures").inner_text()
    assert "50,00 € à payer" in text.replace("\u202f", " ").replace("\xa0", " ")

    # Paying more than is due is refused with the reason, and nothing is recorded.
    treasurer_page.get_by_label("Montant reçu").fill("60")
    treasurer_page.get_by_label("Payé par").select_option(label="espèces")
    treasurer_page.get_by_role("button", name="Enregistrer le paiement").click()
    treasurer_page.get_by_text("Ce paiement dépasse le reste à payer").wait_for()
    assert invoice.payments.count() == 1

    treasurer_page.get_by_label("Montant reçu").fill("50")
    treasurer_page.get_by_role("button", name="Enregistrer le paiement").click()
    treasurer_page.get_by_text("Le paiement est enregistré.").wait_for()

    resident.reload()
    text = resident.get_by_role("region", name="Vos factures").inner_text()
    assert "payée" in text and "à payer" not in text
