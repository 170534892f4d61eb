"""``python manage.py restore FILE``: put a backup back (``make restore FILE=...``).

It replaces the database's content: stop the site first, and restore into an empty database
(or the one the backup came from) of the same schema version.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from cjs import backup


class Command(BaseCommand):
    help = "Replace the database's content by the backup FILE made with `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (scripts, make)"
        )

    def handle(self, *args, file: Path, database: str, yes: bool, **options):
        connection = connections[database]
        if not yes and options.get("interactive", True):
            answer = input(f"Replace the content of the database '{database}' by {file}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes", "o", "oui"}:
                raise CommandError("Restore cancelled.")
        target = None
        if backup.engine_of(connection.settings_dict) == "sqlite":
            connection.ensure_connection()
            target = connection.connection
        else:
            connection.close()  # pg_restore drops the tables: hold no lock on them
        backup.restore(connection.settings_dict, file, sqlite_target=target)
        self.stdout.write(self.style.SUCCESS(f"Database restored from {file}."))
