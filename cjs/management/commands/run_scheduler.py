"""``python manage.py run_scheduler``: enqueue the periodic reminders on their schedule
(``settings.REMINDER_SCHEDULE``) for the task worker (``manage.py db_worker``) to run.

Run exactly one scheduler per site. A reminder whose time passed while the scheduler was
stopped is not caught up; the next run of that reminder sends whatever is still due, since
every reminder looks at the data, not at the clock of its last run.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from cjs import reminders


def now():
    """The scheduler's clock (a test moves it)."""
    return timezone.now()


class Command(BaseCommand):
    help = "Enqueue the periodic reminders on their schedule (one scheduler per site)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Seconds between two ticks."
        )

    def handle(self, *args, interval: float, **options):
        names = ", ".join(sorted(reminders.registered()))
        self.stdout.write(f"Scheduler started: {names}.")
        since = now()
        try:
            while True:
                time.sleep(interval)
                current = now()
                for name in reminders.tick(since=since, now=current):
                    local = timezone.localtime(current)
                    self.stdout.write(f"{local:%Y-%m-%d %H:%M} enqueued {name}")
                since = current
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")
