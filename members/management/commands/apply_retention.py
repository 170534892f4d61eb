"""``python manage.py apply_retention [--dry-run]``: forget what the retention periods say
(see ``members.retention``; the scheduler runs it daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from members.retention import apply_retention


class Command(BaseCommand):
    help = "Apply the RGPD retention periods (--dry-run: print what would be forgotten)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="change nothing, only print")

    def handle(self, *args, dry_run: bool, **options):
        lines = apply_retention(dry_run=dry_run)
        prefix = "[dry run] " if dry_run else ""
        for line in lines:
            self.stdout.write(f"{prefix}{line}")
        self.stdout.write(f"{prefix}{len(lines)} record(s) concerned.")
