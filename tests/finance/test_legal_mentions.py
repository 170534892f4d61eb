"""Who invoices and the legal mentions: prefilled from the country preset, edited by the
leaders, copied onto each invoice when it is issued."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from finance import actions
from finance.models import FinanceSettings
from members.models import Cooperative

pytestmark = pytest.mark.django_db


def test_france_prefills_siret_and_the_french_mentions(cooperative):
    settings = FinanceSettings.load()
    assert settings.legal_name == "CJS de Bourg-les-Saules"
    assert settings.registration_label == "SIRET"
    assert "293 B du CGI" in settings.mentions
    assert "40 €" in settings.mentions


def test_quebec_prefills_neq_and_the_small_supplier_mention(db):
    cooperative = Cooperative.load()
    cooperative.country = Cooperative.Country.QUEBEC
    cooperative.apply_country_preset()
    cooperative.save()
    settings = FinanceSettings.load()
    assert settings.registration_label == "NEQ"
    assert "Petit fournisseur" in settings.mentions
    assert "293 B" not in settings.mentions


def test_an_issued_invoice_keeps_the_mentions_of_its_day(draft, leader):
    settings = FinanceSettings.load()
    settings.registration_number = "123 456 789 00012"
    settings.save()
    invoice = actions.invoice_issue(invoice=draft(fixed=Decimal("10")), by=leader)
    settings.mentions = "Autre chose"
    settings.legal_name = "Nouveau nom"
    settings.save()
    invoice.refresh_from_db()
    assert invoice.seller_registration == "SIRET 123 456 789 00012"
    assert "293 B du CGI" in invoice.mentions
    assert invoice.seller_name == "CJS de Bourg-les-Saules"


def test_a_quebec_invoice_is_in_canadian_dollars(done_request, leader, cooperative):
    cooperative.country = Cooperative.Country.QUEBEC
    cooperative.apply_country_preset()
    cooperative.save()
    invoice = actions.invoice_draft_create(requests=[done_request(fixed=Decimal("10"))], by=leader)
    assert invoice.currency == "CAD"


def test_leaders_edit_the_settings_on_their_page(leader_client, cooperative):
    page = leader_client.get(reverse("finance:settings"))
    assert "293 B du CGI" in page.content.decode()
    data = {
        "legal_name": "CAE Val de Loue",
        "address": "1 place de la Mairie",
        "registration_label": "SIRET",
        "registration_number": "123",
        "payment_terms_days": "15",
        "mentions": "TVA non applicable, art. 293 B du CGI.",
    }
    assert leader_client.post(reverse("finance:settings"), data).status_code == 302
    assert FinanceSettings.load().payment_terms_days == 15
