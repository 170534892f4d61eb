"""Every governance page runs a constant number of queries, whatever the size of the
meeting; the live polling endpoints are the cheapest."""

from __future__ import annotations

import pytest
from django.urls import reverse

from governance import actions
from tests.factories import (
    AgendaItemFactory,
    CandidateFactory,
    ConsultationFactory,
    ElectionFactory,
    MotionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[2, 10], ids=["small", "large"])
def big_meeting(request, live_meeting, member, other_member, leader, make_members, season):
    size = request.param
    extra = make_members(size)
    for user in extra:
        actions.attendance_set(meeting=live_meeting, user=user, status="present", by=leader)
    for index in range(size // 3 + 1):
        item = AgendaItemFactory(meeting=live_meeting, notes="Discussion.")
        for _ in range(2):
            motion = MotionFactory(item=item)
            ballot = actions.ballot_open(motion=motion, secret=index % 2 == 0, by=leader)
            for user in [member, other_member, *extra]:
                actions.vote_cast(ballot=ballot, voter=user, by=user, choice="yes")
            actions.ballot_close(ballot=ballot, by=leader)
        election = ElectionFactory(item=item)
        for user in extra[:3]:
            CandidateFactory(election=election, user=user)
    for _ in range(size // 5 + 1):
        ConsultationFactory(season=season)
    open_motion = MotionFactory(item=AgendaItemFactory(meeting=live_meeting))
    ballot = actions.ballot_open(motion=open_motion, by=leader)
    for user in extra:
        actions.vote_cast(ballot=ballot, voter=user, by=user, choice="no")
    return live_meeting, ballot


# session, user, season, enrolment (members), meeting, the open and last closed ballots (with
# whether the member voted)
LIVE_BUDGET = 6
# session, user, season, the ballot with its meeting and its count, capabilities, the tally
# (named vote)
BALLOT_LIVE_BUDGET = 6


def test_the_members_live_panel_is_cheap(big_meeting, member_client, django_assert_max_num_queries):
    meeting, _ballot = big_meeting
    with django_assert_max_num_queries(LIVE_BUDGET):
        response = member_client.get(reverse("governance:meeting_live", args=[meeting.pk]))
    assert 'data-testid="open-vote"' in response.content.decode()


def test_the_chairs_live_count_is_cheap(big_meeting, leader_client, django_assert_max_num_queries):
    _meeting, ballot = big_meeting
    with django_assert_max_num_queries(BALLOT_LIVE_BUDGET):
        response = leader_client.get(reverse("governance:ballot_live", args=[ballot.pk]))
    assert 'data-testid="live-tally"' in response.content.decode()


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        # request (session, user, season, meeting), roster (members, attendance, proxies,
        # rules), agenda (items, motions, ballots, elections, candidates, ballots; the live
        # panel reads them), whether the user voted (a vote is open), cooperative, and for a
        # planner the previous minutes waiting for approval
        ("governance:meeting_detail", 17),
        ("governance:attendance", 11),
        ("governance:minutes_detail", 17),
        ("governance:minutes_pdf", 16),
        ("governance:results_csv", 10),
        # the first opening creates the minutes, and its line in the audit trail
        ("governance:minutes_edit", 11),
    ],
)
def test_meeting_pages_run_a_constant_number_of_queries(
    big_meeting, leader_client, django_assert_max_num_queries, name, budget
):
    meeting, _ballot = big_meeting
    with django_assert_max_num_queries(budget):
        assert leader_client.get(reverse(name, args=[meeting.pk])).status_code == 200


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("governance:meeting_list", 8),
        # the register by page: the keys of the decisions found (1), the page's (2)
        ("governance:register", 10),
        ("governance:register_csv", 6),
        # the member dashboard with every app's panel (the jobs panel: my next jobs, its counts;
        # the governance panel: next meetings, consultations I have not answered)
        ("dashboard", 13),
    ],
)
def test_season_pages_run_a_constant_number_of_queries(
    big_meeting, member_client, django_assert_max_num_queries, name, budget
):
    with django_assert_max_num_queries(budget):
        assert member_client.get(reverse(name)).status_code == 200


def test_ballot_and_election_pages_run_a_constant_number_of_queries(
    big_meeting, member_client, django_assert_max_num_queries
):
    meeting, ballot = big_meeting
    # session, user, season, enrolment, the ballot with its meeting and count, the voter's
    # roll (themselves and the proxies they carry), capabilities (the chair's), cooperative
    with django_assert_max_num_queries(8):
        assert (
            member_client.get(reverse("governance:ballot_detail", args=[ballot.pk])).status_code
            == 200
        )
    election = meeting.items.first().elections.first()
    with django_assert_max_num_queries(12):
        url = reverse("governance:election_detail", args=[election.pk])
        assert member_client.get(url).status_code == 200
