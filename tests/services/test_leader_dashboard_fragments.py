"""The leaders' dashboard writes its requests' and members' cards once per process for each
set of counts and language (``cjs_tags.shared_fragment``, in production only): a new count
gives new cards, in the page's language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from services.models import RequestStatus
from tests.factories import EnrolmentFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_the_cards_follow_the_counts_and_the_language(settings, leader_client, make_request):
    settings.DEBUG = False  # the fragments are kept (in development they are written each time)

    def page() -> str:
        return leader_client.get(reverse("dashboard")).content.decode()

    make_request()
    first = page()
    assert 'data-testid="dashboard-new">1<' in first
    assert "Nouvelles, à traiter" in first and 'data-testid="not-cleared-count">0<' in first
    make_request()
    make_request(RequestStatus.QUOTED)
    EnrolmentFactory(user=MemberFactory(profile__not_cleared=True))
    second = page()
    assert 'data-testid="dashboard-new">2<' in second
    assert 'data-testid="not-cleared-count">1<' in second
    assert second.count('href="/gestion/demandes/?status=new"') == 1
    leader_client.cookies["cjs_language"] = "en"
    english = page()
    assert "New, to answer" in english and 'data-testid="dashboard-new">2<' in english
    assert "Members not cleared" in english
