"""``python manage.py send_job_reminders``: remind each member on a team the day before the
job. The scheduler runs it (``services/tasks.py``); this runs it by hand. Each reminder is
recorded and goes out once."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from services.actions import job_reminders_send


class Command(BaseCommand):
    help = "Remind the members on a team, the day before, of their job (safe to run hourly)."

    def handle(self, *args, **options):
        sent = job_reminders_send()
        self.stdout.write(f"{sent} job reminder(s) sent.")
