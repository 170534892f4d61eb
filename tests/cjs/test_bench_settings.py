"""The benchmark's hooks in the app: the baseline page and the trusted proxy header exist only
when ``CJS_BENCH`` is on (``settings.BENCH``)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from cjs import ratelimit

pytestmark = pytest.mark.django_db


def test_the_baseline_page_is_not_found_without_the_bench_setting(
    anonymous, member_client, leader_client
):
    for client in (anonymous, member_client, leader_client):
        assert client.get("/bench/baseline/").status_code == 404


def test_the_baseline_page_answers_with_one_query_when_the_bench_is_on(
    anonymous, settings, django_assert_num_queries
):
    settings.BENCH = True
    with django_assert_num_queries(1):  # SELECT 1
        response = anonymous.get("/bench/baseline/")
    assert response.status_code == 200
    assert b"1" in response.content


def test_the_forwarded_address_is_ignored_without_the_bench_setting():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="10.1.2.3", REMOTE_ADDR="127.0.0.1")
    assert ratelimit.client_address(request) == "127.0.0.1"


def test_the_bench_setting_trusts_the_forwarded_address(settings):
    settings.BENCH = True
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="10.1.2.3", REMOTE_ADDR="127.0.0.1")
    assert ratelimit.client_address(request) == "10.1.2.3"
