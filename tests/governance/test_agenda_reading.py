"""A meeting's agenda is read by the meeting's id, its SQL compiled once per process, and comes
as ``prefetch_related`` made it: the same items, motions, ballots, elections and candidates in
the same order, each linked to its parent, in no more queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from governance import actions
from governance.models import Ballot, Candidate, Election, Motion
from governance.queries import meeting_items
from members.models import Role
from tests.factories import (
    AgendaItemFactory,
    CandidateFactory,
    ElectionFactory,
    MeetingFactory,
    MotionFactory,
)

pytestmark = pytest.mark.django_db


def _prefetched(meeting) -> list:
    """The agenda as ``meeting_items`` read it before (five levels of ``prefetch_related``)."""
    return list(
        meeting.items.order_by("position", "pk").prefetch_related(
            Prefetch(
                "motions",
                queryset=Motion.objects.select_related(
                    "proposer", "amends", "share_out_rule"
                ).prefetch_related(
                    Prefetch("ballots", queryset=Ballot.objects.order_by("opened_at", "pk"))
                ),
            ),
            Prefetch(
                "elections",
                queryset=Election.objects.select_related("role", "committee").prefetch_related(
                    Prefetch("candidates", queryset=Candidate.objects.select_related("user")),
                    Prefetch("ballots", queryset=Ballot.objects.order_by("seat", "round")),
                ),
            ),
        )
    )


def _shown(items) -> list:
    """Everything the pages read of the agenda, down to the objects each row links to."""
    rows = []
    for item in items:
        rows.append(("item", item.pk, item.title, item.description, item.meeting.pk))
        for motion in item.motions.all():
            rows.append(
                (
                    "motion",
                    motion.pk,
                    motion.title,
                    motion.status,
                    motion.item.pk,
                    motion.proposer and motion.proposer.pk,
                    motion.amends and motion.amends.pk,
                    getattr(motion, "share_out_rule", None) and motion.share_out_rule.pk,
                    [(b.pk, b.status, b.tally, b.motion.pk) for b in motion.ballots.all()],
                )
            )
        for election in item.elections.all():
            rows.append(
                (
                    "election",
                    election.pk,
                    election.item.pk,
                    election.role and election.role.pk,
                    [(c.pk, str(c), c.election.pk) for c in election.candidates.all()],
                    [(b.pk, b.seat, b.round, b.election.pk) for b in election.ballots.all()],
                )
            )
    return rows


@pytest.fixture
def agenda(live_meeting, member, other_member, leader):
    """Two items out of their creation order: motions (one amended and voted, one to vote)
    and an election with candidates and a round open; another meeting's agenda beside it."""
    later = AgendaItemFactory(meeting=live_meeting, position=2, title="Élections")
    first = AgendaItemFactory(meeting=live_meeting, position=1, title="Décisions")
    voted = MotionFactory(item=first, title="Acheter une tondeuse", proposer=member)
    amendment = MotionFactory(item=first, title="Amendement", amends=voted)
    for motion, choice in ((amendment, "no"), (voted, "yes")):
        ballot = actions.ballot_open(motion=motion, by=leader)
        for voter in (member, other_member):
            actions.vote_cast(ballot=ballot, voter=voter, by=voter, choice=choice)
        actions.ballot_close(ballot=ballot, by=leader)
    MotionFactory(item=later, title="À voter")
    election = ElectionFactory(item=later, role=Role.objects.get(slug="tresorerie"))
    for user in (other_member, member):
        CandidateFactory(election=election, user=user)
    actions.ballot_open(election=election, by=leader)
    ElectionFactory(item=first)
    elsewhere = MeetingFactory(season=live_meeting.season)
    MotionFactory(item=AgendaItemFactory(meeting=elsewhere))
    return live_meeting


def test_the_agenda_reads_as_prefetch_related_read_it(agenda):
    with CaptureQueriesContext(connection) as before:
        expected = _shown(_prefetched(agenda))
    for _ in range(2):  # the second time from the SQL compiled the first time
        with CaptureQueriesContext(connection) as now:
            items = meeting_items(agenda)
        assert _shown(items) == expected
    assert len(now) <= len(before)
    assert [row[0] for row in expected].count("motion") == 3
    assert [row for row in expected if row[0] == "election" and row[5]]  # a round read


def test_an_agenda_with_no_motion_or_election_asks_no_more(meeting):
    item = AgendaItemFactory(meeting=meeting)
    with CaptureQueriesContext(connection) as read:
        (found,) = meeting_items(meeting)
    assert found.pk == item.pk and not found.motions.all() and not found.elections.all()
    assert len(read) == 3  # items, motions, elections: nothing below them to read


def test_rows_read_with_the_agenda_refuse_a_new_query(agenda):
    first = meeting_items(agenda)[0]
    motions = first.motions.all()
    assert len(motions) == 2 and motions.count() == 2 and motions.exists()
    assert motions.first() == motions[0]
    with pytest.raises(TypeError):
        first.motions.filter(status="draft")  # would lose the item's filter: refused
