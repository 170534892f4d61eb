"""Periodic reminders: each app registers its own, the scheduler enqueues them on time.

An app registers a task from its ``AppConfig.ready()``:
``cjs.reminders.register("hours_to_log", services.tasks.hours_to_log)``; ``settings.
REMINDER_SCHEDULE`` says when each runs (cron syntax, in the site's time zone).
``manage.py run_scheduler`` calls ``tick`` every minute; ``tick(since, now)`` enqueues every
reminder whose time came in ``(since, now]``, so a test runs the schedule against any clock.

A reminder records what it sent with ``once(kind, key)`` inside its transaction: running it
twice, or two schedulers at once, never sends the same reminder twice. ``not_sent`` leaves out
of a queryset what already went, so a reminder reads only what is left to send.
"""

from __future__ import annotations

import datetime as dt

from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from cjs.models import SentReminder

_REMINDERS: dict = {}


def register(name: str, reminder_task) -> None:
    """``reminder_task`` is a ``django_tasks`` task taking no argument."""
    _REMINDERS[name] = reminder_task


def registered() -> dict:
    return dict(_REMINDERS)


def trigger(cron: str) -> CronTrigger:
    return CronTrigger.from_crontab(cron, timezone=timezone.get_default_timezone())


def due(schedule: dict[str, str], *, since: dt.datetime, now: dt.datetime) -> list[str]:
    """The names whose cron time falls in ``(since, now]``."""
    after = since + dt.timedelta(seconds=1)  # cron times are whole minutes: `since` is past
    names = []
    for name, cron in schedule.items():
        fire = trigger(cron).get_next_fire_time(None, after)
        if fire is not None and fire <= now:
            names.append(name)
    return names


def tick(*, since: dt.datetime, now: dt.datetime) -> list[str]:
    """Enqueue the registered reminders due in ``(since, now]``; return their names."""
    schedule = {name: settings.REMINDER_SCHEDULE[name] for name in _REMINDERS}
    names = due(schedule, since=since, now=now)
    for name in names:
        _REMINDERS[name].enqueue()
    return names


def once(kind: str, key: str) -> bool:
    """Record that reminder ``kind`` about ``key`` is sent; False when it already was.
    Call it inside the transaction that sends, so a rollback forgets it too."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(kind=kind, key=key)
    except IntegrityError:
        return False
    return True


def key(prefix: str, pk: int) -> str:
    return f"{prefix}:{pk}"


def not_sent(queryset: QuerySet, kind: str, prefix: str) -> QuerySet:
    """``queryset`` without its rows whose reminder ``kind`` went out (``key(prefix, pk)``)."""
    sent = SentReminder.objects.filter(
        kind=kind,
        key=Concat(Value(f"{prefix}:"), Cast(OuterRef("pk"), CharField())),
    )
    return queryset.exclude(Exists(sent))
