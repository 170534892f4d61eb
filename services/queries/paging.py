"""Pages of a list whose query depends on the day and the time (the approvers' queues), read
by queries compiled once.

A ``QueryShape`` takes integers and texts as its parameters, not dates or times: the queues
asked for "today" and "now" would build and compile their query, and its count, at every
request (some 5,000 Python calls each page, more than the rest of their rows). Compared with
``as_text(value)``, a date or a time goes to the database as the text the ORM itself sends
for it (``str(value)``: ISO 8601, which both PostgreSQL, casting the literal to the column's
type, and SQLite, comparing the texts it stores, read as the ORM's own parameter), so the
SQL does not change with the value and a ``QueryShape`` takes it as a ``str``.
``ShapedPages`` gives ``Paginator`` the count and the page's slice of such a query, each
compiled once (per page for a slice: its LIMIT and OFFSET are part of the SQL).
tests/services/test_paging.py compares them with the querysets."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from django.db.models import CharField, F, Func, QuerySet, Value

from cjs.db import QueryShape


def as_text(value: dt.date | dt.time | str) -> Value:
    """``value`` as a text parameter of a comparison with a date or time column (see the
    module's docstring): the ORM sends ``str(value)`` for it."""
    return Value(value if isinstance(value, str) else str(value), output_field=CharField())


@functools.lru_cache(maxsize=64)
def _count_shape(build: Callable[..., QuerySet], types: tuple[type, ...]) -> QueryShape:
    def counted(*values) -> QuerySet:
        # ``Func`` and not ``Count``: one row, without a GROUP BY (as ``count_subquery``).
        rows = build(*values).order_by().annotate(n=Func(F("pk"), function="COUNT"))
        return rows.values_list("n")

    return QueryShape(counted, *types)


@functools.lru_cache(maxsize=256)
def _slice_shape(
    build: Callable[..., QuerySet], types: tuple[type, ...], start: int, stop: int
) -> QueryShape:
    return QueryShape(lambda *values: build(*values)[start:stop], *types)


class ShapedPages:
    """``build(*values)`` for ``Paginator``: ``count()`` and the slices of a page, each run
    by a ``QueryShape`` (``values`` of ``types``, ``int`` or ``str``: dates and times given
    as texts, compared with ``as_text``). A page is the model instances of ``build``'s
    queryset, or its rows with ``rows=True`` (a ``values_list``: no instance made)."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        types: tuple[type, ...],
        values: tuple,
        *,
        rows: bool = False,
    ) -> None:
        self.build = build
        self.types = types
        self.values = values
        self.rows = rows

    def count(self) -> int:
        rows = _count_shape(self.build, self.types).rows(*self.values)
        return rows[0][0] if rows else 0

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("ShapedPages reads slices of a page only.")
        start, stop = index.start or 0, index.stop
        if stop is not None and stop <= start:
            return []
        shape = _slice_shape(self.build, self.types, start, stop)
        return shape.rows(*self.values) if self.rows else shape.instances(*self.values)
