"""Races settled by the database: a vote sent twice at once from two phones counts once, a
casting vote tapped twice settles the tie once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from cjs.errors import DomainError
from governance import actions
from governance.models import MeetingRules, Motion, NamedVote, Participation, SecretCount
from tests.factories import (
    AgendaItemFactory,
    EnrolmentFactory,
    LeaderFactory,
    MeetingFactory,
    MemberFactory,
    MotionFactory,
    SeasonFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_parallel(count: int, work) -> list:
    """Run ``work`` in ``count`` real threads released together; return their outcomes."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = work()
        except Exception as error:  # the outcome is what the test looks at
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def open_ballot():
    season = SeasonFactory()
    leader = LeaderFactory()
    voters = [EnrolmentFactory(season=season, user=MemberFactory()).user for _ in range(3)]
    meeting = MeetingFactory(season=season, chair=leader)
    actions.meeting_open(meeting=meeting, by=leader)
    for user in voters:
        actions.attendance_set(meeting=meeting, user=user, status="present", by=leader)
    motion = MotionFactory(item=AgendaItemFactory(meeting=meeting))

    def make(secret: bool):
        return actions.ballot_open(motion=motion, secret=secret, by=leader), voters[0], leader

    return make


@pytest.mark.parametrize("phones", [2, 4])
def test_a_named_vote_sent_from_several_phones_at_once_counts_once(open_ballot, phones):
    ballot, voter, _leader = open_ballot(secret=False)
    outcomes = _in_parallel(
        phones, lambda: actions.vote_cast(ballot=ballot, voter=voter, by=voter, choice="yes")
    )
    assert [o for o in outcomes if o is not None] == []  # each phone sees "recorded"
    assert Participation.objects.filter(ballot=ballot).count() == 1
    assert NamedVote.objects.filter(participation__ballot=ballot).count() == 1


@pytest.mark.parametrize("phones", [2, 4])
def test_a_secret_vote_sent_from_several_phones_at_once_counts_once(open_ballot, phones):
    ballot, voter, leader = open_ballot(secret=True)
    outcomes = _in_parallel(
        phones, lambda: actions.vote_cast(ballot=ballot, voter=voter, by=voter, choice="no")
    )
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(refused) == phones - 1
    assert all(o is None or isinstance(o, DomainError) for o in outcomes)
    assert Participation.objects.filter(ballot=ballot).count() == 1
    assert sum(SecretCount.objects.filter(ballot=ballot).values_list("count", flat=True)) == 1
    closed = actions.ballot_close(ballot=ballot, by=leader)
    assert (closed.papers, closed.tally) == (1, {"yes": 0, "no": 1, "abstain": 0})


def test_a_vote_racing_the_closing_is_either_counted_or_refused(open_ballot):
    ballot, voter, leader = open_ballot(secret=False)

    def close():
        # The chair closes even if nobody has voted yet: the vote may arrive a moment later.
        return actions.ballot_close(ballot=ballot, by=leader, empty=True)

    def vote():
        return actions.vote_cast(ballot=ballot, voter=voter, by=voter, choice="yes")

    jobs = iter([close, vote])
    lock = threading.Lock()

    def next_job():
        with lock:
            job = next(jobs)
        return job()

    outcomes = _in_parallel(2, next_job)
    ballot.refresh_from_db()
    counted = ballot.tally["yes"]
    stored = Participation.objects.filter(ballot=ballot).count()
    assert counted == stored  # no vote slipped in after the count
    assert any(isinstance(o, DomainError) for o in outcomes) == (stored == 0)


def test_a_casting_vote_tapped_twice_at_once_settles_the_tie_once():
    """The chair taps 'for' and 'against' on two screens at the same moment: one wins, the
    other is told the tie is settled."""
    season = SeasonFactory()
    leader = LeaderFactory()
    chair, lea, hugo = (EnrolmentFactory(season=season, user=MemberFactory()).user for _ in "abc")
    MeetingRules.objects.update_or_create(kind="board", defaults={"chair_casting_vote": True})
    meeting = MeetingFactory(season=season, chair=chair)
    actions.meeting_open(meeting=meeting, by=leader)
    for user in (chair, lea, hugo):
        actions.attendance_set(meeting=meeting, user=user, status="present", by=leader)
    motion = MotionFactory(item=AgendaItemFactory(meeting=meeting))
    ballot = actions.ballot_open(motion=motion, by=leader)
    actions.vote_cast(ballot=ballot, voter=lea, by=lea, choice="yes")
    actions.vote_cast(ballot=ballot, voter=hugo, by=hugo, choice="no")
    assert actions.ballot_close(ballot=ballot, by=leader).awaits_casting_vote

    choices = iter(["yes", "no"])
    lock = threading.Lock()

    def tap():
        with lock:
            choice = next(choices)
        return actions.ballot_casting_vote(ballot=ballot, choice=choice, by=chair)

    outcomes = _in_parallel(2, tap)
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    motion.refresh_from_db()
    assert motion.status in (Motion.Status.ADOPTED, Motion.Status.REJECTED)
    assert motion.casting_vote == ("yes" if motion.status == Motion.Status.ADOPTED else "no")
