"""The governance app's periodic reminder as a background task, registered with
``cjs.reminders`` from ``apps.py``."""

from __future__ import annotations

from django_tasks import task

from governance import actions


@task()
def consultations_closing() -> int:
    return actions.consultations_closing_remind()


PERIODIC = {"consultations_closing": consultations_closing}
