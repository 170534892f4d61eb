"""RGPD for residents: they export everything held about them from their private tracking
link; a leader exports or erases any resident (all requests with their email). The erasure
keeps hours, totals and issued invoices (their legal copy, kept 10 years) unchanged."""

from __future__ import annotations

import json

import pytest
from django.db.models import Sum
from django.urls import reverse

from cjs.errors import DomainError
from finance.models import Invoice, InvoiceStatus
from services import actions
from services.capabilities import ANSWER_REQUESTS
from services.models import RequestEvent, RequestStatus, ServiceRequest, Timesheet
from tests.factories import ServiceRequestFactory
from tests.rgpd import stored_text

pytestmark = pytest.mark.django_db

EMAIL = "monique.perrin@example.fr"
SURNAME = "Perrin-Quintavalle"


@pytest.fixture
def resident(issued, draft, leader):
    """Monique Perrin-Quintavalle: issued and draft invoices, a message of hers, one about her."""
    # A surname no factory draws at random: the erasure tests look for it in every table.
    invoice = issued(hours=["3", "2.5"], last_name=SURNAME)
    draft(hours=["1"], email=EMAIL.upper(), last_name=SURNAME)
    request = invoice.billed.get().request
    RequestEvent.objects.create(
        request=request, kind="note", by_resident=True, message=f"Merci, Monique {SURNAME}"
    )
    RequestEvent.objects.create(
        request=request, kind="note", actor=leader, message=f"Rappeler Mme {SURNAME} au 06 12"
    )
    return ServiceRequest.objects.get(pk=request.pk)


def _totals():
    return {
        "hours": Timesheet.objects.aggregate(total=Sum("hours"))["total"],
        "invoices": sorted(Invoice.objects.values_list("pk", "status", "number", "total")),
    }


def test_a_resident_downloads_their_data_from_the_tracking_link(anonymous, resident):
    response = anonymous.get(reverse("services:track_data_json", args=[resident.token]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    sections = data["sections"]
    assert len(sections["requests"]) == 2  # the same email, case aside
    assert sections["requests"][0]["email"].lower() == EMAIL
    assert sections["quotes"] and len(sections["invoices"]) == 2
    assert any(row["message"] == f"Merci, Monique {SURNAME}" for row in sections["messages"])
    assert "10" in " ".join(data["notes"])
    page = anonymous.get(reverse("services:track_data", args=[resident.token]))
    assert page.status_code == 200
    assert resident.address in page.content.decode()


def test_a_wrong_token_exports_nothing(anonymous, resident):
    response = anonymous.get(reverse("services:track_data_json", args=["x" * 24]))
    assert response.status_code == 404


def test_leaders_only_export_or_erase_a_resident(
    resident, anonymous, member_client, delegate_client, leader_client
):
    urls = [
        reverse("services:resident_data", args=[resident.pk]),
        reverse("services:resident_data_json", args=[resident.pk]),
        reverse("services:resident_erase", args=[resident.pk]),
    ]
    for url in urls:
        assert anonymous.get(url).status_code == 302
        assert member_client.get(url).status_code == 403
        assert delegate_client(ANSWER_REQUESTS).get(url).status_code == 403
        assert leader_client.get(url).status_code == 200
    assert member_client.post(urls[2]).status_code == 403
    assert ServiceRequest.objects.get(pk=resident.pk).anonymised_at is None


def test_erasing_a_resident_keeps_hours_totals_and_issued_invoices(leader_client, resident):
    before = _totals()
    issued = Invoice.objects.get(status=InvoiceStatus.ISSUED)
    old_link = reverse("services:track", args=[resident.token])
    response = leader_client.post(reverse("services:resident_erase", args=[resident.pk]))
    assert response.status_code == 302
    assert _totals() == before
    kept = Invoice.objects.get(pk=issued.pk)
    assert (kept.customer_name, kept.customer_address) == (
        issued.customer_name,
        issued.customer_address,
    )
    assert Invoice.objects.get(status=InvoiceStatus.DRAFT).customer_name == "Résident effacé"
    assert leader_client.get(old_link).status_code == 404
    for request in ServiceRequest.objects.all():
        assert request.full_name == "Résident effacé" and request.email == request.phone == ""


def test_the_erased_resident_appears_only_on_the_issued_invoice(leader, resident):
    actions.resident_erase(request=resident, by=leader)
    text = stored_text(except_tables=("finance_invoice",))
    for trace in (SURNAME, EMAIL, "06 12 34 56 78", resident.address):
        assert trace.lower() not in text.lower()


def test_a_resident_with_an_open_request_is_not_erased(leader, season):
    request = ServiceRequestFactory(season=season, status=RequestStatus.SCHEDULED)
    with pytest.raises(DomainError) as refused:
        actions.resident_erase(request=request, by=leader)
    assert refused.value.code == "open"


def test_the_resident_export_reads_a_fixed_number_of_queries(
    done_request, anonymous, django_assert_max_num_queries
):
    counts = []
    for n, email in ((1, "un@example.fr"), (4, "quatre@example.fr")):
        requests = [done_request(hours=["1"] * n, email=email) for _ in range(n)]
        url = reverse("services:track_data_json", args=[requests[0].token])
        with django_assert_max_num_queries(20) as captured:
            assert anonymous.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_leaders_page_of_a_resident_reads_a_fixed_number_of_queries(
    done_request, leader_client, django_assert_max_num_queries
):
    counts = []
    for n, email in ((1, "un@example.fr"), (4, "quatre@example.fr")):
        requests = [done_request(hours=["1"] * n, email=email) for _ in range(n)]
        url = reverse("services:resident_data", args=[requests[0].pk])
        with django_assert_max_num_queries(30) as captured:
            assert leader_client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
