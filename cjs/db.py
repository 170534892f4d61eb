"""Database helpers shared by the apps' queries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F, Func, Model, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql import UpdateQuery

# What an integer column holds (a signed 64-bit integer): an id outside this range makes
# SQLite raise OverflowError inside a query, a server error instead of "no such record".
SMALLEST_ID, LARGEST_ID = -(2**63), 2**63 - 1


def fits_a_column(number: int) -> bool:
    return SMALLEST_ID <= number <= LARGEST_ID


def count_subquery(queryset: QuerySet) -> Coalesce:
    """A scalar subquery counting ``queryset``'s rows (0 when none), so that one query reads
    several counts: ``Season.objects.annotate(open=count_subquery(...), late=...)``."""
    return Coalesce(Subquery(counted(queryset)), 0)


def counted(queryset: QuerySet) -> QuerySet:
    """``queryset``'s rows counted, as a query of one row and one column ``n`` (a ``COUNT``
    the ORM does not take for an aggregate, so that it adds no GROUP BY)."""
    return queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")


# A placeholder of compiled SQL, or an escaped percent sign (``%%``), in order.
_PLACEHOLDER = re.compile(r"%[s%]")


def inline_dates(sql: str, params: Sequence, vendor: str) -> tuple[str, tuple]:
    """``sql`` and ``params`` with each date parameter (a ``datetime.date``, not a date and
    time) written into the SQL as a literal, the other parameters kept in their order.

    For SQL built once for the dates it holds (a query compiled per day, ``CompiledQuery``):
    PostgreSQL plans a statement prepared after a few runs (psycopg's ``prepare_threshold``)
    once for any parameters, and guesses that a range between two unknown dates holds 0.5%
    of the rows. On a long-lived season's board, a member's commitments "from Monday to the
    next Sunday but one" were read job by job over every job of those days (87 jobs, each
    joined to every timesheet: 1.4 ms), where the written dates give the planner the range's
    true size and the member's two claims are read first (0.2 ms). A date's ISO form is
    digits and dashes: nothing from outside reaches the SQL."""
    if not any(type(param) is dt.date for param in params):
        return sql, tuple(params)
    if _PLACEHOLDER.findall(sql).count("%s") != len(params):
        raise ValueError("The SQL's placeholders and its parameters do not match.")
    remaining = iter(params)
    kept: list = []

    def written(match: re.Match) -> str:
        if match.group() == "%%":
            return "%%"
        param = next(remaining)
        if type(param) is dt.date:
            text = f"'{param.isoformat()}'"
            return f"{text}::date" if vendor == "postgresql" else text
        kept.append(param)
        return "%s"

    return _PLACEHOLDER.sub(written, sql), tuple(kept)


@dataclass(frozen=True)
class CompiledQuery:
    """A queryset's SQL, parameters and column converters, built once and run many times.

    Django builds and compiles a queryset's SQL again at every evaluation: for a small query
    on a hot path (each request's capabilities, the cooperative, the season, the ballot an
    assembly polls) that costs ten times the database's work. Keep a ``CompiledQuery`` where
    the SQL depends only on the values it was built from (a ``functools.lru_cache`` keyed on
    them) and run it with ``rows()`` or ``instances()``: the rows are read afresh at every
    call, converted as the ORM converts them (SQLite's booleans, dates and decimals), and
    instances are made by Django's own parts, as ``ModelIterable`` makes them (the fields
    selected, ``select_related`` objects, annotations)."""

    sql: str
    params: tuple
    alias: str
    # Position of a column -> (its converters, its expression), as the compiler gives them.
    converters: tuple[tuple[int, tuple, Any], ...]
    # A model query: the model, its columns' attribute names and where they sit in a row,
    # the related objects' populators and the annotations' positions.
    model: type[Model] | None = None
    init_list: tuple[str, ...] = ()
    model_columns: tuple[int, int] = (0, 0)
    related_populators: tuple = ()
    annotations: tuple[tuple[str, int], ...] = ()
    # The names of the columns as they stand in a row (``of_columns``: the SELECT's order,
    # which for a model's own fields is their order in the model, not the order asked).
    columns: tuple[str, ...] = ()
    # How many columns a row holds (``one_beside_many`` reads two queries' rows side by side).
    width: int = 0

    @classmethod
    def of_columns(cls, queryset: QuerySet) -> CompiledQuery:
        """``queryset``'s SELECT as its columns stand, in their order, whatever the queryset
        would make of them in Python: for a caller that reads translated columns itself
        (``cjs.i18n.read_columns``) or a ``union()``. ``rows()`` only."""
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # a filter no row can match (``pk__in=[]``): no query to run
            sql, params = "", ()
        select = compiler.select[: compiler.col_count]
        names = tuple(name for _column, _sql, name in select)
        sql, params = inline_dates(sql, params, connections[queryset.db].vendor)
        return cls(
            sql, params, queryset.db, _converters(compiler), columns=names, width=len(select)
        )

    @classmethod
    def of(cls, queryset: QuerySet) -> CompiledQuery:
        """``queryset`` compiled: a ``values_list()`` (``rows``) or a queryset of model
        instances (``instances``). Querysets whose rows are reworked in Python besides their
        SQL are refused: modeltranslation's ``values_list`` (its fallbacks),
        ``prefetch_related``, known related objects."""
        if queryset._iterable_class not in (
            ModelIterable,
            ValuesListIterable,
            FlatValuesListIterable,
        ):
            raise TypeError(f"{queryset._iterable_class.__name__} rows cannot be compiled.")
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise TypeError("Prefetched or known related objects cannot be compiled.")
        alias = queryset.db
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # a filter no row can match (``pk__in=[]``): no query to run
            sql, params = "", ()
        select = compiler.select[: compiler.col_count]
        sql, params = inline_dates(sql, params, connections[alias].vendor)
        compiled = cls(sql, params, alias, _converters(compiler), width=len(select))
        if queryset._fields is not None:
            if [name for _c, _s, name in select] != list(queryset._fields):
                raise ValueError("The compiled columns are not in the order asked.")
            return compiled
        klass_info = compiler.klass_info
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return dataclasses.replace(
            compiled,
            model=klass_info["model"],
            init_list=tuple(column.target.attname for column, _s, _a in select[first:last]),
            model_columns=(first, last),
            related_populators=tuple(get_related_populators(klass_info, select, alias)),
            annotations=tuple(compiler.annotation_col_map.items()),
        )

    def rows(self, params: Sequence | None = None) -> list[tuple]:
        """The rows, converted; ``params`` in place of the compiled ones (``QueryShape``)."""
        if not self.sql:
            return []
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, self.params if params is None else params)
            return self.converted(cursor.fetchall())

    def converted(self, rows: list[tuple]) -> list[tuple]:
        """Rows of this query's SQL as the ORM converts them (``rows()`` reads them)."""
        if not self.converters:
            return rows
        connection = connections[self.alias]
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

    def instances(self, params: Sequence | None = None) -> list[Model]:
        return self.made_of(self.rows(params))

    def made_of(self, rows: list[tuple]) -> list[Model]:
        """The instances of converted rows of this query (``instances()`` reads them)."""
        if self.model is None:
            raise TypeError("rows() reads a values_list(); instances() needs a model query.")
        first, last = self.model_columns
        made = []
        for row in rows:
            instance = self.model.from_db(self.alias, self.init_list, row[first:last])
            for populator in self.related_populators:
                populator.populate(row, instance)
            for name, position in self.annotations:
                setattr(instance, name, row[position])
            made.append(instance)
        return made


