"""Drafts: built from the accepted quote or the validated hours, materials added and
removed, deleted; one resident per invoice, a request invoiced once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from finance import actions
from finance.models import Invoice, InvoiceRequest, LineKind
from services.models import RequestStatus
from tests.factories import ServiceRequestFactory
from tests.finance.conftest import refused

pytestmark = pytest.mark.django_db


def test_a_fixed_price_request_is_invoiced_at_the_accepted_quote(draft):
    invoice = draft(fixed=Decimal("15.00"))
    [line] = invoice.lines.all()
    assert line.kind == LineKind.FIXED
    assert line.amount == Decimal("15.00")
    assert invoice.total == Decimal("15.00")
    assert invoice.is_draft and invoice.number == "" and invoice.sequence is None


def test_an_hourly_request_is_invoiced_at_the_validated_hours_times_the_job_rate(draft):
    invoice = draft(hours=["2.5", "1.25"], rate=Decimal("12.50"))
    amounts = sorted(line.amount for line in invoice.lines.all())
    assert amounts == [Decimal("15.63"), Decimal("31.25")]  # 1.25 × 12.50 = 15.625 -> 15.63
    assert invoice.total == Decimal("46.88")


def test_an_hourly_request_without_validated_hours_uses_the_accepted_quote(draft):
    invoice = draft()
    [line] = invoice.lines.all()
    assert (line.quantity, line.unit_price, line.amount) == (
        Decimal("6"),
        Decimal("12"),
        Decimal("72"),
    )


def test_several_finished_requests_of_one_resident_make_one_invoice(done_request, leader):
    first = done_request(fixed=Decimal("10.00"))
    second = done_request(fixed=Decimal("15.00"), email="MONIQUE.perrin@example.fr")
    invoice = actions.invoice_draft_create(requests=[first, second], by=leader)
    assert invoice.total == Decimal("25.00")
    assert set(invoice.billed.values_list("request", flat=True)) == {first.pk, second.pk}


def test_requests_of_two_residents_are_not_grouped(done_request, leader):
    first = done_request(fixed=Decimal("10.00"))
    other = done_request(fixed=Decimal("10.00"), email="bernard@example.fr")
    with refused("residents"):
        actions.invoice_draft_create(requests=[first, other], by=leader)
    assert not Invoice.objects.exists()


def test_a_request_not_finished_is_not_invoiced(season, leader):
    scheduled = ServiceRequestFactory(season=season, status=RequestStatus.SCHEDULED)
    with refused("not_done"):
        actions.invoice_draft_create(requests=[scheduled], by=leader)


def test_a_request_is_invoiced_only_once(draft, leader):
    invoice = draft(fixed=Decimal("10.00"))
    request = invoice.billed.get().request
    with refused("billed"):
        actions.invoice_draft_create(requests=[request], by=leader)


def test_materials_are_added_and_removed_and_the_total_follows(draft, leader):
    invoice = draft(fixed=Decimal("10.00"))
    line = actions.invoice_line_add(
        invoice=invoice,
        description="Sacs",
        quantity=Decimal("3"),
        unit_price=Decimal("1.335"),
        by=leader,
    )
    invoice.refresh_from_db()
    assert line.amount == Decimal("4.01")
    assert invoice.total == Decimal("14.01")
    actions.invoice_line_remove(line=line, by=leader)
    invoice.refresh_from_db()
    assert invoice.total == Decimal("10.00")


def test_work_lines_cannot_be_removed(draft, leader):
    invoice = draft(fixed=Decimal("10.00"))
    with refused("work_line"):
        actions.invoice_line_remove(line=invoice.lines.get(), by=leader)


def test_a_deleted_draft_frees_its_requests(draft, leader):
    invoice = draft(fixed=Decimal("10.00"))
    request = invoice.billed.get().request
    actions.invoice_delete(invoice=invoice, by=leader)
    assert not InvoiceRequest.objects.exists()
    assert actions.invoice_draft_create(requests=[request], by=leader).total == Decimal("10.00")


def test_choosing_no_request_is_refused(leader, db):
    with refused("empty"):
        actions.invoice_draft_create(requests=[], by=leader)
