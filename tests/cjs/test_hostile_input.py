"""Hostile input on every form: whatever a visitor posts (empty, huge, unicode, NUL bytes,
HTML/JS, SQL-looking, absurd numbers and dates, missing or extra fields), no page answers
with a server error, a refused submission writes no row, and user text comes back escaped.

The demo cooperative (``seed_demo``) plus a meeting in progress and a draft invoice is loaded
once for the module; each generated submission runs in a savepoint rolled back afterwards, so
every example starts from the same world. ``test_every_post_view_is_fuzzed`` walks the URLconf:
a new view that accepts POST fails it until it is added to ``TARGETS`` (or, with a reason, to
``NOT_FORMS``). ``CJS_FUZZ_EXAMPLES=200`` runs a deeper search than the default.
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjs import ratelimit
from tests.cjs.fuzz_targets import TARGETS
from tests.cjs.fuzz_world import World, build_extra_world
from tests.cjs.hostile import (
    fields_in_source,
    fields_on_page,
    hostile_posts,
    is_form_error,
    post_endpoints,
    posted_markup,
    row_counts,
)

EXAMPLES = int(os.environ.get("CJS_FUZZ_EXAMPLES", "5"))
# The suite's run draws the same examples every time (a CI run is reproducible: a failure is
# a bug in the change, not the luck of the draw); a deeper search draws new ones each run.
DERANDOMIZE = "CJS_FUZZ_EXAMPLES" not in os.environ

# Views that accept POST but read nothing a visitor types.
NOT_FORMS: dict[str, str] = {}


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo loaded once, inside a transaction rolled back when the module is done (each
    test's own transaction is a savepoint within it)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
            build_extra_world()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_every_post_view_is_fuzzed():
    missing = set(post_endpoints()) - set(TARGETS) - set(NOT_FORMS)
    assert not missing, f"add these POST views to the fuzzing TARGETS: {sorted(missing)}"
    stale = (set(TARGETS) | set(NOT_FORMS)) - set(post_endpoints())
    assert not stale, f"these fuzzing targets no longer exist: {sorted(stale)}"


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _fields(client: Client, name: str, url: str, page: str | None):
    """The fields of the form that posts to ``url``: from the page that shows it, else from
    the view's source."""
    if page:
        response = client.get(page)
        if response.status_code == 200:
            found = fields_on_page(response.content.decode(), url, page)
            if found is not None:
                return found
    return fields_in_source(post_endpoints()[name].callback)


def _assert_escaped(content: bytes, data: dict, where: str) -> None:
    text = content.decode(errors="replace")
    for payload in posted_markup(data):
        assert payload not in text, f"{where} echoes {payload!r} unescaped"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_hostile_posts_never_fail_never_half_save_and_come_back_escaped(
    name, demo_world, db, monkeypatch
):
    target = TARGETS[name]
    world = World()
    user, kwargs = target.resolve(world)
    client = _client(user)
    if target.prepare:
        target.prepare(client, kwargs)
    url = reverse(name, kwargs=kwargs)
    page = target.page_url(world, kwargs, url, post_endpoints()[name])
    fields = _fields(client, name, url, page)
    for key, value in target.extra_fields.items():
        fields.setdefault(key, value)

    @settings(
        max_examples=EXAMPLES,
        derandomize=DERANDOMIZE,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=hostile_posts(fields), htmx=st.booleans())
    def submit(data, htmx):
        # Fresh rate-limit counters: the limits would otherwise answer every later example.
        monkeypatch.setattr(ratelimit, "KEY_PREFIX", f"fuzz-{uuid.uuid4().hex}")
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        with transaction.atomic():
            before = row_counts()
            response = client.post(url, data, **headers)
            assert response.status_code < 500, f"{name} answered {response.status_code}"
            if is_form_error(response) or response.status_code >= 400:
                changed = {
                    table: (count, after)
                    for (table, count), after in zip(
                        before.items(), row_counts().values(), strict=True
                    )
                    if count != after
                }
                assert not changed, f"{name} refused the form but wrote rows: {changed}"
            _assert_escaped(response.content, data, name)
            location = response.get("Location") or response.get("HX-Redirect") or ""
            if response.status_code in {301, 302, 303} and location.startswith("/"):
                landing = client.get(location)
                assert landing.status_code < 500, f"{location} answered {landing.status_code}"
                _assert_escaped(landing.content, data, location)
            transaction.set_rollback(True)

    submit()
