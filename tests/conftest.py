"""Personas and shared fixtures.

Personas: ``anonymous``, ``member``, ``other_member``, ``leader`` (users), with logged-in
clients ``member_client``, ``other_member_client`` and ``leader_client``. ``season`` is the
current season; the personas who are members are enrolled in it.
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.template import loader
from django.test import Client
from django.utils import timezone, translation

from cjs import ratelimit
from cjs.templatetags import cjs_tags
from members.models import Season
from services.models import WorkTally
from services.queries import work_sums
from services.views.public import RATE_WINDOW
from tests.factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    LeaderFactory,
    MemberFactory,
    PermissionGrantFactory,
    SeasonFactory,
)


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are skipped on SQLite, never on PostgreSQL. SQLite-only tests
    (they read SQLite's own storage: rowids, pragmas) are left out of a PostgreSQL run, which
    has its own versions of them; CI runs the suite on both, so each runs once."""
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        sqlite_only = [item for item in items if "sqlite" in item.keywords]
        if sqlite_only:
            config.hook.pytest_deselected(items=sqlite_only)
            items[:] = [item for item in items if "sqlite" not in item.keywords]
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _french_after_each_test():
    """A request in English leaves English active in the test's thread (the language
    middleware activates it and nothing resets it): the next test starts in French again."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


# The fixtures a test reaches the database through (with their dependants, in
# ``request.fixturenames``), besides the ``django_db`` mark.
_DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_reset_sequences"})


@pytest.fixture(autouse=True)
def _work_tallies_kept(request):
    """After every test that used the database, each member's working time per season
    (``WorkTally``) is what their claims, jobs and hours say (``work_sums``): whatever the
    test wrote them with (actions, views, factories, the back office), the suite checks the
    receivers and the bulk writes kept it. Set up after the database fixtures, so checked
    before they roll the test back."""
    uses_database = request.node.get_closest_marker(
        "django_db"
    ) or not _DATABASE_FIXTURES.isdisjoint(request.fixturenames)
    if not uses_database:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    if connection.needs_rollback:
        return  # the test ended on a refused write: its transaction reads nothing more
    expected = {
        (season, member): (worked or 0, logged or 0, planned or 0)
        for season in Season.objects.values_list("pk", flat=True)
        for member, worked, logged, planned in work_sums(season)
    }
    kept = {
        (row.season_id, row.member_id): (row.worked, row.logged, row.planned)
        for row in WorkTally.objects.all()
    }
    zero = (0, 0, 0)
    wrong = {
        key: (kept.get(key, zero), expected.get(key, zero))
        for key in expected.keys() | kept.keys()
        if _tally_sums(kept.get(key, zero)) != _tally_sums(expected.get(key, zero))
    }
    assert not wrong, (
        f"WorkTally out of step for {len(wrong)} (season, member), e.g. (kept, facts): "
        f"{dict(list(wrong.items())[:3])}"
    )


def _tally_sums(sums) -> tuple:
    """Sums as one database or the other answers them (SQLite: floats), to the cent."""
    worked, logged, planned = sums
    return (round(float(worked), 2), round(float(logged), 2), int(planned))


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def season(db):
    return SeasonFactory()


@pytest.fixture
def anonymous(client) -> Client:
    return client


@pytest.fixture
def leader(db):
    return LeaderFactory(first_name="Camille", last_name="Rousseau")


@pytest.fixture
def member(season):
    user = MemberFactory(first_name="Léa", last_name="Martin")
    EnrolmentFactory(season=season, user=user)
    return user


@pytest.fixture
def other_member(season):
    user = MemberFactory(first_name="Hugo", last_name="Bernard")
    EnrolmentFactory(season=season, user=user)
    return user


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leader_client(leader) -> Client:
    return _client_for(leader)


@pytest.fixture
def member_client(member) -> Client:
    return _client_for(member)


@pytest.fixture
def other_member_client(other_member) -> Client:
    return _client_for(other_member)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CJS_NO_SKIPS=1 (CI on PostgreSQL) a skipped test is a failure: the PostgreSQL-only
    tests must really run there."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CJS_NO_SKIPS") == "1" and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped while CJS_NO_SKIPS=1: {report.longrepr}"


# Nothing listens on port 1: every cache call fails as when Redis is down.
DEAD_REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
}


@pytest.fixture
def redis_down(settings):
    """The shared cache (Redis) is down for this test."""
    settings.CACHES = {**settings.CACHES, "default": DEAD_REDIS}


@pytest.fixture
def delegate(season):
    """``delegate(code)``: a member sitting on a committee that holds capability ``code``."""

    def make(code: str):
        committee = CommitteeFactory()
        PermissionGrantFactory(capability=code, committee=committee)
        user = MemberFactory()
        EnrolmentFactory(season=season, user=user)
        CommitteeMembershipFactory(season=season, committee=committee, user=user)
        return user

    return make


@pytest.fixture
def delegate_client(delegate):
    """``delegate_client(code)``: a logged-in client of such a member."""

    def make(code: str) -> Client:
        client = Client()
        client.force_login(delegate(code))
        return client

    return make


@pytest.fixture(autouse=True)
def _own_rate_limit_keys(monkeypatch):
    """Each test counts the rate limits (request form, login, password reset) on keys of
    its own: the cache may be a Redis shared with other runs (REDIS_URL), whose counts would
    otherwise carry over from one run to the next. The form's keys are removed afterwards;
    the others expire with their window."""
    prefix = f"test-ratelimit-{uuid.uuid4().hex}"
    monkeypatch.setattr(ratelimit, "KEY_PREFIX", prefix)
    yield
    if not ratelimit.cache_is_up():
        return  # a test took the cache down: it holds nothing of this test's to clean
    now = timezone.now().timestamp()
    cache.delete_many(
        [
            ratelimit.cache_key("request-form", "127.0.0.1", RATE_WINDOW, now=moment)
            for moment in (now, now - RATE_WINDOW)
        ]
    )


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The names of the templates the shared fragments render, from an empty cache."""
    names = []
    real = loader.get_template

    def counting(name, *args, **kwargs):
        names.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(cjs_tags, "get_template", counting)
    cjs_tags._shared_fragment.cache_clear()
    return names
