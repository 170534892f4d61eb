"""Backups: one file holding the whole database, and its restore.

SQLite goes through its online backup API (a consistent copy taken page by page while the site
keeps serving); PostgreSQL through ``pg_dump``/``pg_restore`` in the custom format (a consistent
snapshot, restored with its sequences). The functions take a database's settings dict, so the
commands (``manage.py backup``/``restore``) and the tests restore into any database.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

SettingsDict = dict[str, Any]


def engine_of(settings_dict: SettingsDict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith(("postgresql", "postgis")):
        return "postgresql"
    raise CommandError(f"No backup for the database engine {engine}.")


def backup(settings_dict: SettingsDict, target: Path, sqlite_source=None) -> None:
    """Write the database to ``target``. ``sqlite_source``: an open ``sqlite3`` connection to
    copy from (Django's own, when the database lives only in memory, as in the tests)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if engine_of(settings_dict) == "sqlite":
        source = sqlite_source or sqlite3.connect(settings_dict["NAME"])
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
        return
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}"], settings_dict)


def restore(settings_dict: SettingsDict, source: Path, sqlite_target=None) -> None:
    """Replace the database's content by the backup ``source``."""
    source = Path(source)
    if not source.is_file():
        raise CommandError(f"No backup file at {source}.")
    if engine_of(settings_dict) == "sqlite":
        target = sqlite_target or sqlite3.connect(settings_dict["NAME"])
        with sqlite3.connect(source) as saved:
            saved.backup(target)
        saved.close()
        return
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={settings_dict['NAME']}",
            str(source),
        ],
        settings_dict,
    )


def _run(command: list[str], settings_dict: SettingsDict) -> None:
    """Run a PostgreSQL client with the database's address in libpq's variables (the password
    never appears in the process list)."""
    env = {**os.environ}
    for variable, key in (
        ("PGDATABASE", "NAME"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    try:
        # A fixed program and our own arguments: no shell, nothing from a visitor.
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise CommandError(
            f"{command[0]} is missing: install the PostgreSQL client (apt-get install "
            "postgresql-client)."
        ) from error
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")
