"""Signal receivers of the governance app."""

from __future__ import annotations

from django.db.backends.signals import connection_created
from django.dispatch import receiver


@receiver(connection_created, dispatch_uid="governance_sqlite_secure_delete")
def sqlite_secure_delete(sender, connection, **kwargs) -> None:
    """SQLite leaves deleted and overwritten records in the free space of its pages, where a
    copy of the file would show the earlier counts of a secret ballot: zero them instead."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
