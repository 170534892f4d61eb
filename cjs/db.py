"""Database helpers shared by the apps' queries."""

from __future__ import annotations

from django.db.models import F, Func, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_subquery(queryset: QuerySet) -> Coalesce:
    """A scalar subquery counting ``queryset``'s rows (0 when none), so that one query reads
    several counts: ``Season.objects.annotate(open=count_subquery(...), late=...)``."""
    return Coalesce(
        Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")),
        0,
    )
