"""The finance app's periodic reminder as a background task, registered with
``cjs.reminders`` from ``apps.py``."""

from __future__ import annotations

from django_tasks import task

from finance import actions


@task()
def invoices_overdue() -> int:
    return actions.invoices_overdue_remind()


PERIODIC = {"invoices_overdue": invoices_overdue}
