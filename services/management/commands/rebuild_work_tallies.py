"""``python manage.py rebuild_work_tallies [--season ID ...]``: recompute the members' working
time per season (``services.models.WorkTally``) from their claims, jobs and hours. The app
keeps it as it writes; this is for data changed behind its back (SQL by hand, a restore), and
may run while the app serves (each member's row is recomputed as the app's writes do)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from members.models import Season
from services.actions import tally_rebuild


class Command(BaseCommand):
    help = "Recompute the members' working time per season from their claims and hours."

    def add_arguments(self, parser):
        parser.add_argument(
            "--season", type=int, action="append", help="a season's id (default: every season)"
        )

    def handle(self, *args, **options):
        seasons = options["season"] or Season.objects.values_list("pk", flat=True)
        written = tally_rebuild(season_ids=seasons)
        self.stdout.write(f"{written} working time row(s) written.")
