"""The members app's periodic job as a background task, registered with ``cjs.reminders``
from ``apps.py``: the retention rules (RGPD) run every night by themselves."""

from __future__ import annotations

from django_tasks import task

from members import retention


@task()
def apply_retention() -> int:
    """Forget what the retention periods say to forget; the number of people concerned."""
    return len(retention.apply_retention())


PERIODIC = {"retention": apply_retention}
