"""Everything the cooperative holds about one person (RGPD: right of access), and the hooks of
the erasure and the retention that the apps above fill.

A person's data lives in every app (hours in services, votes in governance, invoices in
finance), and members must not import them. So each app registers, from its
``AppConfig.ready()``:

- ``register_member_source(source)``: ``source(user) -> [Section, ...]`` (a fixed number of
  queries, whatever the data);
- ``register_member_eraser(eraser)``: ``eraser(user, names)`` scrubs the member's ``names``
  from its free texts when the member is erased (the rows stay: hours, votes, totals);
- ``register_retention(step)``: ``step(now, dry_run) -> [line, ...]`` (see
  ``members.retention``).

``Section`` and ``PersonalData`` are plain data: the JSON download and the readable page show
the same thing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone


@dataclass(frozen=True)
class Section:
    """One kind of record about the person: ``columns`` is ``[(key, label), ...]``, ``rows``
    dicts keyed the same way (the JSON uses the keys, the page the labels)."""

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]]

    @property
    def table(self) -> list[list[Any]]:
        return [[row.get(key) for key, _label in self.columns] for row in self.rows]


@dataclass(frozen=True)
class PersonalData:
    subject: str
    sections: list[Section]
    notes: list[str] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=timezone.now)

    def as_json(self) -> str:
        return json.dumps(
            {
                "subject": self.subject,
                "generated_at": self.generated_at,
                "notes": [str(note) for note in self.notes],
                "sections": {section.key: section.rows for section in self.sections},
            },
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=2,
        )


def section(key: str, title: str, columns: Iterable[tuple[str, str]], rows: Iterable) -> Section:
    """A section whose rows are read from objects or dicts by the column keys (``"a__b"``
    follows attributes: ``"job__date"``)."""
    columns = [(name, str(label)) for name, label in columns]
    return Section(
        key=key,
        title=str(title),
        columns=columns,
        rows=[{name: _read(row, name) for name, _label in columns} for row in rows],
    )


def _read(row: Any, path: str) -> Any:
    value = row
    for part in path.split("__"):
        if value is None:
            return None
        if isinstance(value, dict):
            value = value.get(part)
        elif hasattr(value, f"get_{part}_display"):  # a field with choices: its label
            value = getattr(value, f"get_{part}_display")()
        else:
            value = getattr(value, part)
    if callable(value):
        value = value()
    if value is None or isinstance(value, _PLAIN):
        return value
    return str(value)  # a related object, a lazy translation: as people read it


# What the JSON encoder and the page's template show as they are (money stays a Decimal).
_PLAIN = (str, int, float, bool, dt.date, dt.time, dt.datetime, Decimal)


MemberSource = Callable[[Any], list[Section]]
MemberEraser = Callable[[Any, list[str]], None]
RetentionStep = Callable[[dt.datetime, bool], list[str]]

_member_sources: list[MemberSource] = []
_member_erasers: list[MemberEraser] = []
_retention_steps: list[RetentionStep] = []


def register_member_source(source: MemberSource) -> None:
    if source not in _member_sources:
        _member_sources.append(source)


def register_member_eraser(eraser: MemberEraser) -> None:
    if eraser not in _member_erasers:
        _member_erasers.append(eraser)


def register_retention(step: RetentionStep) -> None:
    if step not in _retention_steps:
        _retention_steps.append(step)


def member_sources() -> list[MemberSource]:
    return list(_member_sources)


def member_erasers() -> list[MemberEraser]:
    return list(_member_erasers)


def retention_steps() -> list[RetentionStep]:
    return list(_retention_steps)
