"""Elections: rounds, ties resolved by a new round, and the result applied in one click."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cjs.errors import DomainError
from governance import actions
from governance.models import Ballot, Election
from members.models import Committee, CommitteeMembership, Role, RoleAssignment
from tests.factories import (
    AgendaItemFactory,
    CandidateFactory,
    CommitteeMembershipFactory,
    ElectionFactory,
    RoleAssignmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def voters(live_meeting, member, other_member, leader, make_members):
    extra = make_members(2)
    for user in extra:
        actions.attendance_set(meeting=live_meeting, user=user, status="present", by=leader)
    return [member, other_member, *extra]


def _round(election, votes, leader, voters):
    ballot = actions.ballot_open(election=election, secret=True, by=leader)
    for voter, candidate in zip(voters, votes, strict=True):
        picks = [] if candidate is None else [candidate.pk]
        actions.vote_cast(ballot=ballot, voter=voter, by=voter, candidates=picks)
    return actions.ballot_close(ballot=ballot, by=leader)


def _finances_election(meeting) -> Election:
    """Two seats on the finance committee, on one ballot with several names."""
    return ElectionFactory(
        item=AgendaItemFactory(meeting=meeting),
        committee=Committee.objects.get(slug="finances"),
        seats=2,
        method=Election.Method.MULTIPLE,
    )


def test_a_tie_goes_to_a_second_round_between_the_tied(live_meeting, voters, leader):
    role = Role.objects.get(slug="tresorerie")
    election = ElectionFactory(
        item=AgendaItemFactory(meeting=live_meeting),
        role=role,
        absolute_majority_first_round=False,
    )
    lea, hugo, ines = (CandidateFactory(election=election, user=u) for u in voters[:3])
    first = _round(election, [lea, hugo, lea, hugo], leader, voters)
    assert first.outcome == "tie"
    second = actions.ballot_open(election=election, secret=True, by=leader)
    assert (second.round, set(second.candidates.all())) == (2, {lea, hugo})
    with pytest.raises(DomainError, match="pas candidat"):
        actions.vote_cast(ballot=second, voter=voters[0], by=voters[0], candidates=[ines.pk])
    for voter, pick in zip(voters, [lea, lea, hugo, None], strict=True):
        actions.vote_cast(
            ballot=second, voter=voter, by=voter, candidates=[pick.pk] if pick else []
        )
    actions.ballot_close(ballot=second, by=leader)
    election.refresh_from_db()
    assert election.status == Election.Status.DECIDED
    assert list(election.candidates.filter(elected=True)) == [lea]


def test_applying_an_officer_election_creates_the_role_assignment(
    live_meeting, voters, leader, season
):
    role = Role.objects.get(slug="presidence")
    previous = RoleAssignmentFactory(
        season=season, role=role, user=voters[3], starts_on=season.starts_on
    )
    election = ElectionFactory(item=AgendaItemFactory(meeting=live_meeting), role=role)
    lea, hugo = (CandidateFactory(election=election, user=u) for u in voters[:2])
    _round(election, [lea, lea, lea, hugo], leader, voters)
    assert actions.election_apply(election=election, by=leader) == 1
    assignment = RoleAssignment.objects.get(role=role, user=voters[0])
    assert (assignment.starts_on, assignment.ends_on) == (live_meeting.day, season.ends_on)
    previous.refresh_from_db()
    assert previous.ends_on < live_meeting.day  # the previous holder hands over
    with pytest.raises(DomainError, match="déjà été appliqué"):
        actions.election_apply(election=election, by=leader)


def test_applying_refuses_a_conflict_and_changes_nothing(live_meeting, voters, leader, season):
    role = Role.objects.get(slug="secretariat")
    planned = RoleAssignmentFactory(
        season=season, role=role, user=voters[3], starts_on=live_meeting.day
    )
    election = ElectionFactory(item=AgendaItemFactory(meeting=live_meeting), role=role)
    lea = CandidateFactory(election=election, user=voters[0])
    _round(election, [lea, lea, lea, None], leader, voters)
    with pytest.raises(DomainError, match="déjà attribué"):
        actions.election_apply(election=election, by=leader)
    assert list(RoleAssignment.objects.filter(role=role)) == [planned]
    election.refresh_from_db()
    assert election.status == Election.Status.DECIDED


def test_a_committee_election_on_one_multiple_choice_ballot(live_meeting, voters, leader):
    election = _finances_election(live_meeting)
    committee = election.committee
    candidates = [CandidateFactory(election=election, user=u) for u in voters[:3]]
    ballot = actions.ballot_open(election=election, secret=False, by=leader)
    assert ballot.max_choices == 2
    with pytest.raises(DomainError, match="au plus 2"):
        actions.vote_cast(
            ballot=ballot, voter=voters[0], by=voters[0], candidates=[c.pk for c in candidates]
        )
    for voter in voters:
        actions.vote_cast(
            ballot=ballot, voter=voter, by=voter, candidates=[candidates[0].pk, candidates[1].pk]
        )
    actions.ballot_close(ballot=ballot, by=leader)
    assert actions.election_apply(election=election, by=leader) == 2
    assert set(
        CommitteeMembership.objects.filter(committee=committee).values_list("user", flat=True)
    ) == {voters[0].pk, voters[1].pk}


def test_one_ballot_per_seat_fills_the_seats_one_after_the_other(live_meeting, voters, leader):
    election = ElectionFactory(
        item=AgendaItemFactory(meeting=live_meeting),
        committee=Committee.objects.get(slug="rh"),
        seats=2,
        absolute_majority_first_round=False,
    )
    lea, hugo = (CandidateFactory(election=election, user=u) for u in voters[:2])
    _round(election, [lea, lea, hugo, lea], leader, voters)
    second_seat = actions.ballot_open(election=election, secret=True, by=leader)
    assert (second_seat.seat, list(second_seat.candidates.all())) == (2, [hugo])
    for voter in voters:
        actions.vote_cast(ballot=second_seat, voter=voter, by=voter, candidates=[hugo.pk])
    actions.ballot_close(ballot=second_seat, by=leader)
    election.refresh_from_db()
    assert election.status == Election.Status.DECIDED
    assert Ballot.objects.filter(election=election).count() == 2


def test_candidacies_close_when_the_vote_opens(live_meeting, voters, leader):
    election = ElectionFactory(item=AgendaItemFactory(meeting=live_meeting))
    CandidateFactory(election=election, user=voters[0])
    actions.ballot_open(election=election, by=leader)
    with pytest.raises(DomainError, match="closes"):
        actions.candidate_add(election=election, user=voters[1], by=voters[1])


def test_applying_a_committee_election_covers_the_whole_term(
    live_meeting, voters, leader, season, leader_client
):
    """The audit's case: the elected members already sat on the committee on the first day
    of the term, but their seats ended sooner. Applying covers the days left, and says how
    many members it changed."""
    election = _finances_election(live_meeting)
    committee = election.committee
    start, end = election.term_starts_on, election.term_ends_on
    short = CommitteeMembershipFactory(
        season=season,
        committee=committee,
        user=voters[0],
        starts_on=start,
        ends_on=start + dt.timedelta(days=3),
    )
    CommitteeMembershipFactory(
        season=season, committee=committee, user=voters[1], starts_on=start, ends_on=end
    )
    lea, hugo = (CandidateFactory(election=election, user=u) for u in voters[:2])
    ballot = actions.ballot_open(election=election, secret=True, by=leader)
    for voter in voters:
        actions.vote_cast(ballot=ballot, voter=voter, by=voter, candidates=[lea.pk, hugo.pk])
    actions.ballot_close(ballot=ballot, by=leader)

    response = leader_client.post(
        reverse("governance:election_apply", args=[election.pk]), follow=True
    )
    assert "1 membre prend son siège" in response.content.decode()
    seats = CommitteeMembership.objects.filter(committee=committee, user=voters[0])
    assert sorted((s.starts_on, s.ends_on) for s in seats) == [
        (short.starts_on, short.ends_on),
        (start + dt.timedelta(days=4), end),
    ]
    assert CommitteeMembership.objects.filter(committee=committee, user=voters[1]).count() == 1


def test_applying_says_so_when_nothing_changes(live_meeting, voters, leader, season):
    committee = Committee.objects.get(slug="rh")
    election = ElectionFactory(item=AgendaItemFactory(meeting=live_meeting), committee=committee)
    CommitteeMembershipFactory(
        season=season,
        committee=committee,
        user=voters[0],
        starts_on=election.term_starts_on,
        ends_on=election.term_ends_on,
    )
    lea = CandidateFactory(election=election, user=voters[0])
    _round(election, [lea, lea, lea, None], leader, voters)
    assert actions.election_apply(election=election, by=leader) == 0
    election.refresh_from_db()
    assert election.status == Election.Status.APPLIED


def test_an_election_is_secret_unless_the_chair_says_otherwise(live_meeting, voters, leader):
    election = ElectionFactory(item=AgendaItemFactory(meeting=live_meeting))
    CandidateFactory(election=election, user=voters[0])
    assert actions.ballot_open(election=election, by=leader).secret


def test_any_member_may_ask_for_a_secret_ballot_in_an_election(
    live_meeting, voters, leader, client_for
):
    """Votes about people: once a member asks, every round is secret, whatever the chair
    ticks."""
    election = ElectionFactory(
        item=AgendaItemFactory(meeting=live_meeting), absolute_majority_first_round=False
    )
    lea, hugo = (CandidateFactory(election=election, user=u) for u in voters[:2])
    url = reverse("governance:election_detail", args=[election.pk])
    page = client_for(voters[2]).get(url).content.decode()
    assert "Demander un scrutin secret" in page
    request = reverse("governance:election_request_secret", args=[election.pk])
    assert client_for(voters[2]).post(request).status_code == 302
    with pytest.raises(DomainError, match="membre de la réunion"):
        actions.election_request_secret(election=election, by=leader)
    election.refresh_from_db()
    assert election.secret_requested_by == voters[2]
    chair_page = client_for(leader).get(url).content.decode()
    assert '<input type="hidden" name="secret" value="1">' in chair_page

    opened = client_for(leader).post(reverse("governance:election_vote_open", args=[election.pk]))
    first = Ballot.objects.get(election=election)
    assert opened.status_code == 302 and first.secret
    for voter, pick in zip(voters, [lea, hugo, lea, hugo], strict=True):
        actions.vote_cast(ballot=first, voter=voter, by=voter, candidates=[pick.pk])
    actions.ballot_close(ballot=first, by=leader)
    second = actions.ballot_open(election=election, secret=False, by=leader)
    assert second.round == 2 and second.secret
