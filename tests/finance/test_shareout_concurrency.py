"""Two treasurers freezing the share-out at the same moment freeze it once: the season's row
is locked while the action checks that none is frozen (PostgreSQL row locks, real threads)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cjs.errors import DomainError
from finance import actions
from finance.models import ShareOut, ShareOutLine
from tests.services.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_five_freezes_at_once_freeze_one_share_out(
    season, leader, member, other_member, worked, season_result, share_out_motion
):
    worked(member, 20)
    worked(other_member, 10)
    season_result(Decimal("600"), Decimal("90"))
    share_out_motion()
    results = run_together(5, lambda _i: actions.share_out_freeze(season=season, by=leader))
    assert len([r for r in results if isinstance(r, ShareOut)]) == 1
    assert {r.code for r in results if isinstance(r, DomainError)} == {"share_out_already_frozen"}
    assert ShareOut.objects.count() == 1
    assert ShareOutLine.objects.count() == 2
