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
