"""The money panel of the dashboards (see ``cjs.dashboard``), for the leaders and the members
keeping the accounts: income by week, the value of the validated work by service, the hours
by member (leaders only: names with figures stay with them) and what residents still owe.

A fixed number of queries: the ledger's sums (one), the money owed, the work by service (with
the services' names) and, for leaders, the hours by member."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import F, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cjs.charts import Bar, BarChart
from cjs.db import CompiledQuery, count_subquery
from cjs.i18n import localized
from cjs.kept import kept_by_text
from finance.capabilities import KEEP_ACCOUNTS
from finance.models import CreditNote, Invoice, Payment
from finance.queries import ledger_of, ledger_rows
from finance.queries_pay import work_value
from finance.queries_report import (
    hours_writer,
    income_by_week_chart,
    money_text,
    money_writer,
    value_by_service_chart,
)
from members.models import Season
from members.permissions import capabilities_for
from services.models import WorkTally
from services.queries.work import validated_timesheets

ZERO = Decimal(0)
CENT = Decimal("0.01")


def money_owed(today: dt.date) -> dict:
    """Issued invoices with money still owed, all seasons (one query): their total, and how
    many are overdue for how much."""
    sql, params = _money_owed_sql(today, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        owed, unpaid, overdue, overdue_count = cursor.fetchone()
    return {
        "owed": _money(owed),
        "unpaid": unpaid,
        "overdue": _money(overdue),
        "overdue_count": overdue_count,
    }


@functools.lru_cache(maxsize=8)
def _money_owed_sql(today: dt.date, vendor: str) -> tuple[str, tuple]:
    """The SQL of ``money_owed``, built once per day (it depends on nothing else: building
    the invoices' balances and aggregating them cost the ORM ~9,000 Python calls a view).
    The sums are read afresh at each call.

    Each issued invoice's balance is ``with_balance``'s: its total less its payments and its
    credit notes, each summed by invoice in one grouped pass and joined to the invoices
    (one row an invoice: no join multiplies them), not looked up invoice by invoice. Those
    correlated lookups, as the ORM writes ``with_balance``, were repeated by PostgreSQL for
    the filter and for each sum (some 280 lookups for the long-lived cooperative's 89
    invoices, and as many more with each season's). ``tests/finance/test_money_owed.py``
    compares the sums with the ORM's aggregate of ``with_balance``."""
    invoices = (
        Invoice.objects.issued()
        .order_by()
        .values(ref=F("pk"), owed=F("total"), due=F("due_on"))  # named for the join below
    )
    paid = _summed_by_invoice(Payment)
    credited = _summed_by_invoice(CreditNote)
    parts = [
        q.query.get_compiler(connection=connection).as_sql() for q in (invoices, paid, credited)
    ]
    (invoices_sql, invoices_params), (paid_sql, paid_params), (credited_sql, credited_params) = (
        parts
    )
    day = connection.ops.adapt_datefield_value(today)
    # The three subqueries are the ORM's SQL, every value a parameter.
    sql = (
        'SELECT SUM("balance_due"), COUNT(*), '  # noqa: S608
        'SUM(CASE WHEN "due_on" < %s THEN "balance_due" END), '
        'COUNT(CASE WHEN "due_on" < %s THEN 1 END) '
        'FROM (SELECT "i"."owed" - COALESCE("p"."summed", 0) - COALESCE("c"."summed", 0)'
        ' AS "balance_due", "i"."due" AS "due_on"'
        f' FROM ({invoices_sql}) "i"'
        f' LEFT JOIN ({paid_sql}) "p" ON "p"."ref" = "i"."ref"'
        f' LEFT JOIN ({credited_sql}) "c" ON "c"."ref" = "i"."ref"'
        ') "owing" WHERE "balance_due" > 0'
    )
    return sql, (day, day, *invoices_params, *paid_params, *credited_params)


def _summed_by_invoice(model) -> QuerySet:
    """``model``'s amounts summed by invoice: ``ref`` (the invoice's id) and ``summed``."""
    return model.objects.order_by().values(ref=F("invoice_id")).annotate(summed=Sum("amount"))


def _money(total) -> Decimal:
    """A sum as the cursor reads it (a decimal from PostgreSQL, a float from SQLite), in
    cents; 0 when there is nothing to sum."""
    if total is None:
        return ZERO
    return total if isinstance(total, Decimal) else Decimal(str(total)).quantize(CENT)


# Bars of the hours by member: a team's size (a CJS has about fifteen members). A larger
# cooperative's dashboard shows those with the most hours and says how many there are in all;
# the share-out lists everyone's (a bar per member of 150 made the dashboard 2.5 times heavier
# than a team's, for a chart no one reads on a phone).
HOURS_CHART_BARS = 15


def hours_by_member_chart(season: Season) -> BarChart:
    return _hours_by_member_chart(_hours_by_member_query(season.pk, connection.vendor).rows())


def _hours_by_member_chart(rows: Iterable[tuple]) -> BarChart:
    text = hours_writer()
    rows = list(rows)
    every = rows[0][-1] if rows else 0  # the members with validated hours, counted by the query
    note = ""
    if every > len(rows):
        note = format_html(
            '{} <a href="{}">{}</a>',
            _("The %(shown)s members with the most validated hours, of %(every)s.")
            % {"shown": len(rows), "every": every},
            reverse("finance:share_out"),
            _("Everyone's hours: the share-out."),
        )
    return BarChart(
        title=_("Validated hours by member"),
        bars=[
            Bar(f"{first_name} {last_name}".strip(), total, text(total))
            for _pk, first_name, last_name, total, _every in rows
        ],
        label_header=_("Member"),
        value_header=_("Hours"),
        note=note,
    )


@functools.lru_cache(maxsize=16)
def _hours_by_member_query(season_pk: int, vendor: str) -> CompiledQuery:
    """The validated hours of the ``HOURS_CHART_BARS`` members with the most, each with the
    count of members with validated hours, compiled once per season (its SQL depends on
    nothing else; building it cost the ORM ~2,500 Python calls a view), the sums read afresh
    from each member's working time (``WorkTally``: one row a member, not the season's hours
    summed at each view). By member, not by name: two members of the same name are two
    bars."""
    tallies = WorkTally.objects.filter(season_id=season_pk, worked__gt=0)
    # The hours of the last bar: only the members with at least as many (ties included) are
    # joined to their names and sorted, not every member of the season.
    last_bar = tallies.order_by("-worked").values("worked")[HOURS_CHART_BARS - 1 : HOURS_CHART_BARS]
    return CompiledQuery.of_columns(
        tallies.filter(worked__gte=Coalesce(Subquery(last_bar), Value(ZERO)))
        .values("member_id", "member__first_name", "member__last_name")
        .annotate(total=F("worked"), every=count_subquery(tallies))
        .order_by("-total", "member__last_name", "member__first_name", "member_id")[
            :HOURS_CHART_BARS
        ]
    )


def value_by_service(season: Season) -> list[tuple[str, Decimal]]:
    """(service's name, value of its validated work) in the catalogue's order (one query)."""
    return _value_by_service(_value_by_service_query(season.pk, connection.vendor).rows())


def _value_by_service(rows: Iterable[tuple]) -> list[tuple[str, Decimal]]:
    return [(localized(fr, en), value) for _pk, _order, fr, en, value in rows]


@functools.lru_cache(maxsize=16)
def _value_by_service_query(season_pk: int, vendor: str) -> CompiledQuery:
    """The work by service with the service's order and names, compiled once per season (the
    catalogue read with it rather than apart), the sums read afresh."""
    return CompiledQuery.of_columns(
        validated_timesheets(Season(pk=season_pk))
        .values(
            "claim__job__service_id",
            "claim__job__service__order",
            "claim__job__service__name_fr",
            "claim__job__service__name_en",
        )
        .annotate(value=Sum(work_value()))
        .order_by("claim__job__service__order", "claim__job__service__name_fr")
    )


def money_panel(request: HttpRequest, season: Season, today: dt.date) -> dict:
    cooperative, vendor = request.cooperative, connection.vendor
    sums = (
        tuple(ledger_rows(season)),
        tuple(_value_by_service_query(season.pk, vendor).rows()),
        tuple(_hours_by_member_query(season.pk, vendor).rows()) if request.user.is_leader else None,
    )
    owed = money_owed(today)
    money = money_text(cooperative)
    # The figures as the panel writes them (its cards are kept once written: they are text).
    written = {"owed_text": money(owed["owed"]), "overdue_text": money(owed["overdue"])}
    charts = _charts(sums, cooperative.currency, cooperative.babel_locale_suffix)
    return {"money_panel": {"owed": owed | written, "charts": charts}}


@kept_by_text()
def _charts(sums: tuple, currency: str, region: str) -> SafeString:
    """The charts of the sums read (the ledger's, the work's value by service and, for
    leaders, the hours by member), each in its column, as the panel's loop wrote them: kept
    for each set of sums, currency and language (``cjs.kept``: ~900 Python calls to draw the
    three charts again)."""
    ledger_sums, service_sums, member_sums = sums
    money = money_writer(currency, region)
    drawn = [
        income_by_week_chart(ledger_of(ledger_sums), money),
        value_by_service_chart(_value_by_service(service_sums), money),
    ]
    if member_sums is not None:
        drawn.append(_hours_by_member_chart(member_sums))
    return mark_safe(  # each figure is escaped text
        "".join(f'<div class="col">{chart.figure()}</div>' for chart in drawn)
    )


def leader_context(request: HttpRequest, season: Season, today: dt.date) -> dict:
    return money_panel(request, season, today)


def member_context(request: HttpRequest, season: Season, today: dt.date) -> dict:
    if KEEP_ACCOUNTS not in capabilities_for(request):
        return {}
    return money_panel(request, season, today)
