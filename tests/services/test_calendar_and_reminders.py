"""The members' jobs in their calendar (iCalendar, RFC 5545) and the reminder the day
before."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from services import actions
from services.models import CalendarFeed, Claim
from tests.services.conftest import login

pytestmark = pytest.mark.django_db


def feed_of(member) -> str:
    feed, _created = CalendarFeed.objects.get_or_create(user=member)
    return reverse("services:calendar_feed", args=[feed.token])


def test_the_private_feed_lists_the_approved_jobs(anonymous, make_job, make_member, leader):
    member, teammate = make_member(), make_member()
    job = make_job(starts_at=dt.time(9, 0), ends_at=dt.time(12, 0), notes="Sonner au portail.")
    actions.job_assign(job=job, member=member, by=leader)
    actions.job_assign(job=job, member=teammate, by=leader)
    actions.job_claim(job=make_job(starts_at=dt.time(14, 0), ends_at=dt.time(16, 0)), member=member)
    response = anonymous.get(feed_of(member))  # calendar apps do not log in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1  # the claim waiting for approval is not in it
    event = events[0]
    assert str(event["summary"]) == "Tonte de pelouse – Bourg-les-Saules"
    assert event.decoded("dtstart") == timezone.localtime(job.starts)
    assert event.decoded("dtend") == timezone.localtime(job.ends)
    assert job.address in str(event["location"])
    assert teammate.first_name in str(event["description"])
    assert "Sonner au portail." in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"
    assert calendar.walk("VTIMEZONE")  # times carry their time zone
    assert str(calendar["version"]) == "2.0"


def test_a_cancelled_job_stays_in_the_feed_marked_cancelled(anonymous, make_job, member, leader):
    job = make_job()
    actions.job_assign(job=job, member=member, by=leader)
    actions.job_cancel(job=job, by=leader)
    event = Calendar.from_ical(anonymous.get(feed_of(member)).content).walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED"


def test_each_change_of_a_job_raises_its_calendar_sequence_even_after_2033(
    anonymous, make_job, member, leader
):
    """Calendar apps keep the event with the highest SEQUENCE: it must go up at every change,
    whatever the date (a number of seconds modulo 2e9 fell back to zero in May 2033)."""
    from services.models import Job
    from tests.services.test_approvals import update

    job = make_job()
    actions.job_assign(job=job, member=member, by=leader)

    def sequence() -> int:
        event = Calendar.from_ical(anonymous.get(feed_of(member)).content).walk("VEVENT")[0]
        return int(event["sequence"])

    def in_2033(day: int) -> None:
        moment = dt.datetime(2033, 6, day, 12, 0, tzinfo=dt.UTC)
        Job.objects.filter(pk=job.pk).update(updated_at=moment)

    sequences = [sequence()]
    update(job, leader, starts_at=dt.time(10, 0))
    in_2033(1)
    sequences.append(sequence())
    actions.job_cancel(job=job, by=leader)
    in_2033(2)
    sequences.append(sequence())
    assert sequences == sorted(set(sequences))


def test_the_feed_address_can_be_reset(member, member_client, anonymous):
    old = feed_of(member)
    page = member_client.get(reverse("services:my_jobs")).content.decode()
    assert old in page
    member_client.post(reverse("services:calendar_reset"))
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(feed_of(member)).status_code == 200
    assert anonymous.get("/calendrier/not-a-token.ics").status_code == 404


def test_one_job_downloads_as_ics_for_its_team_only(make_job, member, other_member, leader):
    job = make_job()
    actions.job_assign(job=job, member=member, by=leader)
    url = reverse("services:job_ics", args=[job.pk])
    response = login(member).get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
    assert login(other_member).get(url).status_code == 404


def test_reminders_go_out_once_the_day_before(
    make_job, make_member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    tomorrow = make_job(date=today + dt.timedelta(days=1))
    later = make_job(date=today + dt.timedelta(days=3))
    member = make_member()
    actions.job_assign(job=tomorrow, member=member, by=leader)
    actions.job_assign(job=later, member=member, by=leader)
    actions.job_claim(job=tomorrow, member=make_member())  # waiting: no reminder
    morning = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.job_reminders_send(now=morning) == 1
        assert actions.job_reminders_send(now=morning + dt.timedelta(hours=1)) == 0
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Demain à 09:00" in mailoutbox[0].subject
    assert Claim.objects.filter(reminded_at__isnull=False).count() == 1


def test_a_member_without_an_email_is_not_counted_as_reminded_nor_tried_again(
    make_job, make_member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    job = make_job(date=today + dt.timedelta(days=1))
    with_email, without = make_member(), make_member()
    without.email = ""
    without.save(update_fields=["email"])
    for member in (with_email, without):
        actions.job_assign(job=job, member=member, by=leader)
    mailoutbox.clear()
    morning = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.job_reminders_send(now=morning) == 1
    assert [m.to for m in mailoutbox] == [[with_email.email]]
    assert not Claim.objects.filter(reminded_at__isnull=True).exists()
    assert actions.job_reminders_send(now=morning + dt.timedelta(hours=1)) == 0


def test_no_reminder_in_the_night_and_the_command_runs(make_job, member, leader):
    actions.job_assign(
        job=make_job(date=timezone.localdate() + dt.timedelta(days=1)), member=member, by=leader
    )
    night = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(3, 0)))
    assert actions.job_reminders_send(now=night) == 0
    out = StringIO()
    call_command("send_job_reminders", stdout=out)
    assert "job reminder(s) sent." in out.getvalue()


def test_moving_a_job_sends_a_new_reminder(make_job, member, leader):
    today = timezone.localdate()
    job = make_job(date=today + dt.timedelta(days=1))
    actions.job_assign(job=job, member=member, by=leader)
    morning = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    assert actions.job_reminders_send(now=morning) == 1
    from tests.services.test_approvals import update

    update(job, leader, date=today + dt.timedelta(days=2))
    assert Claim.objects.get().reminded_at is None
