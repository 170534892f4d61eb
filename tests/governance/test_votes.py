"""Voting on motions: who votes, once each, changing a named vote, results and their rules."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from cjs.errors import DomainError
from governance import actions
from governance.models import (
    Attendance,
    Ballot,
    MeetingRules,
    Minutes,
    Motion,
    NamedVote,
    Participation,
)
from tests.factories import (
    AgendaItemFactory,
    EnrolmentFactory,
    LeaderFactory,
    MeetingFactory,
    MotionFactory,
)

pytestmark = pytest.mark.django_db


def test_member_present_votes_and_the_motion_is_adopted(motion, member, other_member, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.vote_cast(ballot=ballot, voter=other_member, by=other_member, choice="abstain")
    actions.ballot_close(ballot=ballot, by=leader)
    motion.refresh_from_db()
    assert motion.status == Motion.Status.ADOPTED
    assert (motion.votes_yes, motion.votes_no, motion.votes_abstain, motion.voters) == (1, 0, 1, 2)


def test_member_not_present_cannot_vote(motion, member, other_member, leader, make_members):
    meeting = motion.item.meeting
    for user in make_members(2):
        actions.attendance_set(meeting=meeting, user=user, status="present", by=leader)
    actions.attendance_set(
        meeting=meeting, user=other_member, status=Attendance.Status.ABSENT, by=leader
    )
    ballot = actions.ballot_open(motion=motion, by=leader)
    with pytest.raises(DomainError, match="Seuls les membres présents"):
        actions.vote_cast(ballot=ballot, voter=other_member, by=other_member, choice="yes")
    assert not Participation.objects.exists()


def test_leader_cannot_vote_even_when_enrolled(motion, leader, season):
    EnrolmentFactory(season=season, user=leader)
    ballot = actions.ballot_open(motion=motion, by=leader)
    with pytest.raises(DomainError, match="ne votent pas"):
        actions.vote_cast(ballot=ballot, voter=leader, by=leader, choice="yes")


def test_member_cannot_vote_for_someone_without_their_proxy(motion, member, other_member, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    with pytest.raises(DomainError, match="procuration"):
        actions.vote_cast(ballot=ballot, voter=other_member, by=member, choice="yes")


def test_proxy_holder_votes_for_the_absent_member(
    live_meeting, member, other_member, leader, make_members
):
    (absent,) = make_members(1)
    actions.proxy_give(
        meeting=live_meeting, giver=absent, holder=member, by=leader, giver_asked=True
    )
    motion = MotionFactory(item=AgendaItemFactory(meeting=live_meeting))
    ballot = actions.ballot_open(motion=motion, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.vote_cast(ballot=ballot, voter=absent, by=member, choice="no")
    participation = Participation.objects.get(ballot=ballot, voter=absent)
    assert participation.cast_by == member
    actions.ballot_close(ballot=ballot, by=leader)
    motion.refresh_from_db()
    assert (motion.votes_yes, motion.votes_no, motion.voters) == (1, 1, 3)


def test_member_changes_a_named_vote_until_it_closes(motion, member, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="no")
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    assert list(NamedVote.objects.values_list("choice", flat=True)) == ["yes"]
    assert Participation.objects.count() == 1
    actions.ballot_close(ballot=ballot, by=leader)
    with pytest.raises(DomainError, match="clos"):
        actions.vote_cast(ballot=ballot, voter=member, by=member, choice="no")


def test_a_secret_vote_cannot_be_changed(motion, member, leader):
    ballot = actions.ballot_open(motion=motion, secret=True, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="no")
    with pytest.raises(DomainError, match="secret"):
        actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    assert sum(ballot.secret_counts.values_list("count", flat=True)) == 1


def test_the_database_refuses_a_second_participation(motion, member, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    Participation.objects.create(ballot=ballot, voter=member, cast_by=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(ballot=ballot, voter=member, cast_by=member)


def test_the_database_refuses_two_open_votes_in_a_meeting(motion, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    other = MotionFactory(item=motion.item)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(meeting=ballot.meeting, motion=other)


def test_one_vote_at_a_time(motion, leader):
    actions.ballot_open(motion=motion, by=leader)
    other = MotionFactory(item=motion.item)
    with pytest.raises(DomainError, match="Un autre vote est ouvert"):
        actions.ballot_open(motion=other, by=leader)


def test_no_vote_opens_without_quorum_and_the_chair_is_told_why(season, leader, make_members):
    members = make_members(5)
    meeting = MeetingFactory(season=season, chair=leader)
    actions.meeting_open(meeting=meeting, by=leader)
    for user in members[:2]:
        actions.attendance_set(meeting=meeting, user=user, status="present", by=leader)
    motion = MotionFactory(item=AgendaItemFactory(meeting=meeting))
    with pytest.raises(DomainError) as refused:
        actions.ballot_open(motion=motion, by=leader)
    assert refused.value.message == (
        "Pas de quorum : 2 membres présents ou représentés, 3 requis (5 membres). "
        "Il en manque 1 avant de pouvoir voter."
    )
    actions.attendance_set(meeting=meeting, user=members[2], status="present", by=leader)
    assert actions.ballot_open(motion=motion, by=leader).is_open


def test_no_vote_before_the_meeting_is_open(meeting, leader):
    motion = MotionFactory(item=AgendaItemFactory(meeting=meeting))
    with pytest.raises(DomainError, match="en cours"):
        actions.ballot_open(motion=motion, by=leader)


def test_amendments_are_voted_before_their_motion(motion, member, other_member, leader):
    amendment = actions.motion_add(
        item=motion.item, title="Plutôt 100 €", text="Pour 100 €.", amends=motion, by=leader
    )
    with pytest.raises(DomainError, match="amendements"):
        actions.ballot_open(motion=motion, by=leader)
    ballot = actions.ballot_open(motion=amendment, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.ballot_close(ballot=ballot, by=leader)
    assert actions.ballot_open(motion=motion, by=leader).is_open
    assert list(Motion.objects.filter(item=motion.item)) == [motion, amendment]


def _tie(motion, member, other_member, leader, *, secret=False):
    ballot = actions.ballot_open(motion=motion, secret=secret, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.vote_cast(ballot=ballot, voter=other_member, by=other_member, choice="no")
    return actions.ballot_close(ballot=ballot, by=leader)


def test_a_tie_is_rejected_when_the_rules_give_no_casting_vote(
    motion, member, other_member, leader
):
    live_meeting = motion.item.meeting
    live_meeting.chair = member
    live_meeting.save()
    ballot = _tie(motion, member, other_member, leader)
    motion.refresh_from_db()
    assert ballot.outcome == "rejected" and motion.status == Motion.Status.REJECTED
    with pytest.raises(DomainError, match="n’attend pas de voix prépondérante"):
        actions.ballot_casting_vote(ballot=ballot, choice="yes", by=member)


def test_the_chair_settles_a_tie_once_the_count_is_known(motion, member, other_member, leader):
    """The rules give the chair a casting vote: the vote closes first, then the chair (a
    member) settles the tie knowing the count, even after a secret ballot."""
    MeetingRules.objects.update_or_create(kind="board", defaults={"chair_casting_vote": True})
    meeting = motion.item.meeting
    meeting.chair = member
    meeting.save()
    ballot = _tie(motion, member, other_member, leader, secret=True)
    motion.refresh_from_db()
    assert ballot.awaits_casting_vote and motion.status == Motion.Status.OPEN
    assert (motion.votes_yes, motion.votes_no) == (1, 1)
    with pytest.raises(DomainError, match="départager"):
        actions.ballot_open(motion=MotionFactory(item=motion.item), by=leader)
    with pytest.raises(DomainError, match="départager"):
        actions.meeting_close(meeting=meeting, by=leader)
    for someone_else in (leader, other_member):
        with pytest.raises(DomainError, match="Seule la présidence de séance"):
            actions.ballot_casting_vote(ballot=ballot, choice="yes", by=someone_else)

    actions.ballot_casting_vote(ballot=ballot, choice="no", by=member)
    motion.refresh_from_db()
    ballot.refresh_from_db()
    assert motion.status == Motion.Status.REJECTED and motion.casting_vote == "no"
    assert ballot.outcome == "rejected"
    with pytest.raises(DomainError, match="n’attend pas"):
        actions.ballot_casting_vote(ballot=ballot, choice="yes", by=member)


def test_a_leader_never_decides_a_tie(motion, member, other_member, leader):
    """The audit's case: the rules allow a casting vote, a leader opens a secret ballot and
    closes it 1 for 1 against. The meeting's chair is a leader (as old meetings allowed): no
    casting vote, the tie is rejected."""
    MeetingRules.objects.update_or_create(kind="board", defaults={"chair_casting_vote": True})
    assert motion.item.meeting.chair == leader
    ballot = _tie(motion, member, other_member, leader, secret=True)
    motion.refresh_from_db()
    assert ballot.outcome == "rejected" and motion.status == Motion.Status.REJECTED
    assert motion.casting_vote == ""


def test_the_casting_vote_page_is_the_chairs(motion, member, other_member, leader, client_for):
    MeetingRules.objects.update_or_create(kind="board", defaults={"chair_casting_vote": True})
    meeting = motion.item.meeting
    meeting.chair = member
    meeting.save()
    ballot = _tie(motion, member, other_member, leader)
    page = client_for(member).get(reverse("governance:ballot_detail", args=[ballot.pk]))
    assert 'data-testid="casting-vote"' in page.content.decode()
    others = client_for(other_member).get(reverse("governance:ballot_detail", args=[ballot.pk]))
    assert 'data-testid="casting-vote"' not in others.content.decode()
    assert "qui préside la séance, départage" in others.content.decode()
    url = reverse("governance:ballot_casting_vote", args=[ballot.pk])
    assert client_for(leader).post(url, {"choice": "yes"}).status_code == 403
    assert client_for(other_member).post(url, {"choice": "yes"}).status_code == 403
    assert client_for(member).post(url, {"choice": "yes"}).status_code == 302
    motion.refresh_from_db()
    assert motion.status == Motion.Status.ADOPTED and motion.casting_vote == "yes"


def test_absolute_majority_counts_the_members_present(
    live_meeting, member, other_member, leader, make_members
):
    third = make_members(1)[0]
    actions.attendance_set(meeting=live_meeting, user=third, status="present", by=leader)
    motion = MotionFactory(item=AgendaItemFactory(meeting=live_meeting), majority="absolute")
    ballot = actions.ballot_open(motion=motion, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.vote_cast(ballot=ballot, voter=other_member, by=other_member, choice="abstain")
    actions.ballot_close(ballot=ballot, by=leader)
    motion.refresh_from_db()
    # 1 yes of 3 present: a simple majority of the votes cast, not an absolute one.
    assert motion.status == Motion.Status.REJECTED and motion.voters == 3


def test_adopting_the_approval_motion_approves_the_previous_minutes(
    season, leader, member, other_member
):
    previous = MeetingFactory(season=season, chair=leader)
    previous.starts_at = previous.starts_at.replace(hour=9)
    previous.save()
    actions.meeting_open(meeting=previous, by=leader)
    actions.meeting_close(meeting=previous, by=leader)
    Minutes.objects.get_or_create(meeting=previous)
    meeting = actions.meeting_create(
        season=season,
        kind="board",
        title="Conseil suivant",
        starts_at=previous.starts_at.replace(hour=18),
        by=leader,
    )
    approval = Motion.objects.get(item__meeting=meeting, approves_minutes_of=previous)
    actions.meeting_open(meeting=meeting, by=leader)
    for user in (member, other_member):
        actions.attendance_set(meeting=meeting, user=user, status="present", by=leader)
    ballot = actions.ballot_open(motion=approval, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.ballot_close(ballot=ballot, by=leader)
    minutes = Minutes.objects.get(meeting=previous)
    assert minutes.status == Minutes.Status.APPROVED and minutes.approved_by == approval
    with pytest.raises(DomainError, match="approuvé"):
        actions.minutes_update(meeting=previous, introduction="Changement", by=leader)


def test_closing_the_meeting_postpones_the_motions_not_voted(motion, leader):
    actions.meeting_close(meeting=motion.item.meeting, by=leader)
    motion.refresh_from_db()
    assert motion.status == Motion.Status.POSTPONED


def test_meeting_cannot_close_with_a_vote_open(motion, leader):
    actions.ballot_open(motion=motion, by=leader)
    with pytest.raises(DomainError, match="encore ouvert"):
        actions.meeting_close(meeting=motion.item.meeting, by=leader)


def test_any_member_may_ask_for_a_secret_ballot(motion, member, leader):
    actions.motion_request_secret(motion=motion, by=member)
    ballot = actions.ballot_open(motion=motion, secret=False, by=leader)
    assert ballot.secret


def test_a_leader_cannot_ask_for_a_secret_ballot(motion):
    with pytest.raises(DomainError, match="membre de la réunion"):
        actions.motion_request_secret(motion=motion, by=LeaderFactory())


def test_phones_lose_their_vote_buttons_when_the_vote_closes(
    motion, member, other_member, leader, member_client
):
    """The poll that brings the result also removes the voting buttons (out of band), and a
    vote sent after the close gets the message without buttons."""
    ballot = actions.ballot_open(motion=motion, by=leader)
    live = reverse("governance:ballot_live", args=[ballot.pk])
    assert 'id="vote"' not in member_client.get(live, HTTP_HX_REQUEST="true").content.decode()
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.ballot_close(ballot=ballot, by=leader)

    html = member_client.get(live, HTTP_HX_REQUEST="true").content.decode()
    assert '<section id="vote" data-hx-swap-oob="true"' in html
    assert "Le vote est clos" in html and 'name="choice"' not in html
    late = member_client.post(
        reverse("governance:ballot_vote", args=[ballot.pk]),
        {"voter": member.pk, "choice": "no"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Ce vote est clos." in late and 'name="choice"' not in late


def test_the_voters_own_screen_counts_their_ballot_at_once(motion, member, leader, member_client):
    """After 'Pour', the phone showed '0 bulletin déposé' until the next poll: the answer to
    the vote now carries the live count too (out of band)."""
    ballot = actions.ballot_open(motion=motion, by=leader)
    html = member_client.post(
        reverse("governance:ballot_vote", args=[ballot.pk]),
        {"voter": member.pk, "choice": "yes"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert (
        '<section id="ballot-live" class="card mb-3" aria-live="polite" data-hx-swap-oob="true"'
        in (html)
    )
    assert '<span data-testid="ballots-cast">1</span>' in html


@pytest.mark.parametrize("voter", ["<script>", "²", "9" * 40])
def test_a_posted_voter_that_is_not_an_id_is_not_found(motion, member, leader, client_for, voter):
    """It used to reach the query as text: a server error instead of a 404."""
    ballot = actions.ballot_open(motion=motion, by=leader)
    response = client_for(member).post(
        reverse("governance:ballot_vote", args=[ballot.pk]), {"voter": voter, "choice": "yes"}
    )
    assert response.status_code == 404
