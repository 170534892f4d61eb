"""Every page reads the cooperative and the season it works on: both in one query, whatever
the page reads first."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cjs.db import CompiledQuery, one_beside_many
from members.models import Cooperative, Season
from members.models.cooperative import cooperative_query
from tests.factories import ArchivedSeasonFactory

pytestmark = pytest.mark.django_db


# A column each row is read with (other queries may join the table, not read its rows).
READ = {
    "members_cooperative": '"members_cooperative"."name"',
    "members_season": '"members_season"."starts_on"',
}


def _reading(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if READ[table] in q["sql"]]


@pytest.mark.parametrize("page", ["home", "services:request_create"])
def test_a_public_page_reads_the_cooperative_and_the_season_in_one_query(anonymous, season, page):
    with CaptureQueriesContext(connection) as queries:
        assert anonymous.get(reverse(page)).status_code == 200
    assert len(_reading(queries, "members_cooperative")) == 1
    assert _reading(queries, "members_season") == _reading(queries, "members_cooperative")


def test_a_members_page_too(member_client, season):
    with CaptureQueriesContext(connection) as queries:
        assert member_client.get(reverse("services:job_board")).status_code == 200
    assert len(_reading(queries, "members_cooperative")) == 1
    assert _reading(queries, "members_season") == _reading(queries, "members_cooperative")


def test_a_leader_looking_at_an_archived_season_reads_it_with_the_cooperative(
    leader_client, season
):
    archive = ArchivedSeasonFactory()
    leader_client.post(reverse("members:season_view", args=[archive.year]))
    with CaptureQueriesContext(connection) as queries:
        page = leader_client.get(reverse("members:directory"))
    assert page.context["season"] == archive
    assert len(_reading(queries, "members_cooperative")) == 1
    assert _reading(queries, "members_season") == _reading(queries, "members_cooperative")


def test_a_new_database_makes_its_cooperative_on_the_first_page_and_reads_its_season(
    leader_client, season
):
    Cooperative.objects.all().delete()
    page = leader_client.get(reverse("members:directory"))
    assert page.status_code == 200 and page.context["season"] == season
    assert Cooperative.objects.filter(pk=1).exists()


def test_one_row_and_many_are_read_side_by_side(season):
    archive = ArchivedSeasonFactory()
    cooperative = Cooperative.load()
    both = CompiledQuery.of(Season.objects.filter(Q(pk=season.pk) | Q(pk=archive.pk)))
    with CaptureQueriesContext(connection) as queries:
        found, seasons = one_beside_many(cooperative_query(connection.vendor), both)
    assert len(queries) == 1
    assert found == cooperative and found.name == cooperative.name
    assert sorted(seasons, key=lambda s: s.pk) == sorted([season, archive], key=lambda s: s.pk)
    for got in seasons:
        want = Season.objects.get(pk=got.pk)
        for field in Season._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(want, field.attname)


def test_one_row_and_none_beside_it(season):
    none = CompiledQuery.of(Season.objects.filter(year=1901))
    found, seasons = one_beside_many(cooperative_query(connection.vendor), none)
    assert found == Cooperative.load() and seasons == []


def test_no_row_and_whatever_beside_it(season):
    Cooperative.objects.all().delete()
    found, seasons = one_beside_many(
        cooperative_query(connection.vendor), CompiledQuery.of(Season.objects.all())
    )
    assert found is None and seasons == []
