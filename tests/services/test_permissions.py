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
    ("services:quote_create", "request", "post", QUOTE_REQUESTS),
    ("services:request_decline", "request", "post", ANSWER_REQUESTS),
    ("services:request_cancel", "request", "post", ANSWER_REQUESTS),
    ("services:job_create", "request", "get", PLAN_JOBS),
    ("services:job_create", "request", "post", PLAN_JOBS),
    ("services:job_edit", "job", "get", PLAN_JOBS),
    ("services:job_edit", "job", "post", PLAN_JOBS),
    ("services:job_done", "job", "post", PLAN_JOBS),
    ("services:job_cancel", "job", "post", PLAN_JOBS),
    ("services:catalogue", None, "get", MANAGE_CATALOGUE),
    ("services:service_create", None, "get", MANAGE_CATALOGUE),
    ("services:service_create", None, "post", MANAGE_CATALOGUE),
    ("services:service_edit", "service", "get", MANAGE_CATALOGUE),
    ("services:service_edit", "service", "post", MANAGE_CATALOGUE),
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
def test_a_resident_holding_a_tracking_link_is_sent_to_login(
    anonymous, objects, make_request, name, key, method, code
):
    """The tracking link opens its own request and nothing of the back office."""
    mine = make_request(RequestStatus.QUOTED)
    assert anonymous.get(mine.get_tracking_url()).status_code == 200
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


def test_a_refused_write_changes_nothing(member_client, delegate_client, objects):
    """A quote, a job or a service posted in full by someone without the capability is
    refused before any write."""
    from services.models import Job, Quote, Service

    request, job = objects["request"], objects["job"]
    quote = {"pricing": "fixed", "amount": "80", "valid_until": "2099-01-01", "note": "x"}
    job_fields = {"date": "2099-07-01", "starts_at": "09:00", "ends_at": "12:00", "seats": "2"}
    before = (Quote.objects.count(), Job.objects.count(), Service.objects.count(), job.seats)
    for client in (member_client, delegate_client(ANSWER_REQUESTS)):
        url = reverse("services:quote_create", args=[request.pk])
        assert client.post(url, quote).status_code == 403
        url = reverse("services:job_create", args=[request.pk])
        assert client.post(url, job_fields).status_code == 403
        url = reverse("services:job_edit", args=[job.pk])
        assert client.post(url, {**job_fields, "seats": "5"}).status_code == 403
        service = {"slug": "peinture", "name_fr": "Peinture", "pricing": "hourly"}
        assert client.post(reverse("services:service_create"), service).status_code == 403
    job.refresh_from_db()
    after = (Quote.objects.count(), Job.objects.count(), Service.objects.count(), job.seats)
    assert after == before
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED


@pytest.mark.parametrize("persona", ["anonymous", "member_client", "leader_client", "delegate"])
def test_the_public_pages_open_for_every_persona(request, persona, make_request, delegate_client):
    """The request form, the privacy page and a tracking link work the same whoever is
    logged in (a member may ask for a service for their family)."""
    client = (
        delegate_client(QUOTE_REQUESTS)
        if persona == "delegate"
        else request.getfixturevalue(persona)
    )
    mine = make_request(RequestStatus.QUOTED)
    for url in (
        reverse("services:request_create"),
        reverse("services:privacy"),
        reverse("services:request_thanks", args=[mine.token]),
        mine.get_tracking_url(),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("services:track", args=["not-a-token"])).status_code == 404
