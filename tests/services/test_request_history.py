"""The history of a request on the leaders' page says each thing once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from services.models import RequestStatus

pytestmark = pytest.mark.django_db


def _history_lines(html: str) -> list[str]:
    return re.findall(r"<div>((?:(?!</div>).)*)</div>", html, flags=re.S)


def test_a_quote_line_does_not_repeat_its_status_in_a_badge(leader_client, make_request):
    service_request = make_request(RequestStatus.QUOTED)
    html = leader_client.get(reverse("services:request_detail", args=[service_request.pk]))
    lines = [line for line in _history_lines(html.content.decode()) if "Devis envoyé" in line]
    assert lines, "the quote is in the history"
    assert all(line.count("evis envoyé") == 1 for line in lines), lines


def test_a_change_the_line_does_not_name_keeps_its_badge(leader_client, make_request):
    service_request = make_request(RequestStatus.ACCEPTED)
    html = leader_client.get(reverse("services:request_detail", args=[service_request.pk]))
    lines = _history_lines(html.content.decode())
    accepted = [line for line in lines if "a accepté le devis" in line]
    assert accepted and 'class="badge' in accepted[0]


def test_the_request_page_writes_its_reason_and_note_fields_as_crispy_forms_would(
    leader_client, make_request
):
    """The page writes its decline, cancel and note fields by hand (crispy's templates cost a
    quarter of the page): they must stay what crispy-forms writes for those forms."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
    from django.test.html import parse_html

    request = make_request()
    response = leader_client.get(reverse("services:request_detail", args=[request.pk]))
    page = parse_html(response.content.decode())
    for form, field in (
        ("decline_form", "reason"),
        ("cancel_form", "reason"),
        ("note_form", "text"),
    ):
        assert parse_html(as_crispy_field(response.context[form][field])) in page, form
