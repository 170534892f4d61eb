from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from members.capabilities import EDIT_PUBLIC_PAGE
from members.models import Committee
from members.permissions import user_can, user_capabilities
from tests.factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    MemberFactory,
    PermissionGrantFactory,
    RoleAssignmentFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def test_leader_holds_every_capability(leader):
    assert user_can(leader, EDIT_PUBLIC_PAGE)


def test_member_without_delegation_holds_nothing(member):
    assert user_capabilities(member) == frozenset()


def test_anonymous_holds_nothing(anonymous):
    from django.contrib.auth.models import AnonymousUser

    assert user_capabilities(AnonymousUser()) == frozenset()


def test_member_of_a_committee_holds_its_capability_while_the_membership_runs(member, season):
    committee = CommitteeFactory()
    PermissionGrantFactory(capability=EDIT_PUBLIC_PAGE, committee=committee)
    membership = CommitteeMembershipFactory(season=season, committee=committee, user=member)
    assert user_can(member, EDIT_PUBLIC_PAGE)
    assert not user_can(member, EDIT_PUBLIC_PAGE, on=membership.ends_on + dt.timedelta(days=1))
    assert not user_can(member, EDIT_PUBLIC_PAGE, on=membership.starts_on - dt.timedelta(days=1))


def test_role_holder_loses_the_capability_when_the_assignment_ends(member, season):
    role = RoleFactory()
    PermissionGrantFactory(capability=EDIT_PUBLIC_PAGE, committee=None, role=role)
    today = timezone.localdate()
    RoleAssignmentFactory(
        season=season,
        role=role,
        user=member,
        starts_on=today - dt.timedelta(days=7),
        ends_on=today - dt.timedelta(days=1),
    )
    assert not user_can(member, EDIT_PUBLIC_PAGE)
    assert user_can(member, EDIT_PUBLIC_PAGE, on=today - dt.timedelta(days=3))


def test_a_capability_granted_to_the_board_goes_to_every_enrolled_member(member, season):
    board = Committee.objects.get(is_board=True)
    PermissionGrantFactory(capability=EDIT_PUBLIC_PAGE, committee=board)
    assert user_can(member, EDIT_PUBLIC_PAGE)
    outsider = MemberFactory()  # not enrolled in the season
    assert not user_can(outsider, EDIT_PUBLIC_PAGE)


def test_a_member_who_left_loses_the_board_capabilities(season):
    board = Committee.objects.get(is_board=True)
    PermissionGrantFactory(capability=EDIT_PUBLIC_PAGE, committee=board)
    enrolment = EnrolmentFactory(season=season, left_on=timezone.localdate())
    assert not user_can(enrolment.user, EDIT_PUBLIC_PAGE)


def test_unknown_capability_is_a_programming_error(member):
    with pytest.raises(ValueError, match="Unknown capability"):
        user_can(member, "launch_rockets")


def test_delegated_member_edits_the_public_page(
    member_client, member, season, cooperative_name="CJS"
):
    committee = CommitteeFactory()
    PermissionGrantFactory(capability=EDIT_PUBLIC_PAGE, committee=committee)
    CommitteeMembershipFactory(season=season, committee=committee, user=member)
    url = reverse("members:public_page_edit")
    assert member_client.get(url).status_code == 200
    response = member_client.post(
        url, {"tagline_fr": "Au service du quartier", "public_description_fr": "Bonjour !"}
    )
    assert response.status_code == 302
    assert "Au service du quartier" in member_client.get(reverse("home")).content.decode()


def test_member_without_delegation_cannot_edit_the_public_page(member_client):
    assert member_client.get(reverse("members:public_page_edit")).status_code == 403


def test_same_member_loses_access_after_the_membership_ends(member_client, member, season):
    committee = CommitteeFactory()
    PermissionGrantFactory(capability=EDIT_PUBLIC_PAGE, committee=committee)
    today = timezone.localdate()
    CommitteeMembershipFactory(
        season=season,
        committee=committee,
        user=member,
        starts_on=today - dt.timedelta(days=10),
        ends_on=today - dt.timedelta(days=1),
    )
    assert member_client.get(reverse("members:public_page_edit")).status_code == 403


def test_anonymous_is_sent_to_login_from_the_public_page_editor(anonymous):
    response = anonymous.get(reverse("members:public_page_edit"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_delegation_made_after_a_first_check_holds_at_once(member, season):
    # The query is compiled once per member and day; its answer is read afresh every time.
    assert not user_can(member, EDIT_PUBLIC_PAGE)
    committee = CommitteeFactory()
    PermissionGrantFactory(capability=EDIT_PUBLIC_PAGE, committee=committee)
    membership = CommitteeMembershipFactory(season=season, committee=committee, user=member)
    assert user_can(member, EDIT_PUBLIC_PAGE)
    membership.delete()
    assert not user_can(member, EDIT_PUBLIC_PAGE)
