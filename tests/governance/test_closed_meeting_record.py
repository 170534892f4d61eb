"""A closed meeting keeps its roster, and approved minutes keep their whole text: members who
join or leave later, a renamed member or cooperative, new quorum rules never rewrite what a
meeting recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from governance import actions
from governance.models import Meeting, MeetingRules, Minutes, Motion
from governance.queries import meeting_members
from members.actions import member_deactivate
from members.models import Cooperative
from tests.factories import (
    AgendaItemFactory,
    EnrolmentFactory,
    MeetingFactory,
    MemberFactory,
    MotionFactory,
)

pytestmark = pytest.mark.django_db


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def people(make_members):
    lea, hugo, ines, nathan = make_members(4)
    for user, first_name in zip(
        (lea, hugo, ines, nathan), ("Léa", "Hugo", "Inès", "Nathan"), strict=True
    ):
        user.first_name = first_name
        user.save()
    return lea, hugo, ines, nathan


@pytest.fixture
def last_week(season, leader, people):
    """Last week's board meeting: Léa and Inès present, Hugo's proxy carried by Inès, Nathan
    absent (3 counted out of 4, 3 needed); one motion adopted by 2 votes to 1."""
    lea, hugo, ines, nathan = people
    meeting = MeetingFactory(
        season=season,
        title="Conseil de la semaine 2",
        starts_at=_at(timezone.localdate() - dt.timedelta(days=7), 17),
    )
    actions.meeting_open(meeting=meeting, by=leader)
    for user, status in ((lea, "present"), (ines, "present"), (nathan, "absent")):
        actions.attendance_set(meeting=meeting, user=user, status=status, by=leader)
    actions.proxy_give(meeting=meeting, giver=hugo, holder=ines, by=leader, giver_asked=True)
    motion = MotionFactory(item=AgendaItemFactory(meeting=meeting), title="Tarif de la tonte")
    ballot = actions.ballot_open(motion=motion, by=leader)
    for voter, by, choice in ((lea, lea, "yes"), (ines, ines, "yes"), (hugo, ines, "no")):
        actions.vote_cast(ballot=ballot, voter=voter, by=by, choice=choice)
    actions.ballot_close(ballot=ballot, by=leader)
    actions.meeting_close(meeting=meeting, by=leader)
    meeting.refresh_from_db()
    return meeting


def _approve(meeting: Meeting, *, leader, people) -> Meeting:
    lea, _hugo, ines, nathan = people
    today = actions.meeting_create(
        season=meeting.season,
        kind="board",
        title="Conseil de la semaine 3",
        starts_at=_at(timezone.localdate(), 17),
        by=leader,
    )
    approval = Motion.objects.get(item__meeting=today, approves_minutes_of=meeting)
    actions.meeting_open(meeting=today, by=leader)
    for user in (lea, ines, nathan):
        actions.attendance_set(meeting=today, user=user, status="present", by=leader)
    ballot = actions.ballot_open(motion=approval, by=leader)
    actions.vote_cast(ballot=ballot, voter=lea, by=lea, choice="yes")
    actions.ballot_close(ballot=ballot, by=leader)
    return today


def _document(client, meeting):
    return client.get(reverse("governance:minutes_detail", args=[meeting.pk])).context["document"]


def _change_everything(season, leader, people) -> None:
    """What happens to a season after a meeting: a member leaves, another joins, the board
    asks for three quarters of the members, a member and the cooperative are renamed."""
    lea, hugo, _ines, _nathan = people
    MeetingRules.objects.update_or_create(
        kind="board", defaults={"quorum_numerator": 3, "quorum_denominator": 4}
    )
    member_deactivate(user=hugo, on=timezone.localdate(), by=leader)
    EnrolmentFactory(
        season=season, user=MemberFactory(first_name="Jade"), joined_on=timezone.localdate()
    )
    lea.first_name = "Léana"
    lea.save()
    cooperative = Cooperative.load()
    cooperative.name = "Les Coop'ains"
    cooperative.save()


def _attendance(document) -> tuple[str, ...]:
    return document.sections[0].paragraphs


def test_closed_meeting_keeps_its_attendance_proxies_and_quorum(
    last_week, season, leader, people, client_for
):
    client = client_for(leader)
    before = _attendance(_document(client, last_week))
    assert any("Hugo" in line and "Inès" in line for line in before)
    assert any("3 requis : le quorum est atteint" in line for line in before)

    MeetingRules.objects.update_or_create(
        kind="board", defaults={"quorum_numerator": 3, "quorum_denominator": 4}
    )
    member_deactivate(user=people[1], on=timezone.localdate(), by=leader)
    EnrolmentFactory(season=season, user=MemberFactory(), joined_on=timezone.localdate())

    after = _attendance(_document(client, last_week))
    assert after == before
    page = client.get(reverse("governance:meeting_detail", args=[last_week.pk])).content
    assert "Quorum atteint (3 requis)" in page.decode()


def test_approved_minutes_never_change(last_week, season, leader, people, client_for):
    _approve(last_week, leader=leader, people=people)
    minutes = Minutes.objects.get(meeting=last_week)
    assert minutes.status == Minutes.Status.APPROVED and minutes.record
    client = client_for(people[0])
    before = _document(client, last_week)
    assert before.status_line.startswith("Procès-verbal approuvé le")

    _change_everything(season, leader, people)

    after = _document(client, last_week)
    assert after == before
    assert after.cooperative != "Les Coop'ains"
    assert "Léa" in " ".join(_attendance(after)) and "Léana" not in " ".join(_attendance(after))
    pdf = client.get(reverse("governance:minutes_pdf", args=[last_week.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_draft_minutes_of_an_open_meeting_still_follow_the_meeting(
    season, leader, people, client_for
):
    """Only what is over is frozen: a meeting in progress shows the rules of today."""
    lea, _hugo, ines, _nathan = people
    meeting = MeetingFactory(season=season)
    actions.meeting_open(meeting=meeting, by=leader)
    for user in (lea, ines):
        actions.attendance_set(meeting=meeting, user=user, status="present", by=leader)
    client = client_for(leader)
    assert "2 requis" not in " ".join(_attendance(_document(client, meeting)))
    MeetingRules.objects.update_or_create(
        kind="board", defaults={"quorum_numerator": 1, "quorum_denominator": 4}
    )
    assert any("2 requis" in line for line in _attendance(_document(client, meeting)))


def test_members_of_a_meeting_are_those_enrolled_that_day(season, leader, people):
    lea, hugo, ines, nathan = people
    day = timezone.localdate() - dt.timedelta(days=5)
    meeting = MeetingFactory(season=season, starts_at=_at(day, 17))
    late = EnrolmentFactory(season=season, user=MemberFactory(), joined_on=day).user
    later = EnrolmentFactory(
        season=season, user=MemberFactory(), joined_on=day + dt.timedelta(days=1)
    ).user
    convened = set(meeting_members(meeting))
    assert {lea, hugo, ines, nathan, late} <= convened
    assert later not in convened


@pytest.fixture
def frozen_now(monkeypatch):
    moment = timezone.now().replace(microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_the_kept_records_say_nothing_about_secret_choices(season, leader, people, frozen_now):
    """Two worlds where Léa and Inès swap their secret votes keep the same roster and the
    same approved minutes, to the byte."""
    lea, _hugo, ines, nathan = people
    today = timezone.localdate()
    worlds = []
    for choices in ({lea: "yes", ines: "no"}, {lea: "no", ines: "yes"}):
        with transaction.atomic():
            morning = MeetingFactory(season=season, title="Conseil", starts_at=_at(today, 9))
            actions.meeting_open(meeting=morning, by=leader)
            for user in (lea, ines, nathan):
                actions.attendance_set(meeting=morning, user=user, status="present", by=leader)
            secret = MotionFactory(
                item=AgendaItemFactory(meeting=morning, title="Vote", notes=""),
                title="Secret",
                text="Un vote à bulletin secret.",
            )
            ballot = actions.ballot_open(motion=secret, secret=True, by=leader)
            for voter, choice in choices.items():
                actions.vote_cast(ballot=ballot, voter=voter, by=voter, choice=choice)
            actions.ballot_close(ballot=ballot, by=leader)
            actions.meeting_close(meeting=morning, by=leader)
            evening = actions.meeting_create(
                season=season, kind="board", title="Soir", starts_at=_at(today, 18), by=leader
            )
            actions.meeting_open(meeting=evening, by=leader)
            for user in (lea, ines, nathan):
                actions.attendance_set(meeting=evening, user=user, status="present", by=leader)
            approval = Motion.objects.get(item__meeting=evening, approves_minutes_of=morning)
            ballot = actions.ballot_open(motion=approval, by=leader)
            actions.vote_cast(ballot=ballot, voter=nathan, by=nathan, choice="yes")
            actions.ballot_close(ballot=ballot, by=leader)
            morning.refresh_from_db()
            record = Minutes.objects.get(meeting=morning).record
            assert record["items"][0]["motions"][0]["secret"] is True
            worlds.append((morning.closing_roster, record))
            transaction.set_rollback(True)
    assert worlds[0] == worlds[1]
