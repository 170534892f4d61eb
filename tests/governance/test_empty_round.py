"""Closing a round nobody voted in is refused with the reason, unless the chair confirms it:
an empty round would reject the motion or force a pointless next round of an election."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cjs.errors import DomainError
from governance import actions
from governance.models import Ballot, Election, Motion
from members.models import Role
from tests.factories import AgendaItemFactory, CandidateFactory, ElectionFactory

pytestmark = pytest.mark.django_db

REASON = "Personne n’a encore voté : le vote reste ouvert."


def test_an_empty_round_is_not_closed_without_confirmation(motion, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    with pytest.raises(DomainError, match="Personne n’a encore voté") as refusal:
        actions.ballot_close(ballot=ballot, by=leader)
    assert refusal.value.code == "empty_ballot"
    ballot.refresh_from_db()
    motion.refresh_from_db()
    assert ballot.is_open and motion.status != Motion.Status.REJECTED


def test_the_chair_may_close_an_empty_round_when_they_say_so(motion, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    closed = actions.ballot_close(ballot=ballot, by=leader, empty=True)
    assert not closed.is_open and closed.papers == 0


def test_a_round_with_a_ballot_closes_as_before(motion, leader, member):
    ballot = actions.ballot_open(motion=motion, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    assert not actions.ballot_close(ballot=ballot, by=leader).is_open


def test_an_empty_election_round_forces_no_second_round(live_meeting, member, other_member, leader):
    election = ElectionFactory(
        item=AgendaItemFactory(meeting=live_meeting), role=Role.objects.first()
    )
    CandidateFactory(election=election, user=member)
    CandidateFactory(election=election, user=other_member)
    ballot = actions.ballot_open(election=election, secret=True, by=leader)
    with pytest.raises(DomainError, match="Personne n’a encore voté"):
        actions.ballot_close(ballot=ballot, by=leader)
    assert Ballot.objects.filter(election=election).count() == 1
    assert Election.objects.get(pk=election.pk).status == Election.Status.VOTING


def test_the_page_shows_why_the_vote_stays_open(motion, leader, leader_client):
    ballot = actions.ballot_open(motion=motion, by=leader)
    page = leader_client.get(reverse("governance:ballot_detail", args=[ballot.pk]))
    assert 'name="empty"' in page.content.decode()
    url = reverse("governance:ballot_close", args=[ballot.pk])
    response = leader_client.post(url, follow=True)
    assert REASON in response.content.decode()
    assert Ballot.objects.get(pk=ballot.pk).is_open
    response = leader_client.post(url, {"empty": "1"}, follow=True)
    assert "Le vote est clos." in response.content.decode()
    assert not Ballot.objects.get(pk=ballot.pk).is_open
