"""The services app's periodic reminders as background tasks (``django_tasks``), registered
with ``cjs.reminders`` from ``apps.py`` and enqueued on ``settings.REMINDER_SCHEDULE``."""

from __future__ import annotations

from django_tasks import task

from services import actions


@task()
def job_reminders() -> int:
    return actions.job_reminders_send()


@task()
def satisfaction_reminders() -> int:
    return actions.satisfaction_reminders_send()


@task()
def hours_to_log() -> int:
    return actions.hours_to_log_remind()


@task()
def claims_waiting() -> int:
    return actions.claims_waiting_remind()


@task()
def jobs_understaffed() -> int:
    return actions.jobs_understaffed_remind()


@task()
def quotes_lapsing() -> int:
    return actions.quotes_lapsing_remind()


PERIODIC = {
    "job_reminders": job_reminders,
    "satisfaction_reminders": satisfaction_reminders,
    "hours_to_log": hours_to_log,
    "claims_waiting": claims_waiting,
    "jobs_understaffed": jobs_understaffed,
    "quotes_lapsing": quotes_lapsing,
}
