from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import reverse

from cjs.errors import DomainError
from members import actions
from members.models import Enrolment, Season
from tests.factories import ArchivedSeasonFactory, EnrolmentFactory, SeasonFactory

pytestmark = pytest.mark.django_db


def test_starting_a_season_archives_the_previous_and_carries_over_returning_members(
    leader_client, season, member, other_member
):
    next_year = season.year + 1
    response = leader_client.post(
        reverse("members:season_start"),
        {
            "year": next_year,
            "starts_on": f"{next_year}-07-01",
            "ends_on": f"{next_year}-08-28",
            "returning": [member.pk],
        },
    )
    assert response.status_code == 302
    season.refresh_from_db()
    assert season.status == Season.Status.ARCHIVED
    new = Season.objects.current()
    assert new.year == next_year
    assert list(Enrolment.objects.filter(season=new).values_list("user", flat=True)) == [member.pk]
    other_member.refresh_from_db()
    assert other_member.is_active is False
    # The archive keeps its history.
    assert Enrolment.objects.filter(season=season).count() == 2


def test_a_season_year_cannot_be_used_twice(leader_client, season):
    response = leader_client.post(
        reverse("members:season_start"),
        {"year": season.year, "starts_on": season.starts_on, "ends_on": season.ends_on},
    )
    assert response.status_code == 200
    assert "Il existe déjà une saison" in response.content.decode()
    assert Season.objects.count() == 1


def test_season_dates_must_be_in_order(leader_client, season):
    year = season.year + 1
    response = leader_client.post(
        reverse("members:season_start"),
        {"year": year, "starts_on": f"{year}-08-01", "ends_on": f"{year}-07-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    assert Season.objects.count() == 1


def test_only_one_season_can_be_current():
    SeasonFactory()
    with pytest.raises(IntegrityError):
        Season.objects.create(
            year=1999 + 50, starts_on=dt.date(2049, 7, 1), ends_on=dt.date(2049, 8, 1)
        )


def test_season_start_refuses_strangers_as_returning_members(leader, season):
    stranger = EnrolmentFactory(season=ArchivedSeasonFactory()).user
    with pytest.raises(DomainError):
        actions.season_start(
            year=season.year + 1,
            starts_on=dt.date(season.year + 1, 7, 1),
            ends_on=dt.date(season.year + 1, 8, 1),
            returning=[stranger],
            by=leader,
        )
    assert Season.objects.current() == season


def test_leader_opens_an_archived_season_and_comes_back(leader_client, season):
    archive = ArchivedSeasonFactory()
    response = leader_client.post(reverse("members:season_view", args=[archive.year]))
    assert response.status_code == 302
    page = leader_client.get(reverse("dashboard"))
    assert page.context["season"] == archive
    assert "lecture seule" in page.content.decode()
    leader_client.post(reverse("members:season_view", args=[season.year]))
    assert leader_client.get(reverse("dashboard")).context["season"] == season


def test_members_always_see_the_current_season(member_client, season):
    archive = ArchivedSeasonFactory()
    response = member_client.post(reverse("members:season_view", args=[archive.year]))
    assert response.status_code == 403
    assert member_client.get(reverse("dashboard")).context["season"] == season


def test_season_weeks_are_the_mondays_it_touches():
    season = Season(year=2026, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 7, 20))
    assert season.week_starts() == [
        dt.date(2026, 6, 29),
        dt.date(2026, 7, 6),
        dt.date(2026, 7, 13),
        dt.date(2026, 7, 20),
    ]


def test_a_new_season_cannot_go_back_in_time(leader, season):
    with pytest.raises(DomainError, match="après"):
        actions.season_start(
            year=season.year - 5,
            starts_on=dt.date(season.year - 5, 7, 1),
            ends_on=dt.date(season.year - 5, 8, 1),
            returning=[],
            by=leader,
        )
    assert Season.objects.current() == season


def test_a_new_season_starts_after_the_current_one_ends(leader, season):
    with pytest.raises(DomainError, match="après"):
        actions.season_start(
            year=season.year + 1,
            starts_on=season.ends_on,
            ends_on=season.ends_on + dt.timedelta(days=60),
            returning=[],
            by=leader,
        )
    assert Season.objects.current() == season


def test_season_constraints_explain_themselves_in_french(season):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    backwards = Season(
        year=season.year + 1,
        starts_on=season.ends_on + dt.timedelta(days=30),
        ends_on=season.ends_on + dt.timedelta(days=1),
        status=Season.Status.ARCHIVED,
    )
    second_current = Season(
        year=season.year + 2,
        starts_on=season.ends_on + dt.timedelta(days=300),
        ends_on=season.ends_on + dt.timedelta(days=360),
    )
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            backwards.validate_constraints()
        assert "doit venir après le premier" in str(error.value)
        with pytest.raises(ValidationError) as error:
            second_current.validate_constraints()
        assert "déjà en cours" in str(error.value)
