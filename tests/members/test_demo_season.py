"""The demo season looks like a real summer whatever today's date is: it starts on a Monday,
lasts nine weeks, lies within today's year and is under way today; nothing in it happened
later than now; outside June to September the pages say it is a summer moved to today."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.models import Consultation, Meeting, MeetingKind
from members.demo import past_summer, season_dates
from members.models import Season, User
from services.models import Job, JobStatus
from tests.factories import SeasonFactory

# Date-time columns that may lie ahead: what is planned, not what happened.
PLANNED = {
    ("governance.Meeting", "starts_at"),
    ("governance.Consultation", "closes_at"),
}
DEMO_APPS = {"members", "services", "governance", "finance"}


def _days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def test_the_demo_season_is_a_nine_week_season_under_way_within_the_year_every_day():
    for today in _days(dt.date(2026, 1, 1), dt.date(2029, 1, 10)):
        starts_on, ends_on = season_dates(today)
        assert starts_on <= today <= ends_on, today
        assert starts_on.year == ends_on.year == today.year, today
        assert 60 <= (ends_on - starts_on).days <= 69, today  # nine to ten weeks
        seventh = dt.date(today.year, 1, 7)
        first_monday = seventh - dt.timedelta(days=seventh.weekday())
        if today >= first_monday:
            assert starts_on.weekday() == 0, today
        else:  # the year's first days, before any Monday of the year
            assert starts_on == dt.date(today.year, 1, 1), today


@pytest.mark.parametrize(
    ("today", "week"),
    [
        (dt.date(2026, 7, 15), 5),
        (dt.date(2026, 3, 1), 5),
        (dt.date(2026, 12, 2), 6),  # later near the year's end: it ends by 31 December
        (dt.date(2026, 12, 30), 10),
        (dt.date(2027, 1, 5), 1),
    ],
)
def test_today_falls_in_the_fifth_week_when_the_calendar_allows(today, week):
    starts_on, _ends_on = season_dates(today)
    assert (today - starts_on).days // 7 + 1 == week


def test_last_summer_lies_in_july_and_august_from_a_monday_to_a_friday():
    for year in range(2020, 2035):
        starts_on, ends_on = past_summer(year)
        assert (starts_on.weekday(), ends_on.weekday()) == (0, 4)
        assert dt.date(year, 6, 26) <= starts_on <= dt.date(year, 7, 2)
        assert dt.date(year, 8, 25) <= ends_on <= dt.date(year, 8, 31)


def test_a_season_that_crosses_into_the_next_year_is_refused():
    season = Season(year=2026, starts_on=dt.date(2026, 11, 2), ends_on=dt.date(2027, 1, 1))
    with pytest.raises(ValidationError) as refused:
        season.full_clean(validate_unique=False, validate_constraints=False)
    assert "ends_on" in refused.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("starts_on", "ends_on", "shifted"),
    [
        (dt.date(2026, 10, 26), dt.date(2026, 12, 25), True),
        (dt.date(2026, 6, 15), dt.date(2026, 8, 14), False),
    ],
)
def test_only_a_demo_season_outside_june_to_september_is_shifted(starts_on, ends_on, shifted):
    season = SeasonFactory(year=2026, starts_on=starts_on, ends_on=ends_on)
    assert not season.is_shifted_demo
    season.is_demo = True
    assert season.is_shifted_demo is shifted


def _future_timestamps(now: dt.datetime) -> list[str]:
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in DEMO_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateTimeField):
                continue
            if (model._meta.label, field.name) in PLANNED:
                continue
            late = model._default_manager.filter(**{f"{field.name}__gt": now})
            if latest := late.aggregate(latest=models.Max(field.name))["latest"]:
                found.append(f"{model._meta.label}.{field.name}: {late.count()}, up to {latest}")
    return found


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


# Dates of the issue (a Wednesday in December at 12:28, the last days of the year, the
# first days of the next) and a real summer's day.
MOMENTS = [
    dt.datetime(2026, 12, 2, 12, 28),
    dt.datetime(2026, 12, 30, 8, 5),
    dt.datetime(2027, 1, 2, 10, 0),
    dt.datetime(2026, 7, 15, 18, 40),
    dt.datetime(2026, 3, 1, 9, 15),
]


@pytest.mark.django_db
@pytest.mark.parametrize("moment", MOMENTS, ids=lambda moment: moment.date().isoformat())
def test_the_demo_seeded_at_any_date_is_a_season_under_way_with_nothing_from_the_future(moment):
    now = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(now, tick=False):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        today = timezone.localdate()
        season = Season.objects.current()
        assert season.is_demo
        assert season.starts_on.year == season.ends_on.year == season.year == today.year
        assert season.contains(today)
        archive = Season.objects.get(status=Season.Status.ARCHIVED)
        assert archive.starts_on.month in (6, 7) and archive.ends_on.month == 8
        future = _future_timestamps(now)
        assert not future, "\n".join(future)
        # The pages the demo shows: a leader's dashboard, open jobs to claim, an open vote.
        leader = _client("leader1").get(reverse("dashboard"))
        assert leader.status_code == 200
        shifted = moment.month != 7  # only the July demo lies in June to September
        assert season.is_shifted_demo is shifted
        assert ("Démo : un été décalé à aujourd’hui" in leader.content.decode()) is shifted
        assert Job.objects.filter(season=season, status=JobStatus.OPEN, date__gte=today).exists()
        assert _client("member02").get(reverse("dashboard")).status_code == 200
        board = _client("member02").get(reverse("services:job_board"))
        assert board.status_code == 200
        open_vote = Consultation.objects.filter(season=season, closes_at__gt=now).get()
        vote = reverse("governance:consultation_detail", args=[open_vote.pk])
        assert _client("member01").get(vote).status_code == 200
        # A summer's rhythm: no job on a Sunday, the first board meeting on the first day,
        # the closing assembly planned on the last weekday (unless the season ends now).
        jobs = Job.objects.filter(season=season)
        assert not [job.date for job in jobs if job.date.weekday() == 6]
        assert sum(job.date.weekday() < 5 for job in jobs) > 0.75 * jobs.count()
        meetings = Meeting.objects.filter(season=season).order_by("starts_at")
        assert timezone.localtime(meetings.first().starts_at).date() == season.starts_on
        assembly = meetings.filter(kind=MeetingKind.GENERAL_ASSEMBLY).first()
        if season.ends_on - today > dt.timedelta(days=3):
            assert season.ends_on - timezone.localtime(assembly.starts_at).date() < dt.timedelta(7)
