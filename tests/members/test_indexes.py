"""The directory reads a page of members from an index, not the whole table: PostgreSQL's plan
of its query, on a cooperative of a few thousand members kept over the years."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from members.models import Enrolment, MemberProfile, User
from members.queries import DIRECTORY_PAGE_SIZE, directory_queryset
from members.queries.directory import _page_sql
from tests.factories import ArchivedSeasonFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

MEMBERS = 4000


@pytest.fixture
def archive_of_members(season):
    """Four thousand members enrolled over ten summers, the statistics of their tables up to
    date (what autovacuum keeps on a server)."""
    seasons = [season, *(ArchivedSeasonFactory() for _ in range(9))]
    users = User.objects.bulk_create(
        User(
            username=f"archive{index:05d}",
            first_name=f"Prénom{index % 97:02d}",
            last_name=f"Nom{(index * 7919) % MEMBERS:05d}",
            role=User.Role.MEMBER,
            is_active=index % 10 != 0,
        )
        for index in range(MEMBERS)
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
