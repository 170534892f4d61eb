"""``python manage.py seed_demo [--scale N] [--archived-seasons N] [--if-empty]``:
a realistic French season.

Each app registers its part (its ``demo.seed``) with ``cjs.demo`` from its ``AppConfig.ready()``;
they run in order, in one transaction, and each does nothing when its data is already there,
so a second run changes nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cjs import demo
from members.demo import seed_archived_seasons
from members.models import User


class Command(BaseCommand):
    help = "Load the demo cooperative (idempotent). --scale N multiplies the volume."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="multiply the volume (>= 1)")
        parser.add_argument(
            "--archived-seasons",
            type=int,
            default=1,
            help="past summers in the archive (>= 1): a long-lived cooperative for the benchmark",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already has users (used by `make run`)",
        )

    def handle(self, *args, scale: int, archived_seasons: int, if_empty: bool, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if archived_seasons < 1:
            raise CommandError("--archived-seasons must be 1 or more.")
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has data: demo not loaded.")
            return
        with transaction.atomic():
            for seed in demo.seeders():
                seed(scale=scale, stdout=self.stdout)
            seed_archived_seasons(archived_seasons, scale=scale, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo ready. Log in as leader1 or member01 with the password 'cooperative'."
            )
        )
