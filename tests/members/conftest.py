"""Fixtures of the members tests: a member holding a delegated capability, rotation data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from members import actions
from members.capabilities import PLAN_ROTATION
from members.models import RotationPlan
from tests.factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    MemberFactory,
    PermissionGrantFactory,
    RoleFactory,
)


def this_monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


@pytest.fixture
def hr_committee(db):
    committee = CommitteeFactory(name="Comité RH test", slug="rh-test")
    PermissionGrantFactory(capability=PLAN_ROTATION, committee=committee)
    return committee


@pytest.fixture
def delegate(season, hr_committee):
    """A member sitting on a committee that holds ``plan_rotation`` while the membership runs."""
    user = MemberFactory(first_name="Inès", last_name="Moreau")
    EnrolmentFactory(season=season, user=user)
    CommitteeMembershipFactory(season=season, committee=hr_committee, user=user)
    return user


@pytest.fixture
def delegate_client(delegate) -> Client:
    client = Client()
    client.force_login(delegate)
    return client


@pytest.fixture
def roles(db):
    return [
        RoleFactory(name="Animation du débrief", slug="debrief", duties="Lancer le débrief"),
        RoleFactory(name="Responsable du matériel", slug="materiel"),
        RoleFactory(name="Accueil téléphonique", slug="accueil"),
    ]


@pytest.fixture
def enrolled(season):
    """Six enrolled members, two without an email address."""
    members = []
    for index in range(6):
        user = MemberFactory(email="" if index >= 4 else f"jeune{index}@example.org")
        EnrolmentFactory(season=season, user=user)
        members.append(user)
    return members


def make_plan(
    season,
    slots,
    members,
    by,
    *,
    kind=RotationPlan.Kind.ROLES,
    first_week=None,
    weeks=None,
    weeks_per_period=1,
) -> RotationPlan:
    mondays = season.week_starts()
    first_week = first_week or mondays[0]
    weeks = weeks or len([m for m in mondays if m >= first_week])
    return actions.rotation_plan_create(
        season=season,
        kind=kind,
        first_week=first_week,
        weeks=weeks,
        weeks_per_period=weeks_per_period,
        slots=slots,
        participants=members,
        by=by,
    )


@pytest.fixture
def plan(season, roles, enrolled, leader):
    """A draft rotation of the three roles over the whole season."""
    return make_plan(season, roles, enrolled, leader)
