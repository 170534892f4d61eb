"""A ballot's page reads who a phone votes for in one query (``voter_roll``): it must answer
exactly as the meeting's roster does (``Roster.voters_for``, ``present_ids``, ``member_pks``)
in every situation of attendance and proxies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import actions
from governance.models import Attendance, MeetingRules, Participation, Proxy
from governance.queries import meeting_roster, voter_roll
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    CommitteeMembershipFactory,
    MeetingFactory,
    MemberFactory,
    MotionFactory,
)

pytestmark = pytest.mark.django_db


def _open_ballot(meeting, leader):
    motion = MotionFactory(item=AgendaItemFactory(meeting=meeting))
    return actions.ballot_open(motion=motion, by=leader)


def _as_the_roster_says(ballot, user) -> dict:
    roster = meeting_roster(ballot.meeting)
    voters = [v.pk for v in roster.voters_for(user)]
    voted = set(
        Participation.objects.filter(ballot=ballot, voter_id__in=voters).values_list(
            "voter_id", flat=True
        )
    )
    return {
        "is_member": user.pk in roster.member_pks,
        "present": user.pk in roster.present_ids,
        "voters": voters,
        "voted": voted,
    }


def _as_the_roll_says(ballot, user) -> dict:
    roll = voter_roll(ballot, user)
    return {
        "is_member": roll.is_member,
        "present": roll.present,
        "voters": [v.pk for v in roll.voters],
        "voted": set(roll.voted),
    }


def _same_answer(ballot, *users) -> None:
    for user in users:
        assert _as_the_roll_says(ballot, user) == _as_the_roster_says(ballot, user), user


def test_a_present_member_votes_for_themselves_and_the_absent_members_whose_proxy_they_carry(
    live_meeting, member, other_member, leader, make_members
):
    MeetingRules.objects.filter(kind="board").update(max_proxies=3)
    first, second, third = make_members(3)
    # Given in this order; read back in the proxies' order, whatever the names say.
    for giver in (third, first, second):
        actions.proxy_give(
            meeting=live_meeting, giver=giver, holder=member, by=leader, giver_asked=True
        )
    ballot = _open_ballot(live_meeting, leader)
    expected = [member.pk, third.pk, first.pk, second.pk]
    assert [v.pk for v in voter_roll(ballot, member).voters] == expected
    _same_answer(ballot, member, other_member, first, leader)


def test_a_proxy_counts_only_while_its_holder_is_present_and_its_giver_is_not(
    live_meeting, member, other_member, leader, make_members
):
    giver, late_giver = make_members(2)
    actions.proxy_give(
        meeting=live_meeting, giver=giver, holder=other_member, by=leader, giver_asked=True
    )
    ballot = _open_ballot(live_meeting, leader)
    actions.attendance_set(
        meeting=live_meeting, user=other_member, status=Attendance.Status.ABSENT, by=leader
    )
    roll = voter_roll(ballot, other_member)
    assert (roll.present, roll.voters) == (False, [])
    _same_answer(ballot, other_member, giver, member)

    # A proxy row whose giver is recorded present (the roster ignores it: they vote
    # themselves), written as an older version of the app could have left it.
    Proxy.objects.create(meeting=live_meeting, giver=late_giver, holder=member)
    Attendance.objects.create(
        meeting=live_meeting, user=late_giver, status=Attendance.Status.PRESENT
    )
    assert [v.pk for v in voter_roll(ballot, member).voters] == [member.pk]
    _same_answer(ballot, member, late_giver)


def test_a_giver_no_longer_convened_is_not_voted_for(
    live_meeting, member, leader, make_members, season
):
    (gone,) = make_members(1)
    actions.proxy_give(meeting=live_meeting, giver=gone, holder=member, by=leader, giver_asked=True)
    ballot = _open_ballot(live_meeting, leader)
    gone.enrolments.filter(season=season).update(left_on=timezone.localdate() - dt.timedelta(1))
    assert [v.pk for v in voter_roll(ballot, member).voters] == [member.pk]
    _same_answer(ballot, member, gone)


def test_leaders_and_strangers_are_not_members_of_the_meeting(live_meeting, member, leader):
    stranger = MemberFactory()  # not enrolled this season
    ballot = _open_ballot(live_meeting, leader)
    for user in (leader, stranger):
        roll = voter_roll(ballot, user)
        assert (roll.is_member, roll.present, roll.voters) == (False, False, [])
    _same_answer(ballot, leader, stranger, member)


def test_a_committee_meeting_convenes_its_sitting_members_only(
    season, member, other_member, leader
):
    committee = CommitteeFactory()
    CommitteeMembershipFactory(season=season, committee=committee, user=member)
    meeting = MeetingFactory(season=season, chair=leader, kind="committee", committee=committee)
    actions.meeting_open(meeting=meeting, by=leader)
    for user in (member, other_member):
        Attendance.objects.create(meeting=meeting, user=user, status=Attendance.Status.PRESENT)
    meeting.refresh_from_db()
    MeetingRules.objects.filter(kind="committee").update(quorum_numerator=0)
    ballot = _open_ballot(meeting, leader)
    assert voter_roll(ballot, member).is_member
    assert not voter_roll(ballot, other_member).is_member
    _same_answer(ballot, member, other_member)


def test_who_has_voted_among_the_voters(live_meeting, member, other_member, leader, make_members):
    (absent,) = make_members(1)
    actions.proxy_give(
        meeting=live_meeting, giver=absent, holder=member, by=leader, giver_asked=True
    )
    ballot = _open_ballot(live_meeting, leader)
    actions.vote_cast(ballot=ballot, voter=absent, by=member, choice="no")
    actions.vote_cast(ballot=ballot, voter=other_member, by=other_member, choice="yes")
    assert voter_roll(ballot, member).voted == {absent.pk}
    assert voter_roll(ballot, other_member).voted == {other_member.pk}
    _same_answer(ballot, member, other_member, absent)


def test_a_closed_meeting_answers_from_the_roster_it_kept(
    live_meeting, member, other_member, leader, make_members, django_assert_num_queries
):
    (absent,) = make_members(1)
    actions.proxy_give(
        meeting=live_meeting, giver=absent, holder=member, by=leader, giver_asked=True
    )
    ballot = _open_ballot(live_meeting, leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.ballot_close(ballot=ballot, by=leader)
    actions.meeting_close(meeting=live_meeting, by=leader)
    ballot.refresh_from_db()
    assert ballot.meeting.closing_roster
    with django_assert_num_queries(1):  # who voted; the roster is the one kept
        roll = voter_roll(ballot, member)
    assert ([v.pk for v in roll.voters], roll.voted) == ([member.pk, absent.pk], {member.pk})
    _same_answer(ballot, member, other_member, absent, leader)


def test_the_roll_is_one_query_whatever_the_meeting_size(
    live_meeting, member, leader, make_members, django_assert_num_queries
):
    ballot = _open_ballot(live_meeting, leader)
    for count in (1, 40):
        make_members(count)
        with django_assert_num_queries(1):
            voter_roll(ballot, member)


def test_the_roll_is_compiled_once_per_ballot_not_per_voter(
    live_meeting, member, other_member, leader, client_for
):
    """Sixty phones open the vote at once, each for the first time: what the page reads per
    viewer (their roll, their capabilities, their enrolment) is compiled once and given the
    viewer's id, so a new voter's first look costs what the next ones do."""
    from governance.access import _ENROLLED
    from governance.queries.roster import _voter_roll_shape
    from members.permissions import _capabilities_shape

    ballot = _open_ballot(live_meeting, leader)
    url = reverse("governance:ballot_detail", args=[ballot.pk])
    _voter_roll_shape.cache_clear()
    _capabilities_shape.cache_clear()
    _ENROLLED._plans.clear()
    for user in (member, other_member):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response.content.decode().count('data-testid="vote-card"') == 1
    assert _voter_roll_shape.cache_info().currsize == 1
    assert _capabilities_shape.cache_info().currsize == 1
    assert len(_ENROLLED._plans) == 1
