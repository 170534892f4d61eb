"""The dashboard's hours by member: a bar per member up to a team's size (fifteen), those with
the most hours, then how many members have hours in all and a link to the share-out, where
everyone's are; a bar per member, not per name."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from finance import dashboard
from tests.factories import JobFactory, MemberFactory, ServiceFactory, TimesheetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_queries():
    dashboard._hours_by_member_query.cache_clear()  # a season's SQL, kept per process
    yield
    dashboard._hours_by_member_query.cache_clear()


def validated(season, member, hours: str) -> None:
    job = JobFactory(request__season=season, request__service=ServiceFactory())
    timesheet = TimesheetFactory(claim__job=job, claim__member=member, validated_at=timezone.now())
    timesheet.hours = Decimal(hours)
    timesheet.save()


def test_the_chart_shows_the_fifteen_members_with_the_most_hours_and_how_many_in_all(season):
    for number in range(17):
        validated(
            season, MemberFactory(first_name=f"M{number:02}", last_name="Roux"), f"{number + 1}"
        )

    with translation.override("en"):
        chart = dashboard.hours_by_member_chart(season)
        figure = chart.figure()

    assert [bar.label for bar in chart.bars] == [f"M{n:02} Roux" for n in range(16, 1, -1)]
    assert [bar.value for bar in chart.bars] == [Decimal(n + 1) for n in range(16, 1, -1)]
    assert "The 15 members with the most validated hours, of 17." in figure
    assert f'<a href="{reverse("finance:share_out")}">' in figure
    assert "M01 Roux" not in figure and "M00 Roux" not in figure


def test_a_team_has_every_member_on_the_chart_and_no_note(season):
    for number in range(15):
        validated(season, MemberFactory(first_name=f"M{number:02}"), "2")

    with translation.override("fr"):
        chart = dashboard.hours_by_member_chart(season)

    assert len(chart.bars) == 15
    assert chart.note == ""
    assert "repartition" not in chart.figure()


def test_two_members_of_the_same_name_are_two_bars(season):
    validated(season, MemberFactory(first_name="Inès", last_name="Garcia"), "3")
    validated(season, MemberFactory(first_name="Inès", last_name="Garcia"), "4")

    chart = dashboard.hours_by_member_chart(season)

    assert [(bar.label, bar.value) for bar in chart.bars] == [
        ("Inès Garcia", Decimal(4)),
        ("Inès Garcia", Decimal(3)),
    ]


def test_the_note_is_in_french_by_default(season):
    for _ in range(16):
        validated(season, MemberFactory(), "1")

    with translation.override("fr"):
        note = str(dashboard.hours_by_member_chart(season).note)

    assert "Les 15 membres ayant le plus d’heures validées, sur 16." in note


def test_members_tied_at_the_last_bar_are_chosen_by_name(season):
    for number in range(17):
        validated(season, MemberFactory(first_name="Alex", last_name=f"N{16 - number:02}"), "2")
    validated(season, MemberFactory(first_name="Zoé", last_name="Zed"), "5")

    chart = dashboard.hours_by_member_chart(season)

    assert [bar.label for bar in chart.bars] == ["Zoé Zed"] + [f"Alex N{n:02}" for n in range(14)]
    assert "18" in str(chart.note)
