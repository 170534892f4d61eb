"""What the leaders' history page reads: the audit trail that django-simple-history keeps for
every tracked model (each app marks its own with ``history = HistoricalRecords()``), and the
security log of django-axes (failed logins, lock-outs).

The trail is one table per tracked model. A page of it is read in a constant number of
queries whatever the trail's length: one ``UNION ALL`` over the tables gives the page's
(table, row) pairs in date order, then two queries per kind of record on the page load those
rows with their authors and the rows they follow (for the old → new values). No secret ballot
is tracked: only the rounds (opened, closed), never a paper nor its counters.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import registered_models

from members.models import User

PAGE_SIZE = 50
SECURITY_LOG_SIZE = 50

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class Kind:
    """A kind of record the trail keeps: ``members.memberprofile``, ``finance.invoice``..."""

    key: str
    model: type[models.Model]

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name).capitalize()

    @property
    def history(self) -> type[models.Model]:
        return getattr(self.model, self.model._meta.simple_history_manager_attribute).model


def tracked_kinds() -> dict[str, Kind]:
    """Every kind of record with a history, by key, in the order of their labels."""
    kinds = [
        Kind(key=model._meta.label_lower, model=model)
        for model in registered_models.values()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]
    return {kind.key: kind for kind in sorted(kinds, key=lambda k: k.label)}


@dataclass(frozen=True)
class AuditFilters:
    kind: str = ""
    changed_by: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    record: int | None = None


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class Entry:
    """One line of the trail: who did what to which record, when, with the values changed."""

    kind: Kind
    record_id: int
    action: str
    at: dt.datetime
    by: object
    reason: str
    changes: list[Change] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return str(ACTIONS.get(self.action, self.action))


def _filtered(kind: Kind, filters: AuditFilters) -> models.QuerySet:
    rows = kind.history.objects.order_by()  # no ordering inside the UNION
    if filters.changed_by is not None:
        rows = rows.filter(history_user_id=filters.changed_by)
    if filters.since is not None:
        rows = rows.filter(history_date__gte=_day_start(filters.since))
    if filters.until is not None:
        rows = rows.filter(history_date__lt=_day_start(filters.until + dt.timedelta(days=1)))
    if filters.record is not None:
        rows = rows.filter(id=filters.record)
    return rows.annotate(audit_kind=Value(kind.key, output_field=models.CharField())).values_list(
        "history_id", "history_date", "audit_kind"
    )


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_page(filters: AuditFilters, number: int | str | None) -> tuple[Page, list[Entry]]:
    """The page ``number`` of the trail, newest first, and its entries with their changes."""
    kinds = tracked_kinds()
    chosen = [kinds[filters.kind]] if filters.kind in kinds else list(kinds.values())
    first, *rest = (_filtered(kind, filters) for kind in chosen)
    trail = first.union(*rest, all=True) if rest else first
    paginator = Paginator(trail.order_by("-history_date", "-history_id"), PAGE_SIZE)
    page = paginator.get_page(number)
    return page, _entries(list(page.object_list), kinds)


def _entries(rows: list[tuple], kinds: dict[str, Kind]) -> list[Entry]:
    ids_by_kind: dict[str, list[int]] = defaultdict(list)
    for history_id, _at, key in rows:
        ids_by_kind[key].append(history_id)
    loaded = {}
    for key, ids in ids_by_kind.items():
        for history_id, entry in _load(kinds[key], ids).items():
            loaded[(key, history_id)] = entry
    entries = [loaded[(key, history_id)] for history_id, _at, key in rows]
    _name_people(entries)
    return entries


@dataclass(frozen=True)
class Related:
    """A related record's number, until it is named (people are, in one query a page)."""

    model: type[models.Model]
    pk: int

    def __str__(self) -> str:
        return f"#{self.pk}"


def _name_people(entries: list[Entry]) -> None:
    """Replace the numbers of the people a change names (member, decided by...) by their
    names, in one query for the page."""
    wanted = {
        value.pk
        for entry in entries
        for change in entry.changes
        for value in (change.old, change.new)
        if isinstance(value, Related) and value.model is User
    }
    if not wanted:
        return
    people = User.objects.in_bulk(wanted)
    for entry in entries:
        for change in entry.changes:
            change.old = _named(change.old, people)
            change.new = _named(change.new, people)


def _named(value, people: dict):
    if isinstance(value, Related) and value.model is User and value.pk in people:
        return people[value.pk]
    return value


def _load(kind: Kind, ids: list[int]) -> dict[int, Entry]:
    """The rows ``ids`` of one kind's trail as entries (two queries: the rows with their
    authors and the id of the row each follows, then those earlier rows)."""
    history = kind.history
    earlier = (
        history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = list(
        history.objects.filter(history_id__in=ids)
        .select_related("history_user")
        .annotate(previous_id=Subquery(earlier))
    )
    previous = history.objects.in_bulk([row.previous_id for row in rows if row.previous_id])
    return {
        row.history_id: Entry(
            kind=kind,
            record_id=row.id,
            action=row.history_type,
            at=row.history_date,
            by=row.history_user,
            reason=row.history_change_reason or "",
            changes=_changes(kind, row, previous.get(row.previous_id)),
        )
        for row in rows
    }


def _changes(kind: Kind, row, before) -> list[Change]:
    if row.history_type == "-":
        return []
    if before is None:
        fields = [f for f in row.tracked_fields if f.editable]
        return [
            Change(field=_label(f), old=None, new=_shown(f, getattr(row, f.attname)))
            for f in fields
            if getattr(row, f.attname) not in (None, "", False)
        ]
    delta = row.diff_against(before)
    changes = []
    for change in delta.changes:
        model_field = kind.model._meta.get_field(change.field)
        changes.append(
            Change(
                field=_label(model_field),
                old=_shown(model_field, change.old),
                new=_shown(model_field, change.new),
            )
        )
    return changes


def _label(model_field) -> str:
    return str(getattr(model_field, "verbose_name", model_field.name)).capitalize()


def _shown(model_field, value):
    """A value as a leader reads it: a choice's label, a related record's number."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    choices = dict(getattr(model_field, "flatchoices", None) or ())
    if isinstance(value, Hashable) and value in choices:  # a JSON field's value is a dict
        return choices[value]
    if isinstance(model_field, models.ForeignKey):
        return Related(model=model_field.related_model, pk=value)
    return value


# --- Security log (django-axes) -------------------------------------------------------------


def locked_out_attempts() -> list[AccessAttempt]:
    """The username-and-address pairs locked out now (within the cool-off time)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return list(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        ).order_by("-attempt_time")
    )


def security_events() -> list[AccessFailureLog]:
    """The latest failed logins, lock-outs marked."""
    return list(AccessFailureLog.objects.order_by("-attempt_time")[:SECURITY_LOG_SIZE])
