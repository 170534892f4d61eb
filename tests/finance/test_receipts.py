"""Receipts: their kind is read from their first bytes (never from the name or the browser's
content type), 5 MB at most, and they are served only to those keeping the accounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone, translation

from finance import actions, rules
from finance.capabilities import ISSUE_INVOICES, KEEP_ACCOUNTS, RECORD_PAYMENTS
from finance.forms import ExpenseForm
from finance.models import Expense
from tests.finance.conftest import JPEG, PDF, PNG, refused

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><script>alert(document.cookie)</script>"


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def form_with(upload, **file):
    data = {
        "spent_on": timezone.localdate().isoformat(),
        "amount": "12.00",
        "category": "materials",
        "note": "",
    }
    return ExpenseForm(data, {"receipt": upload(**file)})


@pytest.mark.parametrize(
    ("head", "kind"),
    [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg"), (EXE, None), (HTML, None), (b"", None)],
)
def test_the_kind_is_read_from_the_first_bytes(head, kind):
    assert rules.receipt_kind(head[: rules.RECEIPT_HEAD_BYTES]) == kind


def test_a_pdf_name_with_png_bytes_is_stored_as_png(season, leader, upload):
    receipt = upload("facture.pdf", PNG, "application/pdf")
    expense = actions.expense_record(
        season=season,
        spent_on=timezone.localdate(),
        amount=Decimal("9.90"),
        category="materials",
        receipt=receipt,
        by=leader,
    )
    assert expense.receipt_type == "png"
    assert expense.receipt.name.endswith(".png")
    with expense.receipt.open("rb") as stored:
        assert stored.read() == PNG


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("setup.pdf", EXE, "application/pdf"),
        ("page.pdf", HTML, "application/pdf"),
        ("page.html", HTML, "text/html"),
        ("photo.jpg", b"GIF89a" + b"\x00" * 20, "image/jpeg"),
    ],
)
def test_a_file_that_is_not_a_pdf_png_or_jpeg_is_refused(upload, name, content, content_type):
    form = form_with(upload, name=name, content=content, content_type=content_type)
    assert not form.is_valid()
    assert form.errors["receipt"] == ["The receipt must be a PDF, PNG or JPEG file."]


def test_the_action_refuses_a_disguised_file_too(season, leader, upload):
    with refused("receipt_type"):
        actions.expense_record(
            season=season,
            spent_on=timezone.localdate(),
            amount=Decimal("5"),
            category="other",
            receipt=upload("setup.pdf", EXE),
            by=leader,
        )
    assert not Expense.objects.exists()


def test_a_receipt_over_5_mb_is_refused_with_a_clear_error(upload, season, leader):
    big = PDF + b"0" * rules.RECEIPT_MAX_BYTES
    form = form_with(upload, name="scan.pdf", content=big)
    assert not form.is_valid()
    assert "larger than 5 MB" in form.errors["receipt"][0]
    with refused("receipt_size"):
        actions.expense_record(
            season=season,
            spent_on=timezone.localdate(),
            amount=Decimal("5"),
            category="other",
            receipt=upload("scan.pdf", big),
            by=leader,
        )


def test_a_receipt_of_exactly_5_mb_is_accepted(upload):
    exact = PDF + b"0" * (rules.RECEIPT_MAX_BYTES - len(PDF))
    assert form_with(upload, name="scan.pdf", content=exact).is_valid()


@pytest.fixture
def expense(season, leader, upload):
    return actions.expense_record(
        season=season,
        spent_on=timezone.localdate(),
        amount=Decimal("18.00"),
        category="transport",
        receipt=upload("billet.jpg", JPEG, "image/jpeg"),
        by=leader,
    )


def test_the_receipt_is_streamed_with_its_type_and_as_an_attachment(leader_client, expense):
    response = leader_client.get(reverse("finance:receipt", args=[expense.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == (
        f'attachment; filename="justificatif-{expense.pk}.jpeg"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == JPEG


def test_the_accounts_keeper_downloads_the_receipt(delegate_client, expense):
    response = delegate_client(KEEP_ACCOUNTS).get(reverse("finance:receipt", args=[expense.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("code", [ISSUE_INVOICES, RECORD_PAYMENTS])
def test_the_receipt_is_refused_to_members_without_keep_accounts(
    member_client, delegate_client, expense, code
):
    url = reverse("finance:receipt", args=[expense.pk])
    assert member_client.get(url).status_code == 403
    assert delegate_client(code).get(url).status_code == 403


def test_the_receipt_sends_anonymous_visitors_to_login(anonymous, expense):
    response = anonymous.get(reverse("finance:receipt", args=[expense.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_expense_without_receipt_has_no_receipt_page(leader_client, season, leader):
    bare = actions.expense_record(
        season=season,
        spent_on=timezone.localdate(),
        amount=Decimal("4"),
        category="other",
        by=leader,
    )
    assert leader_client.get(reverse("finance:receipt", args=[bare.pk])).status_code == 404


def test_receipts_are_not_published_under_a_media_url(anonymous, expense):
    assert not getattr(django_settings, "MEDIA_URL", "").strip("/")
    assert anonymous.get("/" + expense.receipt.name).status_code == 404
    assert anonymous.get("/media/" + expense.receipt.name).status_code == 404
