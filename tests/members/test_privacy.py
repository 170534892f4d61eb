"""Minors' personal data (date of birth, guardian, emergency contact) is read by leaders only:
no page a member can open shows another member's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from members import actions
from members.models import Committee
from tests.factories import PortfolioEntryFactory
from tests.members.conftest import make_plan

pytestmark = pytest.mark.django_db

SECRETS = [
    "14 mars 2009",
    "14/03/2009",
    "2009-03-14",
    "Gaspard Vertigo",
    "07 77 88 99 00",
    "gaspard.vertigo@example.org",
    "Philomène Quasar",
    "07 11 22 33 44",
]


@pytest.fixture
def secretive(other_member, season, member, leader, roles, hr_committee):
    """Another member with distinctive personal data, on the same rotation and committees."""
    profile = other_member.profile
    profile.date_of_birth = dt.date(2009, 3, 14)
    profile.guardian_name = "Gaspard Vertigo"
    profile.guardian_phone = "07 77 88 99 00"
    profile.guardian_email = "gaspard.vertigo@example.org"
    profile.parental_authorization_received_on = season.starts_on
    profile.emergency_contact_name = "Philomène Quasar"
    profile.emergency_contact_phone = "07 11 22 33 44"
    profile.save()
    today = timezone.localdate()
    for plan in (
        make_plan(season, roles, [member, other_member], leader),
        make_plan(
            season,
            list(Committee.objects.filter(is_board=False)),
            [member, other_member],
            leader,
            kind="committees",
            weeks_per_period=3,
        ),
    ):
        actions.rotation_publish(plan=plan, today=today, by=leader, notify=False)
    PortfolioEntryFactory(user=other_member, season=season)
    return other_member


def _member_pages(secretive, member) -> list[str]:
    entry = secretive.portfolio_entries.first()
    return [
        reverse("dashboard"),
        reverse("my:profile"),
        reverse("my:rotation"),
        reverse("my:portfolio"),
        reverse("my:attestation"),
        reverse("members:member_detail", args=[secretive.pk]),
        reverse("members:member_edit", args=[secretive.pk]),
        reverse("members:attestation", args=[secretive.pk]),
        reverse("members:directory"),
        reverse("members:directory") + "?q=vertigo",
        reverse("members:directory_export"),
        reverse("members:portfolio_queue"),
        reverse("my:portfolio_edit", args=[entry.pk]),
    ]


def test_a_member_cannot_read_another_members_personal_data_anywhere(
    member_client, member, secretive
):
    for url in _member_pages(secretive, member):
        response = member_client.get(url)
        html = response.content.decode()
        assert response.status_code in (200, 403, 404), url
        for secret in SECRETS:
            assert secret not in html, f"{secret!r} shown to another member on {url}"
    # The pages that show them are refused outright.
    assert (
        member_client.get(reverse("members:member_detail", args=[secretive.pk])).status_code == 403
    )
    assert (
        member_client.get(
            reverse("my:portfolio_edit", args=[secretive.portfolio_entries.first().pk])
        ).status_code
        == 404
    )


def test_a_delegate_planning_the_rotation_does_not_see_them_either(
    delegate_client, member, secretive
):
    plans = list(secretive.rotation_plans.all())
    urls = [reverse("members:rotation_list"), reverse("members:rotation_create")]
    urls += [reverse("members:rotation_board", args=[plan.pk]) for plan in plans]
    urls += _member_pages(secretive, member)
    for url in urls:
        html = delegate_client.get(url).content.decode()
        for secret in SECRETS:
            assert secret not in html, f"{secret!r} shown to a delegate on {url}"


def test_the_member_reads_their_own_and_the_leader_reads_everyones(
    other_member_client, leader_client, secretive
):
    own = other_member_client.get(reverse("my:profile")).content.decode()
    assert "14 mars 2009" in own and "Gaspard Vertigo" in own
    detail = leader_client.get(reverse("members:member_detail", args=[secretive.pk]))
    html = detail.content.decode()
    assert all(secret in html for secret in ["14 mars 2009", "Gaspard Vertigo", "Philomène Quasar"])


def test_a_member_cannot_change_what_only_leaders_record(other_member_client, secretive):
    other_member_client.post(
        reverse("my:profile"),
        {
            "phone": "06 00 00 00 00",
            "email": "nouveau@example.org",
            "availability": ["0-0"],
            "date_of_birth": "2000-01-01",
            "guardian_name": "Quelqu'un d'autre",
            "parental_authorization_received_on": "2020-01-01",
        },
    )
    secretive.profile.refresh_from_db()
    assert secretive.profile.phone == "06 00 00 00 00"
    assert secretive.profile.date_of_birth == dt.date(2009, 3, 14)
    assert secretive.profile.guardian_name == "Gaspard Vertigo"


def test_only_leaders_see_that_another_member_is_not_cleared(
    member_client, delegate_client, leader_client, member, other_member, season, roles, leader
):
    # ``other_member`` is a minor whose guardian has not answered yet: telling the other
    # members so would tell them their age and their family's answer.
    profile = other_member.profile
    profile.date_of_birth = dt.date(2010, 5, 2)
    profile.parental_authorization_received_on = None
    profile.save()
    plan = make_plan(season, roles, [member, other_member], leader)
    actions.rotation_publish(plan=plan, today=timezone.localdate(), by=leader, notify=False)
    hidden = ["non autorisé", "sans autorisation parentale"]
    for client, url in [
        (member_client, reverse("my:rotation")),
        (delegate_client, reverse("my:rotation")),
        (delegate_client, reverse("members:rotation_board", args=[plan.pk])),
        (delegate_client, reverse("members:rotation_create")),
    ]:
        html = client.get(url).content.decode()
        assert other_member.first_name in html, url
        for text in hidden:
            assert text not in html, f"{text!r} shown to a member on {url}"
    html = leader_client.get(reverse("members:rotation_board", args=[plan.pk])).content.decode()
    assert "non autorisé" in html and "sans autorisation parentale" in html
