"""Every page of the services app, for each persona: anonymous, resident link, member,
leader, and a member holding the delegated capability."""

from __future__ import annotations

import pytest
from django.urls import reverse

from services.capabilities import ANSWER_REQUESTS, MANAGE_CATALOGUE, PLAN_JOBS, QUOTE_REQUESTS
from services.models import RequestStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(make_request, service):
    accepted = make_request(RequestStatus.ACCEPTED)
    scheduled = make_request(RequestStatus.SCHEDULED)
    return {"request": accepted, "job": scheduled.jobs.get(), "service": service}


# (url name, kwargs key, method, capability that opens it; None = any request capability)
STAFF_PAGES = [
    ("services:inbox", None, "get", None),
    ("services:request_detail", "request", "get", None),
    ("services:request_note", "request", "post", None),
    ("services:quote_create", "request", "get", QUOTE_REQUESTS),
    ("services:request_decline", "request", "post", ANSWER_REQUESTS),
    ("services:request_cancel", "request", "post", ANSWER_REQUESTS),
    ("services:job_create", "request", "get", PLAN_JOBS),
    ("services:job_edit", "job", "get", PLAN_JOBS),
    ("services:job_done", "job", "post", PLAN_JOBS),
    ("services:job_cancel", "job", "post", PLAN_JOBS),
    ("services:catalogue", None, "get", MANAGE_CATALOGUE),
    ("services:service_create", None, "get", MANAGE_CATALOGUE),
    ("services:service_edit", "service", "get", MANAGE_CATALOGUE),
]
ALL_CODES = [ANSWER_REQUESTS, QUOTE_REQUESTS, PLAN_JOBS, MANAGE_CATALOGUE]


def url_of(objects, name, key) -> str:
    return reverse(name, args=[objects[key].pk]) if key else reverse(name)


@pytest.mark.parametrize(("name", "key", "method", "code"), STAFF_PAGES)
def test_anonymous_is_sent_to_login(anonymous, objects, name, key, method, code):
    response = getattr(anonymous, method)(url_of(objects, name, key))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key", "method", "code"), STAFF_PAGES)
def test_a_member_without_delegation_is_refused(member_client, objects, name, key, method, code):
    assert getattr(member_client, method)(url_of(objects, name, key)).status_code == 403


@pytest.mark.parametrize(("name", "key", "method", "code"), STAFF_PAGES)
def test_a_leader_opens_every_page(leader_client, objects, name, key, method, code):
    assert getattr(leader_client, method)(url_of(objects, name, key)).status_code in (200, 302)


@pytest.mark.parametrize(("name", "key", "method", "code"), STAFF_PAGES)
def test_a_delegated_member_opens_the_pages_of_their_capability(
    delegate_client, objects, name, key, method, code
):
    allowed = code or ANSWER_REQUESTS
    response = getattr(delegate_client(allowed), method)(url_of(objects, name, key))
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(("name", "key", "method", "code"), STAFF_PAGES)
def test_a_delegated_member_is_refused_the_pages_of_other_capabilities(
    delegate_client, objects, name, key, method, code
):
    others = [c for c in ALL_CODES if c != code]
    if code is None:  # any request capability opens it: only the catalogue is refused
        others = [MANAGE_CATALOGUE]
    response = getattr(delegate_client(others[0]), method)(url_of(objects, name, key))
    assert response.status_code == 403


def test_a_member_loses_the_pages_when_the_committee_membership_ends(
    season, delegate, objects, client
):
    import datetime as dt

    from django.utils import timezone

    from members.models import CommitteeMembership

    user = delegate(PLAN_JOBS)
    CommitteeMembership.objects.filter(user=user).update(
        ends_on=timezone.localdate() - dt.timedelta(days=1),
        starts_on=timezone.localdate() - dt.timedelta(days=8),
    )
    client.force_login(user)
    assert client.get(reverse("services:inbox")).status_code == 403


RESIDENT_POSTS = ["track_accept", "track_decline", "track_cancel", "track_rate"]


def test_the_resident_link_opens_only_its_own_request(anonymous, make_request):
    mine = make_request(RequestStatus.QUOTED)
    other = make_request(RequestStatus.QUOTED, first_name="Bernard", last_name="Lemoine")
    html = anonymous.get(reverse("services:track", args=[mine.token])).content.decode()
    assert "Monique" in html
    assert "Lemoine" not in html
    anonymous.post(reverse("services:track_accept", args=[mine.token]))
    other.refresh_from_db()
    assert other.status == RequestStatus.QUOTED


@pytest.mark.parametrize("name", RESIDENT_POSTS)
def test_resident_actions_refuse_get(anonymous, make_request, name):
    request = make_request(RequestStatus.QUOTED)
    assert anonymous.get(reverse(f"services:{name}", args=[request.token])).status_code == 405


def test_resident_actions_need_the_csrf_token(make_request):
    from django.test import Client

    request = make_request(RequestStatus.QUOTED)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("services:track_accept", args=[request.token]))
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.QUOTED


def test_the_tracking_link_is_only_shown_to_leaders(leader_client, delegate_client, make_request):
    request = make_request()
    assert request.token in leader_client.get(request.get_absolute_url()).content.decode()
    html = delegate_client(ANSWER_REQUESTS).get(request.get_absolute_url()).content.decode()
    assert request.token not in html


def test_navigation_shows_the_links_to_those_who_may_use_them(
    leader_client, member_client, delegate_client, season
):
    inbox, catalogue = reverse("services:inbox"), reverse("services:catalogue")
    html = leader_client.get(reverse("dashboard")).content.decode()
    assert inbox in html and catalogue in html
    html = member_client.get(reverse("dashboard")).content.decode()
    assert inbox not in html and catalogue not in html
    html = delegate_client(QUOTE_REQUESTS).get(reverse("dashboard")).content.decode()
    assert inbox in html and catalogue not in html
