"""The reminders run on their schedule (settings.REMINDER_SCHEDULE), checked against a clock:
each tick enqueues the reminders whose time came since the last one, and the scheduler
command ticks on its own clock. No sleeping: the clock is moved by hand."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import default_task_backend
from django_tasks.signals import task_finished

from cjs import reminders
from cjs.management.commands import run_scheduler
from services.models import RequestStatus
from tests.factories import QuoteFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def at(hour: int, minute: int = 0, second: int = 0, *, day: dt.date | None = None):
    day = day or timezone.localdate()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute, second)))


def enqueued() -> list[str]:
    names = {task: name for name, task in reminders.registered().items()}
    return [names[result.task] for result in default_task_backend.results]


def test_every_reminder_is_registered_and_scheduled(settings):
    assert (
        set(reminders.registered())
        == set(settings.REMINDER_SCHEDULE)
        == {
            "job_reminders",
            "satisfaction_reminders",
            "hours_to_log",
            "claims_waiting",
            "jobs_understaffed",
            "consultations_closing",
            "quotes_lapsing",
            "invoices_overdue",
            "retention",
        }
    )


def test_the_retention_rules_run_every_night_by_themselves(settings):
    settings.TASKS = DUMMY
    assert reminders.tick(since=at(3, 44), now=at(3, 45)) == ["retention"]
    assert enqueued() == ["retention"]
    default_task_backend.clear()


def test_a_tick_enqueues_the_reminders_whose_time_came(settings):
    settings.TASKS = DUMMY
    assert reminders.tick(since=at(8, 59), now=at(9, 0)) == ["quotes_lapsing"]
    assert enqueued() == ["quotes_lapsing"]
    default_task_backend.clear()
    # The same minute again: nothing is due twice.
    assert reminders.tick(since=at(9, 0), now=at(9, 0, 30)) == []
    # Over an hour, the hourly reminders come in the order of the clock's passing.
    names = reminders.tick(since=at(9, 0), now=at(10, 0))
    assert sorted(names) == sorted(
        [
            "job_reminders",
            "satisfaction_reminders",
            "hours_to_log",
            "jobs_understaffed",
            "consultations_closing",
            "invoices_overdue",
        ]
    )
    assert sorted(enqueued()) == sorted(names)


def test_the_schedule_follows_the_settings(settings):
    settings.TASKS = DUMMY
    settings.REMINDER_SCHEDULE = {**settings.REMINDER_SCHEDULE, "hours_to_log": "0 18 * * *"}
    assert "hours_to_log" not in reminders.tick(since=at(9, 0), now=at(17, 59))
    assert reminders.tick(since=at(17, 59), now=at(18, 0)) == ["hours_to_log"]


def test_a_due_reminder_runs_and_sends_once(season, mailoutbox, django_capture_on_commit_callbacks):
    """With the tasks run at once (as the worker would), the 9:00 tick reminds the resident of
    a lapsing quote; the next day's tick finds nothing more to send."""
    QuoteFactory(
        request=ServiceRequestFactory(season=season, status=RequestStatus.QUOTED),
        valid_until=timezone.localdate() + dt.timedelta(days=1),
    )
    ran = []

    def record(sender, task_result, **kwargs):
        ran.append((task_result.task.name, task_result.status, task_result.return_value))

    task_finished.connect(record)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            reminders.tick(since=at(8, 59), now=at(9, 0))
            reminders.tick(since=at(8, 59, day=tomorrow), now=at(9, 0, day=tomorrow))
    finally:
        task_finished.disconnect(record)
    assert ran == [
        ("quotes_lapsing", "SUCCESSFUL", 1),
        ("quotes_lapsing", "SUCCESSFUL", 0),
        # The email, once the reminder's transaction has committed.
        ("deliver", "SUCCESSFUL", {"sent": True, "attempt": 1}),
    ]
    assert len(mailoutbox) == 1


def test_the_scheduler_command_ticks_on_its_clock(settings, monkeypatch):
    settings.TASKS = DUMMY
    clock = iter([at(8, 59, 30), at(9, 0, 0), at(9, 0, 30), at(9, 5, 0)])
    monkeypatch.setattr(run_scheduler, "now", lambda: next(clock))
    naps = []

    def sleep(seconds):
        if len(naps) == 3:
            raise KeyboardInterrupt  # Ctrl-C
        naps.append(seconds)

    monkeypatch.setattr(run_scheduler.time, "sleep", sleep)
    out = StringIO()
    call_command("run_scheduler", interval=30, stdout=out)
    assert enqueued() == ["quotes_lapsing", "job_reminders"]
    assert "enqueued quotes_lapsing" in out.getvalue()
    assert out.getvalue().endswith("Scheduler stopped.\n")


def test_a_reminder_is_recorded_once_and_left_out_afterwards(member, other_member):
    users = member.__class__.objects.filter(pk__in=[member.pk, other_member.pk])
    assert reminders.once("test", reminders.key("user", member.pk))
    assert not reminders.once("test", reminders.key("user", member.pk))
    assert list(reminders.not_sent(users, "test", "user")) == [other_member]
    assert set(reminders.not_sent(users, "other", "user")) == {member, other_member}
