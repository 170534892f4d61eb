"""What the members' pages show of the work recorded by other apps: the hours a member
worked (directory), the jobs on their attestation and the hours behind each skill.

Members must not depend on the apps above it, so the app that records the work (services)
registers how to read it from its ``AppConfig.ready()``::

    register_work_records(WorkRecords(hours_subquery=..., attestation_jobs=...))

Without one registered, the pages show no hours and no jobs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Value

ZERO = Decimal("0")


@dataclass(frozen=True)
class WorkRecords:
    # (season or None) -> an annotation of a user queryset: the hours validated in the season
    hours_subquery: Callable[[Any], Any]
    # (member, season, last day) -> {"services": [{"name", "jobs", "hours"}], "jobs", "hours"}
    attestation_jobs: Callable[[Any, Any, dt.date], dict]
    # (season, last day) -> an annotation of a member skill queryset: the hours validated on
    # the season's jobs that needed the skill
    skill_hours_subquery: Callable[[Any, dt.date], Any] | None = None


_RECORDS: list[WorkRecords] = []


def register_work_records(records: WorkRecords) -> None:
    _RECORDS[:] = [records]


def hours_worked(season) -> Any:
    """An annotation of a user queryset: each user's validated hours in ``season``."""
    if not _RECORDS:
        return Value(ZERO, output_field=models.DecimalField(max_digits=12, decimal_places=2))
    return _RECORDS[0].hours_subquery(season)


def skill_hours(season, last_day: dt.date) -> Any:
    """An annotation of a ``MemberSkill`` queryset: the hours validated in ``season`` up to
    ``last_day`` on jobs that needed the skill."""
    if not _RECORDS or _RECORDS[0].skill_hours_subquery is None:
        return Value(ZERO, output_field=models.DecimalField(max_digits=12, decimal_places=2))
    return _RECORDS[0].skill_hours_subquery(season, last_day)


def jobs_worked(member, season, last_day: dt.date) -> dict:
    """The jobs ``member`` worked in ``season`` up to ``last_day``, per service."""
    if not _RECORDS:
        return {"services": [], "jobs": 0, "hours": ZERO}
    return _RECORDS[0].attestation_jobs(member, season, last_day)
