"""The skills portfolio (boîte à compétences) and the end-of-season attestation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from members.models import PortfolioEntry, RoleAssignment, Skill
from members.portfolio import ActivitySource, register_activity_source, unregister_activity_source
from tests.factories import (
    CommitteeMembershipFactory,
    LeaderFactory,
    MemberSkillFactory,
    PortfolioEntryFactory,
    RoleAssignmentFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _entry_data(**changes) -> dict:
    data = {
        "happened_on": timezone.localdate().isoformat(),
        "title": "Tailler une haie",
        "reflection": "J'ai appris à tenir le taille-haie en sécurité.",
        "skill": "",
        "role": "",
        "committee": "",
    }
    data.update(changes)
    return data


def test_a_member_adds_an_entry_to_their_portfolio(member_client, member, season, roles):
    response = member_client.post(reverse("my:portfolio"), _entry_data(role=roles[0].pk))
    assert response.status_code == 302
    entry = PortfolioEntry.objects.get()
    assert (entry.user, entry.season, entry.role) == (member, season, roles[0])
    assert not entry.is_confirmed
    assert "Tailler une haie" in member_client.get(reverse("my:portfolio")).content.decode()


def test_an_entry_must_fall_within_the_season(member_client, season):
    response = member_client.post(
        reverse("my:portfolio"),
        _entry_data(happened_on=(season.starts_on - dt.timedelta(days=1)).isoformat()),
    )
    assert "La date doit être comprise dans la saison." in response.content.decode()
    assert not PortfolioEntry.objects.exists()


def test_a_member_edits_and_deletes_their_own_entries_until_confirmed(
    member_client, member, season, leader
):
    entry = PortfolioEntryFactory(user=member, season=season)
    url = reverse("my:portfolio_edit", args=[entry.pk])
    member_client.post(url, _entry_data(title="Peindre une clôture"))
    entry.refresh_from_db()
    assert entry.title == "Peindre une clôture"
    entry.confirmed_by = leader
    entry.confirmed_at = timezone.now()
    entry.save()
    member_client.post(url, _entry_data(title="Autre chose"))
    member_client.post(reverse("my:portfolio_delete", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.title == "Peindre une clôture"


def test_nobody_touches_another_members_entries(other_member_client, member, season):
    entry = PortfolioEntryFactory(user=member, season=season)
    assert other_member_client.get(reverse("my:portfolio_edit", args=[entry.pk])).status_code == 404
    response = other_member_client.post(reverse("my:portfolio_delete", args=[entry.pk]))
    assert response.status_code == 404
    assert PortfolioEntry.objects.filter(pk=entry.pk).exists()


def test_members_cannot_confirm_entries(member_client, member, season):
    entry = PortfolioEntryFactory(user=member, season=season)
    response = member_client.post(reverse("members:portfolio_confirm", args=[entry.pk]))
    assert response.status_code == 403
    entry.refresh_from_db()
    assert not entry.is_confirmed


def test_a_leader_confirms_with_htmx_and_the_entry_updates_in_place(
    leader_client, leader, member, season
):
    entry = PortfolioEntryFactory(user=member, season=season, title="Accueil au téléphone")
    queue = leader_client.get(reverse("members:portfolio_queue")).content.decode()
    assert "Accueil au téléphone" in queue
    response = leader_client.post(
        reverse("members:portfolio_confirm", args=[entry.pk]), {"show_member": "1"}, **HTMX
    )
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="entry-{entry.pk}"' in html
    assert "confirmée" in html
    assert str(member) in html
    entry.refresh_from_db()
    assert entry.confirmed_by == leader
    # Without htmx: back to the queue, which no longer lists it.
    response = leader_client.post(
        reverse("members:portfolio_confirm", args=[entry.pk]), {"undo": "1"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert not entry.is_confirmed


def test_confirming_never_sends_the_leader_to_another_site(leader_client, member, season):
    entry = PortfolioEntryFactory(user=member, season=season)
    url = reverse("members:portfolio_confirm", args=[entry.pk])
    outside = leader_client.post(url, {"next": "https://example.com/piege/"})
    assert outside["Location"] == reverse("members:portfolio_queue")
    inside = leader_client.post(
        url, {"undo": "1", "next": reverse("members:member_detail", args=[member.pk])}
    )
    assert inside["Location"] == reverse("members:member_detail", args=[member.pk])


def test_an_entry_links_to_an_activity_another_app_offers(member_client, member, season, roles):
    """The services and governance apps offer jobs and meetings; here role assignments stand
    in for them."""
    register_activity_source(
        ActivitySource(
            model="members.RoleAssignment",
            label="Semaine de rôle",
            choices=lambda user, season: RoleAssignment.objects.filter(user=user, season=season),
        )
    )
    try:
        mine = RoleAssignmentFactory(season=season, user=member, role=roles[0])
        theirs = RoleAssignmentFactory(season=season, role=roles[1])
        refused = member_client.post(
            reverse("my:portfolio"), _entry_data(activity=f"members.roleassignment:{theirs.pk}")
        )
        assert refused.status_code == 200
        assert "Sélectionnez un choix valide" in refused.content.decode()
        assert not PortfolioEntry.objects.exists()
        member_client.post(
            reverse("my:portfolio"), _entry_data(activity=f"members.roleassignment:{mine.pk}")
        )
        assert PortfolioEntry.objects.get().activity == mine
    finally:
        unregister_activity_source("members.RoleAssignment")


def test_the_attestation_is_in_french_and_lists_what_the_member_did(
    leader_client, member, season, roles
):
    LeaderFactory(first_name="Karim", last_name="Benali")
    RoleAssignmentFactory(
        season=season,
        user=member,
        role=roles[0],
        starts_on=season.starts_on,
        ends_on=season.starts_on + dt.timedelta(days=13),
    )
    CommitteeMembershipFactory(season=season, user=member)
    PortfolioEntryFactory(
        user=member, season=season, title="Animer un débrief", confirmed_at=timezone.now()
    )
    PortfolioEntryFactory(user=member, season=season, title="Pas encore confirmée")
    leader_client.cookies["cjs_language"] = "en"
    response = leader_client.get(reverse("members:attestation", args=[member.pk]))
    html = response.content.decode()
    assert "Attestation de participation" in html
    assert "Léa Martin" in html
    assert "Animation du débrief" in html and "2 semaines" in html
    assert "Animer un débrief" in html
    assert "Pas encore confirmée" not in html
    assert "Karim Benali" in html and "Camille Rousseau" in html
    assert "Signature" in html


def test_a_member_prints_their_own_attestation_only(member_client, other_member, member):
    assert member_client.get(reverse("my:attestation")).status_code == 200
    url = reverse("members:attestation", args=[other_member.pk])
    assert member_client.get(url).status_code == 403


def test_the_attestation_counts_only_what_was_done_so_far(leader_client, member, season, roles):
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    RoleAssignmentFactory(
        season=season,
        user=member,
        role=roles[2],
        starts_on=monday + dt.timedelta(weeks=2),
        ends_on=monday + dt.timedelta(weeks=2, days=6),
    )
    babysitting = Skill.objects.get(slug="garde-enfants")
    MemberSkillFactory(user=member, skill=babysitting, certificate_until=None)
    html = leader_client.get(reverse("members:attestation", args=[member.pk])).content.decode()
    assert "Accueil téléphonique" not in html  # still to come
    assert escape(babysitting.name) not in html  # no certificate
    # Only a confirmed (or earned) skill is attested, not one the member only declared.
    MemberSkillFactory(
        user=member, skill=Skill.objects.get(slug="tonte"), confirmed_at=timezone.now()
    )
    html = leader_client.get(reverse("members:attestation", args=[member.pk])).content.decode()
    assert "Tonte de pelouse" in html
    assert "provisoire" in html


def test_a_next_that_is_not_a_path_goes_back_to_the_queue(leader_client, member, season):
    """``redirect("foo")`` looks ``foo`` up as a URL name: it was a server error."""
    entry = PortfolioEntryFactory(user=member, season=season)
    response = leader_client.post(
        reverse("members:portfolio_confirm", args=[entry.pk]), {"next": '"><img src=x>'}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:portfolio_queue")
