"""Database helpers shared by the apps' queries."""

from __future__ import annotations

from django.db.models import F, Func, QuerySet, Subquery
from django.db.models.functions import Coalesce

# What an integer column holds (a signed 64-bit integer): an id outside this range makes
# SQLite raise OverflowError inside a query, a server error instead of "no such record".
SMALLEST_ID, LARGEST_ID = -(2**63), 2**63 - 1


def fits_a_column(number: int) -> bool:
    return SMALLEST_ID <= number <= LARGEST_ID


def count_subquery(queryset: QuerySet) -> Coalesce:
    """A scalar subquery counting ``queryset``'s rows (0 when none), so that one query reads
    several counts: ``Season.objects.annotate(open=count_subquery(...), late=...)``."""
    return Coalesce(
        Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")),
        0,
    )
