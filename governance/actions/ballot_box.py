"""The ballot box of a secret ballot: one counter per option, updated all together.

A secret paper must leave no trace that pairs it with its voter, who is recorded (in
``Participation``) in the same transaction. So a paper never inserts a row (a row's key, its
place in the table or SQLite's ``rowid`` would follow the voters' order): it updates *every*
counter of its ballot in a single statement, adding 1 to the options chosen and 0 to the others.
On PostgreSQL every live counter then carries the last voter's transaction id (``xmin``)
whatever they chose; the earlier versions of the rows, which held the previous counts, are
vacuumed as soon as the vote commits. On SQLite the connections zero what they free
(``secure_delete``, see ``governance.signals``) and the write-ahead log, which keeps each
commit's pages, is checkpointed and truncated after the vote. The README's "Secret ballots:
what the server can and cannot learn" says what remains.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DatabaseError, connection, transaction
from django.db.models import Case, F, Q, Value, When

from governance.models import Ballot, SecretCount, VoteChoice

logger = logging.getLogger(__name__)

MOTION_OPTIONS = (VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSTAIN)


def _secret_counts_create(ballot: Ballot) -> None:
    """All the counters of a secret ballot at once, at zero, when it opens (before any paper,
    so that their order in the table is the options' order, never the voters')."""
    if ballot.motion_id is not None:
        options = [(choice, None) for choice in MOTION_OPTIONS]
    else:
        candidates = ballot.candidates.order_by("pk").values_list("pk", flat=True)
        options = [(VoteChoice.YES, pk) for pk in candidates] + [(VoteChoice.ABSTAIN, None)]
    SecretCount.objects.bulk_create(
        SecretCount(ballot=ballot, choice=choice, candidate_id=candidate)
        for choice, candidate in options
    )


def _secret_paper_add(ballot: Ballot, paper: Iterable[tuple[str, int | None]]) -> None:
    """Count one paper (its validated ``(choice, candidate)`` lines) by updating every counter
    of the ballot in one statement."""
    chosen = Q(pk__in=[])
    for choice, candidate in paper:
        chosen |= Q(choice=choice, candidate_id=candidate)
    counters = SecretCount.objects.filter(ballot=ballot)
    if not counters.exists():
        _secret_counts_create(ballot)  # a ballot opened before the counters existed
    counters.update(count=F("count") + Case(When(chosen, then=Value(1)), default=Value(0)))
    transaction.on_commit(_forget_earlier_counts)


def _secret_rows(ballot: Ballot) -> list[tuple[str, int | None]]:
    """The papers' ``(choice, candidate)`` lines, as many of each as counted."""
    counters = SecretCount.objects.filter(ballot=ballot).values_list("choice", "candidate", "count")
    return [(choice, candidate) for choice, candidate, count in counters for _ in range(count)]


def _forget_earlier_counts() -> None:
    """After a secret vote commits, remove the earlier versions of the counters the database
    still holds: PostgreSQL's dead tuples (VACUUM), SQLite's write-ahead log (checkpoint and
    truncate). Best effort: the vote is recorded whatever happens here, so a failure is logged
    for the administrator, never shown to the voter."""
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"VACUUM {connection.ops.quote_name(SecretCount._meta.db_table)}")
            elif connection.vendor == "sqlite":
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except DatabaseError:
        logger.exception("Could not clear the earlier versions of the secret ballot counters")
