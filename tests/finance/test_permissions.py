"""Every finance page and POST for each persona: anonymous, a resident holding a tracking
link, a member without delegation, a member holding the delegated capability, a leader."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance import actions
from finance.capabilities import ISSUE_INVOICES, RECORD_PAYMENTS
from finance.models import FinanceSettings

pytestmark = pytest.mark.django_db

LEADERS = "leaders only"


@pytest.fixture
def objects(draft, issued, done_request, leader):
    invoice = draft(fixed=Decimal("10.00"), email="draft@example.fr")
    line = actions.invoice_line_add(
        invoice=invoice, description="Sacs", quantity=Decimal(1), unit_price=Decimal(2), by=leader
    )
    late = issued(
        fixed=Decimal("30.00"),
        email="late@example.fr",
        on=timezone.localdate() - dt.timedelta(days=40),
    )
    waiting = done_request(fixed=Decimal("12.00"), email="waiting@example.fr")
    return {"draft": invoice, "line": line, "issued": late, "waiting": waiting}


def _settings_data() -> dict:
    return {
        "legal_name": "CAE Val de Loue",
        "address": "1 place de la Mairie",
        "registration_label": "SIRET",
        "registration_number": "123 456 789 00012",
        "payment_terms_days": "30",
        "mentions": "TVA non applicable, art. 293 B du CGI.",
    }


# (url name, object, method, capability that opens it: None = either finance capability)
PAGES = [
    ("finance:invoice_list", None, "get", None),
    ("finance:overdue_list", None, "get", None),
    ("finance:invoice_detail", "draft", "get", None),
    ("finance:invoice_detail", "issued", "get", None),
    ("finance:invoice_pdf", "issued", "get", None),
    ("finance:invoiceable", None, "get", ISSUE_INVOICES),
    ("finance:invoice_create", None, "post", ISSUE_INVOICES),
    ("finance:line_add", "draft", "post", ISSUE_INVOICES),
    ("finance:line_remove", "line", "post", ISSUE_INVOICES),
    ("finance:invoice_delete", "draft", "post", ISSUE_INVOICES),
    ("finance:invoice_issue", "draft", "post", ISSUE_INVOICES),
    ("finance:credit_note_create", "issued", "post", ISSUE_INVOICES),
    ("finance:payment_record", "issued", "post", RECORD_PAYMENTS),
    ("finance:invoice_remind", "issued", "post", RECORD_PAYMENTS),
    ("finance:settings", None, "get", LEADERS),
    ("finance:settings", None, "post", LEADERS),
]
CODES = [ISSUE_INVOICES, RECORD_PAYMENTS]


def url_of(objects, name, key) -> str:
    if key == "line":
        return reverse(name, args=[objects["draft"].pk, objects["line"].pk])
    return reverse(name, args=[objects[key].pk]) if key else reverse(name)


def data_for(objects, name) -> dict:
    return {
        "finance:invoice_create": {"requests": [objects["waiting"].pk]},
        "finance:line_add": {"description": "Gants", "quantity": "1", "unit_price": "3"},
        "finance:credit_note_create": {"amount": "1", "reason": "Geste"},
        "finance:payment_record": {
            "amount": "5",
            "method": "cash",
            "paid_on": timezone.localdate().isoformat(),
        },
        "finance:settings": _settings_data(),
    }.get(name, {})


def call(client, objects, name, key, method):
    url = url_of(objects, name, key)
    if method == "post":
        return client.post(url, data_for(objects, name))
    return client.get(url)


@pytest.mark.parametrize(("name", "key", "method", "code"), PAGES)
def test_anonymous_is_sent_to_login(anonymous, objects, name, key, method, code):
    response = call(anonymous, objects, name, key, method)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key", "method", "code"), PAGES)
def test_a_resident_holding_a_tracking_link_is_sent_to_login(
    anonymous, objects, name, key, method, code
):
    invoice = objects["issued"]
    token = invoice.billed.get().request.token
    own = reverse("finance:public_invoice", args=[token, invoice.number])
    assert anonymous.get(own).status_code == 200
    response = call(anonymous, objects, name, key, method)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key", "method", "code"), PAGES)
def test_a_member_without_delegation_is_refused(member_client, objects, name, key, method, code):
    assert call(member_client, objects, name, key, method).status_code == 403


@pytest.mark.parametrize(("name", "key", "method", "code"), PAGES)
def test_a_leader_opens_every_page(leader_client, objects, name, key, method, code):
    response = call(leader_client, objects, name, key, method)
    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize(("name", "key", "method", "code"), PAGES)
def test_a_delegated_member_opens_the_pages_of_their_capability(
    delegate_client, objects, name, key, method, code
):
    if code == LEADERS:
        for held in CODES:
            assert call(delegate_client(held), objects, name, key, method).status_code == 403
        return
    response = call(delegate_client(code or RECORD_PAYMENTS), objects, name, key, method)
    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize(("name", "key", "method", "code"), PAGES)
def test_a_delegated_member_is_refused_the_pages_of_the_other_capability(
    delegate_client, objects, name, key, method, code
):
    if code in (None, LEADERS):
        return  # either capability opens it / covered above
    other = next(c for c in CODES if c != code)
    assert call(delegate_client(other), objects, name, key, method).status_code == 403


def test_the_delegated_writes_went_through(delegate_client, objects):
    """The 302s above are real: a treasurer's payment is recorded, a draft is issued."""
    call(delegate_client(RECORD_PAYMENTS), objects, "finance:payment_record", "issued", "post")
    assert objects["issued"].payments.count() == 1
    call(delegate_client(ISSUE_INVOICES), objects, "finance:invoice_issue", "draft", "post")
    objects["draft"].refresh_from_db()
    assert objects["draft"].is_issued


def test_the_settings_post_saves(leader_client, objects):
    call(leader_client, objects, "finance:settings", None, "post")
    assert FinanceSettings.load().legal_name == "CAE Val de Loue"


@pytest.mark.parametrize("suffix", ["public_invoice", "public_invoice_pdf"])
def test_the_resident_link_opens_only_its_own_issued_invoice(anonymous, objects, issued, suffix):
    invoice = objects["issued"]
    token = invoice.billed.get().request.token
    other = issued(fixed=Decimal("5"), email="other@example.fr")
    other_token = other.billed.get().request.token
    draft_token = objects["draft"].billed.get().request.token
    name = f"finance:{suffix}"
    assert anonymous.get(reverse(name, args=[token, invoice.number])).status_code == 200
    assert anonymous.get(reverse(name, args=[token, other.number])).status_code == 404
    assert anonymous.get(reverse(name, args=[other_token, invoice.number])).status_code == 404
    assert anonymous.get(reverse(name, args=["not-a-token", invoice.number])).status_code == 404
    assert anonymous.get(reverse(name, args=[draft_token, "2026-9999"])).status_code == 404


def test_the_resident_invoice_page_refuses_post(anonymous, objects):
    invoice = objects["issued"]
    token = invoice.billed.get().request.token
    url = reverse("finance:public_invoice", args=[token, invoice.number])
    assert anonymous.post(url).status_code == 405


def test_the_nav_entry_shows_for_finance_capabilities_only(
    member_client, delegate_client, leader_client, objects
):
    link = reverse("finance:invoice_list")
    home = reverse("dashboard")
    assert link not in member_client.get(home).content.decode()
    assert link in delegate_client(RECORD_PAYMENTS).get(home).content.decode()
    assert link in leader_client.get(home).content.decode()
