"""``manage.py backup`` / ``restore``: a backup restored into an empty database gives the
same rows, table by table, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from decimal import Decimal

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cjs import backup
from members.models import User
from tests.factories import (
    DraftInvoiceFactory,
    EnrolmentFactory,
    LeaderFactory,
    MemberProfileFactory,
    QuoteFactory,
    SeasonFactory,
    TimesheetFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _some_data() -> None:
    season = SeasonFactory()
    LeaderFactory(first_name="Camille")
    for sheet in TimesheetFactory.create_batch(2, claim__job__request__season=season):
        EnrolmentFactory(season=season, user=sheet.claim.member)
    MemberProfileFactory(date_of_birth=dt.date(2009, 2, 28))
    QuoteFactory(request__season=season, amount=Decimal("72.50"))
    DraftInvoiceFactory(season=season, customer_name="Hélène Dupré", total=Decimal("10.01"))


def _comparable(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _rows(cursor, tables: list[str]) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order, with values compared by meaning."""
    content = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  (our own table names)
        rows = [tuple(_comparable(v) for v in row) for row in cursor.fetchall()]
        content[table] = sorted(rows, key=repr)
    return content


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def _source_rows() -> dict[str, list[tuple]]:
    with connection.cursor() as cursor:
        return _rows(cursor, _tables())


@pytest.fixture
def empty_database(tmp_path, on_postgres):
    """The settings of a new, empty database, and a function reading all its rows."""
    if not on_postgres:
        path = tmp_path / "empty.sqlite3"
        kinds = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES  # as Django reads them

        def read(tables):
            with sqlite3.connect(path, detect_types=kinds) as restored:
                return _rows(restored.cursor(), tables)

        yield {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}, read
        return
    name = f"cjs_restored_{uuid.uuid4().hex[:8]}"
    params = {k: v for k, v in connection.get_connection_params().items() if k in _LIBPQ}
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    settings_dict = {**connection.settings_dict, "NAME": name}

    def read(tables):
        with psycopg.connect(**{**params, "dbname": name}) as restored:
            return _rows(restored.cursor(), tables)

    yield settings_dict, read
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_LIBPQ = {"dbname", "user", "password", "host", "port"}


def test_a_backup_restored_into_an_empty_database_gives_the_same_rows(tmp_path, empty_database):
    _some_data()
    file = tmp_path / "cjs.backup"
    call_command("backup", str(file))
    settings_dict, read_restored = empty_database
    backup.restore(settings_dict, file)
    tables = _tables()
    expected = _source_rows()
    assert sum(len(rows) for rows in expected.values()) > 20
    assert read_restored(tables) == expected


def test_restore_puts_back_what_changed_since_the_backup(tmp_path):
    _some_data()
    file = tmp_path / "cjs.backup"
    call_command("backup", str(file))
    saved = _source_rows()
    User.objects.filter(first_name="Camille").update(first_name="Changed")
    LeaderFactory(username="after-the-backup")
    call_command("restore", str(file), yes=True)
    assert _source_rows() == saved
    assert not User.objects.filter(username="after-the-backup").exists()


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "nothing.backup"), yes=True)
