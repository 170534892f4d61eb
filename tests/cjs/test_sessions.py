"""The sessions (cjs/sessions.py): Django's database sessions, their one query per request
compiled once. A key reads its own session; an expired or unknown key reads none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cjs.sessions import SessionStore

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")


def test_each_client_reads_its_own_session(leader, member_client, leader_client):
    assert member_client.get(DASHBOARD).wsgi_request.user.first_name == "Léa"
    assert leader_client.get(DASHBOARD).wsgi_request.user == leader
    assert member_client.get(DASHBOARD).wsgi_request.user.first_name == "Léa"


def test_an_expired_session_logs_the_user_out(member_client):
    assert member_client.get(DASHBOARD).status_code == 200
    key = member_client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = member_client.get(DASHBOARD)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_unknown_key_is_no_session_and_gets_a_new_one():
    store = SessionStore("x" * 32)
    assert store.load() == {}
    assert store.session_key is None
    store["answer"] = 42
    store.save()
    assert store.session_key != "x" * 32
    assert SessionStore(store.session_key).load() == {"answer": 42}


@pytest.mark.parametrize("key", ["", "short", "k" * 300, "é\x00' OR 1=1 --"])
def test_a_malformed_key_reads_no_session(key):
    assert SessionStore(key).load() == {}


def test_the_session_of_a_logout_is_gone(member_client):
    key = member_client.cookies["sessionid"].value
    member_client.post(reverse("logout"))
    assert SessionStore(key).load() == {}
    assert Client().get(DASHBOARD).status_code == 302
