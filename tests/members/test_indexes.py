"""A page of members is read through indexes, not the whole table of everyone the cooperative
ever had: PostgreSQL's plans of the directory's page and of the approval queue's members'
facts, on cooperatives kept over the years."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from members.models import Enrolment, MemberProfile, User
from members.queries import DIRECTORY_PAGE_SIZE, directory_queryset
from members.queries.directory import _page_sql
from members.queries.work_facts import _union_plan
from services.queries.team_facts import _facts_union
from tests.factories import ArchivedSeasonFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

MEMBERS = 4000


def _archive(season, members: int):
    """``members`` members enrolled over ten summers, the statistics of their tables up to
    date (what autovacuum keeps on a server)."""
    seasons = [season, *(ArchivedSeasonFactory() for _ in range(9))]
    users = User.objects.bulk_create(
        User(
            username=f"archive{index:05d}",
            first_name=f"Prénom{index % 97:02d}",
            last_name=f"Nom{(index * 7919) % members:05d}",
            role=User.Role.MEMBER,
            is_active=index % 10 != 0,
        )
        for index in range(members)
    )
    MemberProfile.objects.bulk_create(MemberProfile(user=user) for user in users)
    Enrolment.objects.bulk_create(
        Enrolment(season=seasons[index % 10], user=user, joined_on=seasons[index % 10].starts_on)
        for index, user in enumerate(users)
    )
    with connection.cursor() as cursor:
        for table in ("members_user", "members_memberprofile", "members_enrolment"):
            cursor.execute(f"ANALYZE {table}")
    return season


@pytest.fixture
def archive_of_members(season):
    """Four thousand members enrolled over ten summers."""
    return _archive(season, MEMBERS)


@pytest.fixture
def long_lived_cooperative(season):
    """The bench's long-lived cooperative: 150 members a summer, ten summers (a table small
    enough that reading it whole looks cheap to a planner costing a spinning disk)."""
    return _archive(season, 1500)


def _plan(queryset) -> str:
    return queryset.explain()


def test_a_directory_page_is_read_from_the_name_index(archive_of_members):
    today = timezone.localdate()
    page = directory_queryset({}, archive_of_members, today)[:DIRECTORY_PAGE_SIZE]
    plan = _plan(page)
    assert "user_directory_order" in plan, plan
    assert "Seq Scan on members_user" not in plan, plan


def test_the_following_pages_too(archive_of_members):
    today = timezone.localdate()
    queryset = directory_queryset({}, archive_of_members, today)
    plan = _plan(queryset[5 * DIRECTORY_PAGE_SIZE : 6 * DIRECTORY_PAGE_SIZE])
    assert "user_directory_order" in plan, plan
    assert "Seq Scan on members_user" not in plan, plan


def test_the_pages_compiled_query_too(archive_of_members):
    """The page reads its rows with ``_page_sql``'s compiled query (the same filters, order
    and slice as ``directory_queryset``, plain columns)."""
    today = timezone.localdate()
    compiled = _page_sql("", "", None, archive_of_members.pk, today, connection.vendor, 250, 300)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {compiled.sql}", compiled.params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "user_directory_order" in plan, plan
    assert "Seq Scan on members_user" not in plan, plan


def test_a_page_of_members_facts_is_read_by_their_keys_not_the_whole_archive(
    long_lived_cooperative,
):
    """The approval queue reads its ten members' own facts (user, profile, absences,
    enrolment, services done) in one query: each part fetches them by key, not by reading
    the users and the enrolments of every past season (PostgreSQL's default
    random_page_cost, a spinning disk's, chose those scans; cjs/settings.py sets the value
    for data in memory). The season's figures beside them are the season's sums."""
    ids = list(
        Enrolment.objects.filter(season=long_lived_cooperative)
        .order_by("user_id")
        .values_list("user_id", flat=True)[:10]
    )
    fixed = (None, (), None, None)  # the members' own parts (``member_parts``)
    compiled = _union_plan(_facts_union, fixed, len(ids), "default")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {compiled.sql}", [*ids, *compiled.params])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on members_user" not in plan, plan
    assert "Seq Scan on members_enrolment" not in plan, plan