def one_beside_many(one: CompiledQuery, many: CompiledQuery) -> tuple[Model | None, list[Model]]:
    """The instance of ``one`` (a model query of one row at most) and the instances of
    ``many`` (a model query), read in one query: each of ``many``'s rows beside ``one``'s
    row (a LEFT JOIN on true). Two small reads that every request makes (the cooperative
    and its season), one round trip to the database instead of two. ``(None, [])`` when
    ``one`` finds no row."""
    if not one.sql or not many.sql or one.alias != many.alias:
        raise ValueError("Two compiled queries of the same database, each with its SQL.")
    # Both parts are compiled SQL, their values in the parameters: nothing from outside.
    sql = f"SELECT * FROM ({one.sql}) first_read LEFT JOIN ({many.sql}) second_read ON 1 = 1"  # noqa: S608
    with connections[one.alias].cursor() as cursor:
        cursor.execute(sql, (*one.params, *many.params))
        rows = cursor.fetchall()
    if not rows:
        return None, []
    width = one.width
    found = one.made_of(one.converted([rows[0][:width]]))[0]
    others = [row[width:] for row in rows if any(value is not None for value in row[width:])]
    return found, many.made_of(many.converted(others))


def _converters(compiler) -> tuple[tuple[int, tuple, Any], ...]:
    """The compiled columns' converters, as the compiler applies them to each row."""
    select = compiler.select[: compiler.col_count]
    return tuple(
        (position, tuple(functions), expression)
        for position, (functions, expression) in compiler.get_converters(
            [column for column, _sql, _alias in select]
        ).items()
    )


# Stand-ins for a QueryShape's parameters while its SQL is built: values no real query
# holds, so that each is found exactly once among the compiled parameters. An integer stays
# within a 32-bit column's range (out of range, the ORM would compile "no rows" instead).
_STAND_INS: dict[type, Callable[[int], object]] = {
    int: lambda n: 2_118_364_529 + n,
    str: lambda n: f"\x00cjs-compiled-parameter-{n}\x00",
}


def places_of(params: Sequence, stand_in) -> tuple[int, ...]:
    """Where ``stand_in`` (a value no real query holds: ``VIEWER``, a time or an instant) sits
    among compiled parameters, for each call to put its own value there."""
    return tuple(
        i for i, param in enumerate(params) if type(param) is type(stand_in) and param == stand_in
    )


