"""``python manage.py backup FILE``: the whole database in one file (``make backup``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from cjs import backup


class Command(BaseCommand):
    help = "Back the database up into FILE (SQLite: online backup; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file: Path, database: str, **options):
        connection = connections[database]
        source = None
        if backup.engine_of(connection.settings_dict) == "sqlite":
            connection.ensure_connection()
            source = connection.connection
        backup.backup(connection.settings_dict, file, sqlite_source=source)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {file}."))
