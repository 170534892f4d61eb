"""Database helpers shared by the apps' queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import F, Func, Model, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable

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


@dataclass(frozen=True)
class CompiledQuery:
    """A queryset's SQL, parameters and column converters, built once and run many times.

    Django builds and compiles a queryset's SQL again at every evaluation: for a small query
    on a hot path (each request's capabilities, the cooperative, the season) that costs ten
    times the database's work. Keep a ``CompiledQuery`` where the SQL depends only on the
    values it was built from (a ``functools.lru_cache`` keyed on them) and run it with
    ``rows()`` or ``instances()``: the rows are read afresh at every call, converted as the
    ORM converts them (SQLite's booleans, dates and decimals)."""

    sql: str
    params: tuple
    alias: str
    # Position of a column -> (its converters, its expression), as the compiler gives them.
    converters: tuple[tuple[int, tuple, Any], ...]
    model: type[Model] | None = None
    attnames: tuple[str, ...] = ()

    @classmethod
    def of(cls, queryset: QuerySet) -> CompiledQuery:
        """``queryset`` compiled: a ``values_list()`` (``rows``) or a plain queryset of a
        model, every concrete field selected (``instances``). Querysets that rework their
        rows in Python (modeltranslation's ``values_list`` with its fallbacks) are refused:
        their SQL alone does not give their rows."""
        if queryset._iterable_class not in (
            ModelIterable,
            ValuesListIterable,
            FlatValuesListIterable,
        ):
            raise TypeError(f"{queryset._iterable_class.__name__} rows cannot be compiled.")
        alias = queryset.db
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        expressions = [column for column, _sql, _alias in compiler.select]
        converters = tuple(
            (position, tuple(functions), expression)
            for position, (functions, expression) in compiler.get_converters(expressions).items()
        )
        model, attnames = None, ()
        if queryset._fields and [name for _c, _s, name in compiler.select] != list(
            queryset._fields
        ):
            raise ValueError("The compiled columns are not in the order asked.")
        if queryset._fields is None:  # a model queryset: the default columns, in field order
            model = queryset.model
            attnames = tuple(field.attname for field in model._meta.concrete_fields)
            if len(attnames) != len(expressions):
                raise ValueError("A compiled model query must select every concrete field.")
        return cls(sql, tuple(params), alias, converters, model, attnames)

    def rows(self) -> list[tuple]:
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            rows = cursor.fetchall()
        if not self.converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for position, functions, expression in self.converters:
                value = row[position]
                for convert in functions:
                    value = convert(value, expression, connection)
                row[position] = value
            converted.append(tuple(row))
        return converted

    def instances(self) -> list[Model]:
        if self.model is None:
            raise TypeError("rows() reads a values_list(); instances() needs a model query.")
        return [self.model.from_db(self.alias, self.attnames, row) for row in self.rows()]