# Stands for the user a page is for in SQL built once for every user, whose id each call puts
# in its place (the stand-ins of ``governance.queries.sql``, ``AtNow`` of the member panel):
# an id no row has, apart from the ``QueryShape`` stand-ins. Keyed per user instead, each
# one's first page in each process paid the compilation.
VIEWER = 2_118_364_000


class QueryShape:
    """A queryset compiled once for every value of its parameters (a request's token, an id
    that takes too many values to key a cache on).

    ``QueryShape(build, str)``: ``build(token)`` returns the queryset for one value of each
    declared type (``int`` for a 32- or 64-bit column, or ``str``, each used once in the SQL
    as given: compared, not transformed; a shape that breaks this is refused when built);
    ``shape.instances(token)`` or ``shape.rows(token)`` run its SQL with the real values.
    Built on first use per database, with stand-ins for the values. Only for SQL that
    depends on nothing but those values: not on the language (modeltranslation's lookups on
    translated fields), the time or the settings (key a ``CompiledQuery`` on those)."""

    def __init__(self, build: Callable[..., QuerySet], *types: type, columns: bool = False) -> None:
        self.build = build
        self.types = types
        # ``columns``: the SELECT's columns as they stand (``CompiledQuery.of_columns``), for
        # a caller that reads translated columns itself; ``rows()`` only.
        self.compile = CompiledQuery.of_columns if columns else CompiledQuery.of
        self._plans: dict[str, tuple[CompiledQuery, tuple[int, ...]]] = {}

    def _params(self, values: tuple, using: str) -> tuple[CompiledQuery, list] | None:
        if any(type(value) is int and not fits_a_column(value) for value in values):
            return None  # no column holds it (SQLite would raise): no row, as the ORM answers
        plan = self._plans.get(using)
        if plan is None:
            plan = self._plans[using] = self._plan(using)
        compiled, positions = plan
        params = list(compiled.params)
        for position, value in zip(positions, values, strict=True):
            params[position] = value
        return compiled, params

    def _plan(self, using: str) -> tuple[CompiledQuery, tuple[int, ...]]:
        stand_ins = [_STAND_INS[kind](n) for n, kind in enumerate(self.types)]
        compiled = self.compile(self.build(*stand_ins).using(using))
        positions = []
        for stand_in in stand_ins:
            found = places_of(compiled.params, stand_in)
            if len(found) != 1:
                raise ValueError(f"A parameter is found {len(found)} times in the query.")
            positions.append(found[0])
        return compiled, tuple(positions)

    def rows(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        planned = self._params(values, using)
        return planned[0].rows(planned[1]) if planned else []

    def instances(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[Model]:
        planned = self._params(values, using)
        return planned[0].instances(planned[1]) if planned else []


class UpdateShape:
    """An ``UPDATE`` compiled once for every value of its ids: ``QueryShape`` for a write.

    ``UpdateShape(build, count)``: ``build(*ids)`` returns ``(queryset, values)``, what
    ``queryset.update(**values)`` takes, for ``count`` integer ids; ``shape.run(*ids)`` runs
    its SQL with the real ids and returns the number of rows changed. An id may stand in the
    SQL more than once (a season's id in the ``WHERE`` and in each subquery of the ``SET``).
    A write made at every tap of a busy page (a member's working time after a claim) costs
    the database a fraction of what the ORM costs to build and compile it each time. Only
    for SQL that depends on nothing but the ids (not the time, the language or the
    settings), and for an update that the ORM makes in one statement (no related model's
    fields: Django would run those apart)."""

    def __init__(self, build: Callable[..., tuple[QuerySet, dict]], count: int) -> None:
        self.build = build
        self.count = count
        self._plans: dict[str, tuple[str, tuple, tuple[tuple[int, ...], ...]]] = {}

    def _plan(self, using: str) -> tuple[str, tuple, tuple[tuple[int, ...], ...]]:
        stand_ins = [_STAND_INS[int](n) for n in range(self.count)]
        queryset, values = self.build(*stand_ins)
        query = queryset.using(using).query.chain(UpdateQuery)
        query.add_update_values(values)
        if query.related_updates:
            raise ValueError("An update of a related model's fields runs apart: not compiled.")
        sql, params = query.get_compiler(using).as_sql()
        places = tuple(places_of(params, stand_in) for stand_in in stand_ins)
        if not all(places):
            raise ValueError("An id is not found among the compiled parameters.")
        return sql, tuple(params), places

    def run(self, *ids: int, using: str = DEFAULT_DB_ALIAS) -> int:
        if len(ids) != self.count:
            raise ValueError(f"{self.count} ids expected, not {len(ids)}.")
        if not all(fits_a_column(pk) for pk in ids):
            return 0  # no column holds it: no row, as the ORM answers
        plan = self._plans.get(using)
        if plan is None:
            plan = self._plans[using] = self._plan(using)
        sql, compiled, places = plan
        params = list(compiled)
        for pk, positions in zip(ids, places, strict=True):
            for position in positions:
                params[position] = pk
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount
