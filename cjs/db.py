"""Database helpers shared by the apps' queries."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections
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


class CompiledQuery:
    """A queryset's SQL, built and compiled once, read again as Django reads it (the same
    converters: dates, decimals and booleans as SQLite or PostgreSQL answer them).

    Building and compiling a query costs the ORM a few thousand Python calls, more than
    running it: a page read at every visit keeps its queries compiled, per process, for what
    they depend on (``functools.lru_cache`` on a function of ids, dates, language), and reads
    the rows afresh each time. The queryset's values_list names its annotations last, in the
    order annotated (the order the SELECT has them)."""

    def __init__(self, queryset: QuerySet) -> None:
        compiler = queryset.query.get_compiler(using=queryset.db)
        self.alias = queryset.db
        try:
            self.sql, self.params = compiler.as_sql()
        except EmptyResultSet:  # a filter no row can match (``pk__in=[]``): no query
            self.sql, self.params = None, ()
        self.columns = [expression for expression, _sql, _alias in compiler.select]

    def rows(self) -> list[tuple]:
        if self.sql is None:
            return []
        connection = connections[self.alias]
        converters = []
        for position, expression in enumerate(self.columns):
            found = connection.ops.get_db_converters(expression)
            found += expression.get_db_converters(connection)
            if found:
                converters.append((position, expression, found))
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            rows = cursor.fetchall()
        if not converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            row = list(row)
            for position, expression, found in converters:
                value = row[position]
                for converter in found:
                    value = converter(value, expression, connection)
                row[position] = value
            converted.append(tuple(row))
        return converted
