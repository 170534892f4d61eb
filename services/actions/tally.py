"""The members' working time per season (``WorkTally``) kept up to date.

``tally_refresh`` recomputes the rows of some members of a season from their claims, jobs
and hours (``services.queries.work_sums``): a row is always what the facts say, never a sum
of increments that a missed write could skew. The receivers of ``services.receivers`` call
it when a claim, hours or a job is saved or deleted, inside the writer's transaction, and
the writes that change claims in bulk (``QuerySet.update``) call it themselves.
``tally_rebuild`` recomputes whole seasons the same way (seeding, ``manage.py
rebuild_work_tallies``).

The member's row is locked (after every other lock of the write: the last in the order
``services.actions`` follows) before their sums are read, so two writes for the same member
in two transactions — two jobs claimed in the same second — read each other's claims one
after the other instead of each writing a sum that misses the other's.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    DecimalField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Round

from cjs.db import UpdateShape
from services.models import Claim, WorkTally
from services.queries import work_sums

_SUMS = ("worked", "logged", "planned")


def tally_refresh(*, season_id: int, member_ids: Iterable[int], create: bool = True) -> None:
    """Recompute the rows of ``member_ids`` in season ``season_id``. ``create=False`` (a
    deletion) updates the rows already there only (a member's row is made with their first
    claim): a row made during a cascade of deletions could point at a row being deleted."""
    wanted = sorted(set(member_ids))
    if not wanted:
        return
    # No savepoint: a failure here fails the writer's whole transaction, as it should.
    with transaction.atomic(savepoint=False):
        if create:
            # Inserted or, when there, locked by the conflict's update (its zeros are
            # replaced below, before anyone else can read them).
            WorkTally.objects.bulk_create(
                [WorkTally(season_id=season_id, member_id=pk) for pk in wanted],
                update_conflicts=True,
                unique_fields=["season", "member"],
                update_fields=list(_SUMS),
            )
        else:
            held = WorkTally.objects.select_for_update().filter(
                season_id=season_id, member_id__in=wanted
            )
            if not list(held.order_by("member_id").values_list("pk", flat=True)):
                return
        # The sums read by the next statement, so after the rows' locks are held: a
        # statement that waited for a lock would still read the claims as they stood when
        # it began, without those of the transaction it waited for.
        _refresh_shape(len(wanted)).run(season_id, *wanted, using=WorkTally.objects.db)


@functools.lru_cache(maxsize=32)
def _refresh_shape(count: int) -> UpdateShape:
    """The ``UPDATE`` of ``count`` members' rows of a season from their sums, compiled once
    per number of members (one, at every claim, decision or hours logged: building it with
    the ORM cost five times what the database takes to run it)."""

    def build(season_id: int, *member_ids: int) -> tuple[QuerySet, dict]:
        mine = work_sums(season_id).filter(member_id=OuterRef("member_id"))
        rows = WorkTally.objects.filter(season_id=season_id, member_id__in=member_ids)
        return rows, {name: _sum_of(mine, name) for name in _SUMS}

    return UpdateShape(build, count + 1)


def _sum_of(sums: QuerySet, name: str):
    """Column ``name`` of the member's row of ``sums`` (``work_sums``), 0 without one."""
    if name == "planned":
        return Coalesce(Subquery(sums.values(name)), 0, output_field=IntegerField())
    money = DecimalField(max_digits=8, decimal_places=2)
    # Rounded in SQL: SQLite sums decimals as floats.
    return Round(Coalesce(Subquery(sums.values(name)), Value(Decimal(0)), output_field=money), 2)


def tally_rebuild(*, season_ids: Iterable[int]) -> int:
    """Recompute the rows of every member with claims in the seasons ``season_ids`` (or a
    row there), as ``tally_refresh`` does, so that it may run beside the app's own writes;
    the number of rows written."""
    written = 0
    for season_id in sorted(set(season_ids)):
        members = set(
            Claim.objects.filter(job__season_id=season_id).values_list("member_id", flat=True)
        )
        members.update(
            WorkTally.objects.filter(season_id=season_id).values_list("member_id", flat=True)
        )
        tally_refresh(season_id=season_id, member_ids=members)
        written += len(members)
    return written
