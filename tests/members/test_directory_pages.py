"""The members' directory in pages of fifty: a long-lived cooperative keeps every member it
ever had, and the page must not read, annotate and render them all at each visit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from members.queries import DIRECTORY_PAGE_SIZE
from tests.factories import (
    ArchivedSeasonFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    MemberFactory,
    MemberSkillFactory,
    RoleAssignmentFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _rows(response) -> list[str]:
    """The members' names on the page, in order (the directory's own table rows)."""
    html = response.content.decode()
    return [
        line.split(">", 1)[1].split("<", 1)[0]
        for line in html.splitlines()
        if 'class="fw-semibold">' in line and "/membres/" in line
    ]


@pytest.fixture
def many(season) -> list[str]:
    """Fifty-five active members named so that their order is known (``Nom00`` to ``Nom54``),
    the first thirty of them minors; and one deactivated member."""
    names = []
    for index in range(DIRECTORY_PAGE_SIZE + 5):
        user = MemberFactory(
            first_name="Alex", last_name=f"Nom{index:02d}", profile__minor=index < 30
        )
        EnrolmentFactory(season=season, user=user)
        names.append(f"Alex Nom{index:02d}")
    MemberFactory(first_name="Enzo", last_name="Parti", is_active=False)
    return names


def test_the_first_page_shows_fifty_members_and_counts_them_all(leader_client, many):
    response = leader_client.get(reverse("members:directory"))
    assert _rows(response) == many[:DIRECTORY_PAGE_SIZE]
    html = response.content.decode()
    assert "55 membres" in html
    assert "Page 1 sur 2" in html
    assert "?page=2" in html


def test_page_two_shows_the_next_members(leader_client, many):
    response = leader_client.get(reverse("members:directory"), {"page": 2})
    assert _rows(response) == many[DIRECTORY_PAGE_SIZE:]
    html = response.content.decode()
    assert "Page 2 sur 2" in html
    assert "?page=1" in html  # back to the first


def test_the_page_links_keep_the_filters(leader_client, many, season):
    for index in range(DIRECTORY_PAGE_SIZE + 2):
        user = MemberFactory(first_name="Sam", last_name=f"Autre{index:02d}")
        EnrolmentFactory(season=season, user=user)
    response = leader_client.get(reverse("members:directory"), {"q": "nom", "status": "adults"})
    # 25 adults named Nom: one page, no link
    assert len(_rows(response)) == 25
    assert "Page 1 sur" not in response.content.decode()
    response = leader_client.get(reverse("members:directory"), {"q": "alex"})
    html = response.content.decode()
    assert "?q=alex&amp;page=2" in html
    second = leader_client.get(reverse("members:directory"), {"q": "alex", "page": 2})
    assert _rows(second) == many[DIRECTORY_PAGE_SIZE:]


def test_a_filter_pages_through_its_own_matches(leader_client, many, season):
    response = leader_client.get(reverse("members:directory"), {"status": "minors", "page": 1})
    assert _rows(response) == many[:30]
    assert "30 membres" in response.content.decode()


def test_a_page_past_the_end_shows_the_last_one(leader_client, many):
    response = leader_client.get(reverse("members:directory"), {"page": 9})
    assert response.status_code == 200
    assert _rows(response) == many[DIRECTORY_PAGE_SIZE:]


def test_a_page_that_is_not_a_number_shows_the_first(leader_client, many):
    response = leader_client.get(reverse("members:directory"), {"page": "abc"})
    assert response.status_code == 200
    assert _rows(response) == many[:DIRECTORY_PAGE_SIZE]


def test_the_page_links_swap_the_results_with_htmx(leader_client, many):
    html = leader_client.get(reverse("members:directory")).content.decode()
    assert 'data-hx-get="?page=2" data-hx-target="#directory-results"' in html
    response = leader_client.get(reverse("members:directory"), {"page": 2}, **HTMX)
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="directory-results">')
    assert _rows(response) == many[DIRECTORY_PAGE_SIZE:]


def test_the_export_still_has_every_matching_member(leader_client, many):
    content = leader_client.get(reverse("members:directory_export")).content.decode("utf-8-sig")
    assert content.count("Alex") == DIRECTORY_PAGE_SIZE + 5


def test_the_not_enrolled_badge_reads_the_season_being_viewed(leader_client, many, season):
    gone_before = MemberFactory(first_name="Alex", last_name="Ancien")
    EnrolmentFactory(season=ArchivedSeasonFactory(), user=gone_before)
    html = leader_client.get(reverse("members:directory")).content.decode()
    assert html.count("pas inscrit·e cette saison") == 1


@pytest.fixture(params=[2, 6])
def long_lived(request, season, roles) -> int:
    """A cooperative of several archived summers: each had its members, with roles and a
    committee, and they are still on the books (more than a page of them)."""
    archived = request.param
    for _ in range(archived):
        past = ArchivedSeasonFactory()
        for index in range(12):
            user = MemberFactory(profile__minor=index % 2 == 0)
            EnrolmentFactory(season=past, user=user)
            MemberSkillFactory(user=user)
            RoleAssignmentFactory(
                season=past,
                user=user,
                role=roles[index % 3],
                starts_on=past.starts_on + dt.timedelta(weeks=index // 3),
                ends_on=past.starts_on + dt.timedelta(weeks=index // 3, days=6),
            )
            CommitteeMembershipFactory(season=past, user=user)
    return archived


def test_the_directory_reads_as_much_with_an_archive(
    long_lived, leader_client, django_assert_max_num_queries
):
    # session, user, season, cooperative, skills of the filter, the count, the page's members
    # (+ profiles, hours and enrolment), their skills, roles, committees
    with django_assert_max_num_queries(10):
        response = leader_client.get(reverse("members:directory"))
    assert len(_rows(response)) == min(12 * long_lived, DIRECTORY_PAGE_SIZE)
    with django_assert_max_num_queries(10):
        leader_client.get(reverse("members:directory"), {"page": 2})


def test_each_row_links_to_the_members_page(leader_client, member):
    """The rows build the link from the directory's URL and the id (no ``reverse`` a row):
    it must stay the member's page."""
    html = leader_client.get(reverse("members:directory")).content.decode()
    link = reverse("members:member_detail", args=[member.pk])
    assert f'href="{link}" class="fw-semibold"' in html
