"""The audit trail keeps a secret ballot secret: it records the round opened and closed, never
a paper, a participation or the counters, and nothing it holds differs between two worlds where
the voters swapped their choices."""

from __future__ import annotations

import pytest
from django.db import transaction
from simple_history.models import registered_models

from governance import actions
from governance.models import Ballot, NamedVote, Participation, SecretCount
from members.audit import tracked_kinds

pytestmark = pytest.mark.django_db


def _trail() -> dict[str, list[dict]]:
    """Every row of every history table, but its own serial number (a PostgreSQL sequence is
    not rolled back with the transaction)."""
    dump = {}
    for key, kind in tracked_kinds().items():
        rows = kind.history.objects.order_by("history_date", "history_id").values()
        dump[key] = [{k: v for k, v in row.items() if k != "history_id"} for row in rows]
    return dump


def test_no_trail_is_kept_of_papers_participations_or_counters():
    tracked = set(registered_models.values())
    assert tracked.isdisjoint({SecretCount, Participation, NamedVote})
    assert Ballot in tracked  # the rounds: opened, closed


def test_casting_secret_votes_writes_nothing_in_the_trail(motion, member, other_member, leader):
    ballot = actions.ballot_open(motion=motion, secret=True, by=leader)
    before = _trail()
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.vote_cast(ballot=ballot, voter=other_member, by=other_member, choice="no")
    assert _trail() == before


def test_the_trail_is_the_same_when_voters_swap_their_secret_choices(
    motion, member, other_member, leader, frozen_now
):
    ballot = actions.ballot_open(motion=motion, secret=True, by=leader)

    def world(choices: dict) -> dict:
        with transaction.atomic():
            for voter, choice in choices.items():
                actions.vote_cast(ballot=ballot, voter=voter, by=voter, choice=choice)
            actions.ballot_close(ballot=ballot, by=leader)
            trail = _trail()
            transaction.set_rollback(True)
        return trail

    world_a = world({member: "yes", other_member: "no"})
    world_b = world({member: "no", other_member: "yes"})
    assert [row["status"] for row in world_a["governance.ballot"]] == ["open", "closed"]
    assert world_a == world_b
