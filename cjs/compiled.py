"""Querysets of a fixed shape whose SQL the ORM writes once per process.

Building and compiling a queryset costs the ORM 1,000 to 3,000 Python calls, often more than
the database spends running it; a page that reads the same shape of query on every view
(a request by its token, its quotes, its history) pays that each time. ``CompiledQuery``
builds the queryset once, with stand-in values for its parameters, keeps its SQL and the
compiler's plan of the columns, and then only runs the SQL with the real values, building
the model instances as the queryset would (database converters, ``select_related`` objects,
annotations). The rows are read afresh on every call: only the SQL is kept.

Only for queries whose SQL depends on nothing but their parameters: not on the language
(modeltranslation's lookups on translated fields), the time or the settings.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

from cjs.db import fits_a_column

# Stand-ins for the parameters while the SQL is built: values no real query holds, so that
# each one is found exactly once among the compiled parameters. An integer stays within a
# 32-bit column's range (out of range, the ORM would compile "no rows" instead).
_STAND_INS: dict[type, Callable[[int], object]] = {
    int: lambda n: 2_118_364_529 + n,
    str: lambda n: f"\x00cjs-compiled-parameter-{n}\x00",
}


class CompiledQuery:
    """``CompiledQuery(build, int)``: ``build(pk)`` returns the queryset (of model instances,
    without ``prefetch_related``) for one value of each declared parameter type; calling
    the object with the values returns its rows as a list of instances."""

    def __init__(self, build: Callable[..., QuerySet], *types: type) -> None:
        self.build = build
        self.types = types
        self._plans: dict[str, tuple] = {}

    def __call__(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[Model]:
        if any(type(value) is int and not fits_a_column(value) for value in values):
            return []  # no column holds it (SQLite would raise), as the ORM answers
        connection = connections[using]
        plan = self._plans.get(using)
        if plan is None:
            plan = self._plans[using] = self._plan(using)
        sql, params, positions, compiler = plan
        params = list(params)
        for position, value in zip(positions, values, strict=True):
            params[position] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return []
        # The plan's compiler, on this thread's connection (its converters ask it).
        compiler = copy.copy(compiler)
        compiler.connection = connection
        return list(_instances(compiler, rows, using))

    def _plan(self, using: str) -> tuple:
        stand_ins = [_STAND_INS[kind](n) for n, kind in enumerate(self.types)]
        queryset = self.build(*stand_ins)
        if queryset._iterable_class is not ModelIterable or queryset._prefetch_related_lookups:
            raise TypeError("CompiledQuery reads model instances without prefetch_related")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        positions = []
        for stand_in in stand_ins:
            found = [i for i, p in enumerate(params) if type(p) is type(stand_in) and p == stand_in]
            if len(found) != 1:
                raise ValueError(f"A parameter is used {len(found)} times in the query")
            positions.append(found[0])
        return sql, tuple(params), tuple(positions), compiler


def _instances(compiler, rows: list, using: str):
    """What ``ModelIterable`` builds from the rows, for a compiler that already ran."""
    select, klass_info = compiler.select, compiler.klass_info
    annotation_col_map = compiler.annotation_col_map
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    related_populators = get_related_populators(klass_info, select, using)
    for row in compiler.results_iter([rows]):
        obj = model_cls.from_db(using, init_list, row[start:end])
        for populator in related_populators:
            populator.populate(row, obj)
        if annotation_col_map:
            for name, position in annotation_col_map.items():
                setattr(obj, name, row[position])
        yield obj
