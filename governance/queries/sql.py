"""SQL built once per process for the governance pages' fixed-shape reads: building and
compiling a query costs the ORM more Python than the database spends running it, on pages
every member opens. What is cached depends on nothing but its key (a season, a viewer, a
number of ids); values that change at each request (the current instant, the ids of a page)
are compiled as stand-ins whose places in the parameters are remembered, and each call puts
its own values there. The rows are read afresh at each call, as plain tuples."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db import connection
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime

from cjs.i18n import localized

# Stands for the current instant in SQL built once.
NOW = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class Compiled(NamedTuple):
    sql: str
    params: tuple
    # Where each stand-in sits in ``params`` (a list per stand-in: an id list has several).
    places: tuple[tuple[int, ...], ...] = ()


def compiled(queryset: QuerySet, *stand_ins) -> Compiled:
    """``queryset``'s SQL; each stand-in is a value or a list of values (an ``__in`` list),
    written in the parameters as the database receives them."""
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    places = tuple(
        tuple(params.index(_adapted(value)) for value in values)
        for values in (s if isinstance(s, list | tuple) else [s] for s in stand_ins)
    )
    return Compiled(sql, params, places)


def rows(query: Compiled, *values) -> list[tuple]:
    """The rows of ``query``, each stand-in replaced by its value (a list for a list)."""
    params = list(query.params)
    for places, value in zip(query.places, values, strict=True):
        for place, one in zip(
            places, value if isinstance(value, list | tuple) else [value], strict=True
        ):
            params[place] = _adapted(one)
    with connection.cursor() as cursor:
        cursor.execute(query.sql, params)
        return cursor.fetchall()


def _adapted(value):
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A date and time as a cursor reads it: aware from PostgreSQL, in UTC without its zone
    from SQLite (where the ORM would add it)."""
    if isinstance(moment, str):  # SQLite, from a UNION
        moment = parse_datetime(moment)
    if moment is None or moment.tzinfo:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def meeting_row(
    statuses: dict[str, str],
    pk: int,
    title: str,
    starts_at: dt.datetime,
    place: str,
    status: str,
    committee_fr: str | None,
    committee_en: str | None,
) -> dict:
    """A meeting read as columns, as the row partial (``governance/_meeting_row.html``) reads
    a meeting: its attribute names (``statuses``: each status's label, made once a page)."""
    return {
        "pk": pk,
        "title": title,
        "starts_at": aware(starts_at),
        "place": place,
        "status": status,
        "get_status_display": statuses.get(status, status),
        "committee": localized(committee_fr, committee_en),
    }
