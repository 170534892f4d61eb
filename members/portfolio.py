"""What a portfolio entry may be linked to beyond skills, roles and committees: the jobs and
meetings of the other apps.

An app offers its objects with ``register_activity_source(ActivitySource(...))`` from its
``AppConfig.ready()``, for example the services app::

    register_activity_source(ActivitySource(
        model="services.Job",
        label=_("Job"),
        choices=lambda user, season: Job.objects.filter(season=season, team=user),
    ))

The portfolio form then offers, grouped by source, the objects ``choices`` returns for the
member, and accepts no other. Stored as a generic relation (``PortfolioEntry.activity``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise

from cjs.http import parse_id


@dataclass(frozen=True)
class ActivitySource:
    model: str  # "app_label.ModelName"
    label: str | Promise
    choices: Callable[[Any, Any], models.QuerySet]  # (user, season) -> the objects to offer


_SOURCES: dict[str, ActivitySource] = {}


def register_activity_source(source: ActivitySource) -> None:
    _SOURCES[source.model.lower()] = source


def unregister_activity_source(model: str) -> None:
    _SOURCES.pop(model.lower(), None)


def activity_choices(user, season) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(source label, [(value, object label), ...]), ...]`` for a grouped select."""
    groups = []
    for key, source in _SOURCES.items():
        options = [(f"{key}:{obj.pk}", str(obj)) for obj in source.choices(user, season)]
        if options:
            groups.append((str(source.label), options))
    return groups


def resolve_activity(value: str, user, season) -> models.Model | None:
    """The object ``value`` ("app_label.model:pk") names, if its source offers it to
    ``user``; ``None`` otherwise."""
    key, _sep, pk = value.rpartition(":")
    source = _SOURCES.get(key)
    pk_number = parse_id(pk)
    if source is None or pk_number is None:
        return None
    return source.choices(user, season).filter(pk=pk_number).first()
