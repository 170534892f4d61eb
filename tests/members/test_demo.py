"""The demo season of the members app: profiles, a published rotation, portfolios."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from members.capabilities import EDIT_PUBLIC_PAGE, PLAN_ROTATION
from members.models import (
    CommitteeMembership,
    MemberProfile,
    PermissionGrant,
    PortfolioEntry,
    RoleAssignment,
    RotationPlan,
    User,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo")


def test_every_demo_member_has_a_profile_aged_16_to_18(demo):
    today = timezone.localdate()
    members = list(User.objects.members().with_work_facts())
    assert len(members) == 15
    assert {member.age_on(today) for member in members} == {16, 17, 18}
    assert MemberProfile.objects.filter(guardian_name="").count() == sum(
        1 for m in members if not m.is_minor_on(today)
    )
    assert all(member.member_skills.all() for member in members)


def test_exactly_one_demo_minor_is_not_cleared(demo):
    today = timezone.localdate()
    not_cleared = list(User.objects.members().not_cleared_on(today))
    assert [user.username for user in not_cleared] == ["member07"]
    assert not_cleared[0].is_minor_on(today)


def test_the_demo_rotation_is_published_for_the_season(demo):
    plans = RotationPlan.objects.published()
    assert {plan.kind for plan in plans} == {"roles", "committees"}
    today = timezone.localdate()
    assert RoleAssignment.objects.filter(plan__isnull=False).on(today).count() == 4
    assert CommitteeMembership.objects.on(today).exists()
    assert RoleAssignment.objects.filter(plan__isnull=False, ends_on__lt=today).exists()


def test_the_demo_delegates_and_fills_portfolios(demo):
    assert PermissionGrant.objects.filter(capability=PLAN_ROTATION, committee__slug="rh").exists()
    assert PermissionGrant.objects.filter(capability=EDIT_PUBLIC_PAGE).exists()
    assert PortfolioEntry.objects.confirmed().exists()
    assert PortfolioEntry.objects.to_confirm().exists()
