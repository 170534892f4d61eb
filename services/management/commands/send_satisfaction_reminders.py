"""``python manage.py send_satisfaction_reminders``: remind once the residents who have not
filled in the satisfaction form a few days after the work. The scheduler runs it
(``services/tasks.py``); this runs it by hand."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from services.actions import satisfaction_reminders_send


class Command(BaseCommand):
    help = "Remind residents, once, to fill in the satisfaction form (safe to run hourly)."

    def handle(self, *args, **options):
        sent = satisfaction_reminders_send()
        self.stdout.write(f"{sent} satisfaction reminder(s) sent.")
