"""Reading the stored rows as an attacker with the database would: nothing in them pairs a voter
of a secret ballot with their choice (README, "Secret ballots: what the server can and cannot
learn")."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, transaction

from governance import actions
from governance.models import Participation, SecretCount
from tests.factories import (
    AgendaItemFactory,
    EnrolmentFactory,
    LeaderFactory,
    MeetingFactory,
    MemberFactory,
    MotionFactory,
    SeasonFactory,
)

# Reads SQLite's rowid and pragmas; the PostgreSQL run has its own test below.
sqlite_only = pytest.mark.sqlite


def _governance_tables() -> list[str]:
    return [model._meta.db_table for model in apps.get_app_config("governance").get_models()]


def _dump_with_rowids() -> dict[str, list[tuple]]:
    """Every governance table as stored, in SQLite's storage order, hidden rowid included."""
    dump = {}
    with connection.cursor() as cursor:
        for table in _governance_tables():
            name = connection.ops.quote_name(table)  # a model's table, not user input
            cursor.execute(f"SELECT rowid, * FROM {name} ORDER BY 1")  # noqa: S608
            dump[table] = cursor.fetchall()
    return dump


@sqlite_only
@pytest.mark.django_db
def test_on_sqlite_two_worlds_where_voters_swap_their_choices_store_the_same_rows(
    motion, member, other_member, leader, frozen_now
):
    """Léa for and Hugo against, or the reverse: the database holds exactly the same rows, in
    the same rowid order, while the vote is open (a dump taken mid-meeting) and after it
    closes."""
    ballot = actions.ballot_open(motion=motion, secret=True, by=leader)

    def world(choices: dict) -> tuple[dict, dict]:
        with transaction.atomic():
            for voter, choice in choices.items():
                actions.vote_cast(ballot=ballot, voter=voter, by=voter, choice=choice)
            mid_meeting = _dump_with_rowids()
            actions.ballot_close(ballot=ballot, by=leader)
            closed = _dump_with_rowids()
            transaction.set_rollback(True)
        return mid_meeting, closed

    world_a = world({member: "yes", other_member: "no"})
    world_b = world({member: "no", other_member: "yes"})
    assert world_a[0][Participation._meta.db_table]  # the voters are there, in both worlds
    assert world_a[1][SecretCount._meta.db_table]
    assert world_a == world_b


@sqlite_only
@pytest.mark.django_db
def test_on_sqlite_no_rowid_follows_the_voters_and_freed_space_is_zeroed(
    motion, member, other_member, leader
):
    ballot = actions.ballot_open(motion=motion, secret=True, by=leader)
    table = connection.ops.quote_name(SecretCount._meta.db_table)
    query = f"SELECT rowid, choice FROM {table} WHERE ballot_id = %s ORDER BY rowid"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(query, [ballot.pk])
        at_opening = cursor.fetchall()
        actions.vote_cast(ballot=ballot, voter=other_member, by=other_member, choice="no")
        actions.vote_cast(ballot=ballot, voter=member, by=member, choice="abstain")
        cursor.execute(query, [ballot.pk])
        assert cursor.fetchall() == at_opening  # the options' order, set before any vote
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


@pytest.fixture
def five_voters_at_a_secret_vote():
    season = SeasonFactory()
    leader = LeaderFactory()
    voters = [EnrolmentFactory(season=season, user=MemberFactory()).user for _ in range(5)]
    meeting = MeetingFactory(season=season, chair=leader)
    actions.meeting_open(meeting=meeting, by=leader)
    for user in voters:
        actions.attendance_set(meeting=meeting, user=user, status="present", by=leader)
    motion = MotionFactory(item=AgendaItemFactory(meeting=meeting))
    ballot = actions.ballot_open(motion=motion, secret=True, by=leader)
    return ballot, voters, leader


def _heap_tuples(cursor, table: str) -> list[tuple[str, int]]:
    """Every tuple physically stored in ``table`` (live or dead, not yet vacuumed), read from
    the raw pages: its ``t_xmin`` and its line pointer's state."""
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
    pages = cursor.fetchone()[0]
    tuples = []
    for page in range(pages):
        cursor.execute(
            "SELECT t_xmin::text, lp_flags FROM heap_page_items(get_raw_page(%s, %s))"
            " WHERE t_data IS NOT NULL",
            [table, page],
        )
        tuples += cursor.fetchall()
    return tuples


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_every_counter_carries_the_last_voter_and_no_older_count_remains(
    five_voters_at_a_secret_vote,
):
    """After members vote differently, every counter row of the ballot was last written by
    the same transaction (the last voter's, whatever they chose), and the pages hold no dead
    version of a counter with an earlier count: each vote's commit vacuumed them (autocommit,
    after the commit: VACUUM cannot run inside the vote's transaction, and it may only drop
    versions no open snapshot can still see, which is the case here, nothing else being open
    on the test database)."""
    ballot, voters, leader = five_voters_at_a_secret_vote
    for voter, choice in zip(voters, ["yes", "no", "yes", "abstain", "no"], strict=True):
        actions.vote_cast(ballot=ballot, voter=voter, by=voter, choice=choice)
    table = SecretCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text, count FROM {connection.ops.quote_name(table)}"  # noqa: S608
            " WHERE ballot_id = %s",
            [ballot.pk],
        )
        live = cursor.fetchall()
        cursor.execute(
            "SELECT voter_id, xmin::text FROM governance_participation WHERE ballot_id = %s",
            [ballot.pk],
        )
        participations = dict(cursor.fetchall())
        stored = _heap_tuples(cursor, table)
    assert sorted(count for _xmin, count in live) == [1, 2, 2]
    (last_writer,) = {xmin for xmin, _count in live}  # one writer for every counter...
    # ...the last voter's transaction (its participation, written in a savepoint, has a
    # later transaction id), newer than every earlier voter's.
    assert int(last_writer) < int(participations[voters[-1].pk])
    assert all(int(participations[v.pk]) < int(last_writer) for v in voters[:-1])
    # Only the live versions remain in the pages: no earlier count, no earlier writer.
    assert sorted(stored) == [(last_writer, 1)] * len(live)
    closed = actions.ballot_close(ballot=ballot, by=leader)
    assert closed.tally == {"yes": 2, "no": 2, "abstain": 1}
