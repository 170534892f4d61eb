"""RGPD right of access: a member downloads everything held about them (JSON) and reads it on
a page; a leader does the same for any member; nobody else does."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.rgpd import member_with_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(season):
    return member_with_history(season)


@pytest.fixture
def worker_client(worker) -> Client:
    client = Client()
    client.force_login(worker)
    return client


def test_a_member_downloads_everything_held_about_them(worker_client):
    response = worker_client.get(reverse("my:data_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    sections = data["sections"]
    profile = sections["profile"][0]
    assert profile["first_name"] == "Zéphyrine"
    assert profile["guardian_name"] == "Ophélie Quintavalle"
    assert profile["parental_authorization_received_on"]
    assert len(sections["jobs"]) == 1 and sections["jobs"][0]["hours"] == "3.00"
    assert sections["absences"][0]["reason"].startswith("Mariage")
    assert sections["portfolio"] and sections["seasons"]
    assert [row["message"] for row in sections["messages"]] == ["Fini, signé Zéphyrine"]
    assert sections["consultations"][0]["reason"].startswith("Zéphyrine")
    assert {"skills", "committees", "roles", "attendance", "proxies", "candidacies"} <= set(
        sections
    )
    assert "10" in " ".join(data["notes"])  # invoices kept 10 years


def test_the_export_shows_named_votes_but_never_a_secret_choice(worker_client):
    votes = json.loads(worker_client.get(reverse("my:data_json")).content)["sections"]["votes"]
    assert len(votes) == 2
    named, secret = votes
    assert named["choice"] == "pour"
    assert "secret" in secret["choice"]


def test_the_readable_page_shows_the_same_data(worker_client):
    response = worker_client.get(reverse("my:data"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ophélie Quintavalle" in content
    assert reverse("my:data_json") in content
    assert "/effacer/" not in content  # only leaders erase


def test_a_member_sees_only_their_own_data(worker, other_member_client):
    response = other_member_client.get(reverse("my:data"))
    assert "Quintavalle" not in response.content.decode()
    url = reverse("members:member_data", args=[worker.pk])
    assert other_member_client.get(url).status_code == 403
    json_url = reverse("members:member_data_json", args=[worker.pk])
    assert other_member_client.get(json_url).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(worker, anonymous):
    for url in (
        reverse("my:data"),
        reverse("my:data_json"),
        reverse("members:member_data", args=[worker.pk]),
        reverse("members:member_data_json", args=[worker.pk]),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert reverse("login") in response.url


def test_a_leader_exports_any_member(worker, leader_client):
    page = leader_client.get(reverse("members:member_data", args=[worker.pk]))
    assert page.status_code == 200
    assert reverse("members:member_erase", args=[worker.pk]) in page.content.decode()
    data = json.loads(
        leader_client.get(reverse("members:member_data_json", args=[worker.pk])).content
    )
    assert data["sections"]["profile"][0]["last_name"] == "Quintavalle"


@pytest.mark.parametrize("url_name", ["my:data", "my:data_json"])
def test_the_export_reads_a_fixed_number_of_queries(
    season, url_name, django_assert_max_num_queries
):
    counts = []
    for jobs in (1, 4):
        member = member_with_history(season, first_name=f"Jeanne{jobs}", jobs=jobs)
        client = Client()
        client.force_login(member)
        with django_assert_max_num_queries(40) as captured:
            assert client.get(reverse(url_name)).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_leaders_page_of_a_member_reads_a_fixed_number_of_queries(
    season, leader_client, django_assert_max_num_queries
):
    counts = []
    for jobs in (1, 4):
        member = member_with_history(season, first_name=f"Paule{jobs}", jobs=jobs)
        with django_assert_max_num_queries(40) as captured:
            url = reverse("members:member_data", args=[member.pk])
            assert leader_client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
