"""What the season report (bilan) reads: the figures partners ask for in September, for the
current season or an archived one (whose data no longer changes, so its report stays what it
was). Aggregates only: counts, sums and averages, never a member's or a resident's name, so
that the report can travel to the local committee and the funders.

A fixed number of queries whatever the season holds (one per block; see
``tests/finance/test_report_query_budgets.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Avg, Count, Exists, OuterRef, Sum
from django.db.models.functions import TruncWeek
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cjs.charts import Bar, BarChart
from cjs.db import CompiledQuery
from cjs.formatting import format_money
from finance import rules
from finance.models import CreditNote, ExpenseCategory, Invoice, Payment, ShareOut
from finance.queries import income_category_label, ledger
from finance.queries_pay import work_value
from finance.queries_shareout import (
    money_formatter,
    shareout_for_season,
    step_text,
    stored_steps,
)
from governance.models import Meeting, Motion
from members.models import CommitteeMembership, Cooperative, Enrolment, RoleAssignment, Season
from services.models import Job, JobStatus, RequestStatus, Satisfaction, Service, ServiceRequest
from services.queries.work import validated_timesheets

ZERO = Decimal(0)
ADULT = 18


@dataclass
class MembersFacts:
    count: int = 0
    minors: int = 0
    adults: int = 0
    unknown_age: int = 0
    ages: list[tuple[int, int]] = field(default_factory=list)  # (age, how many), youngest first
    hours: Decimal = ZERO
    value: Decimal = ZERO

    @property
    def average_hours(self) -> Decimal:
        if not self.count:
            return ZERO
        return (self.hours / self.count).quantize(Decimal("0.1"))


@dataclass
class ByService:
    """Counts per service and status, with the statuses that occur, in their order."""

    statuses: list[tuple[str, str]]  # (code, label)
    rows: list[tuple[str, list[int], int]]  # (service, count per status, total)

    @property
    def total(self) -> int:
        return sum(total for _service, _counts, total in self.rows)


@dataclass
class Money:
    invoiced: Decimal
    credited: Decimal
    paid: Decimal
    outstanding: Decimal
    figures: rules.Ledger

    @property
    def turnover(self) -> Decimal:
        """Invoiced less credit notes, plus the self-financing income."""
        other = sum(
            (v for k, v in self.figures.income_by_category.items() if k != rules.INVOICES), ZERO
        )
        return self.invoiced - self.credited + other


@dataclass
class Residents:
    count: int = 0
    returning: int = 0
    towns: list[tuple[str, int]] = field(default_factory=list)

    @property
    def new(self) -> int:
        return self.count - self.returning


@dataclass
class Report:
    season: Season
    members: MembersFacts
    requests: ByService
    jobs: ByService
    money: Money
    residents: Residents
    satisfaction: dict
    meetings: int
    decisions: int
    roles: dict
    committees: dict
    charts: list[BarChart] = field(default_factory=list)
    seasons: list[Season] = field(default_factory=list)
    income_rows: list[tuple[str, Decimal]] = field(default_factory=list)
    expense_rows: list[tuple[str, Decimal]] = field(default_factory=list)
    share_out: ShareOutFacts | None = None


@dataclass
class ShareOutFacts:
    """The frozen share-out as the report states it: the figures, the steps in words, and the
    spread of the parts without naming anybody (the payout sheet names them)."""

    frozen: ShareOut
    steps: list[str]
    members: int
    smallest: Decimal
    largest: Decimal


def share_out_facts(season: Season, cooperative: Cooperative) -> ShareOutFacts | None:
    """The season's frozen share-out, or None while the assembly has not settled it (two
    queries)."""
    frozen = shareout_for_season(season)
    if frozen is None:
        return None
    money = money_formatter(cooperative)
    totals = [line.total for line in frozen.lines.all()]
    return ShareOutFacts(
        frozen=frozen,
        steps=[step_text(step, money) for step in stored_steps(frozen)],
        members=len(totals),
        smallest=min(totals, default=Decimal("0.00")),
        largest=max(totals, default=Decimal("0.00")),
    )


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def members_facts(season: Season) -> MembersFacts:
    """Everyone enrolled in the season (those who left too: they worked in it), their ages on
    its first day, and the hours validated with their value. Two queries."""
    births = Enrolment.objects.filter(season=season).values_list(
        "user__profile__date_of_birth", flat=True
    )
    facts = MembersFacts()
    ages: Counter[int] = Counter()
    for birth in births:
        facts.count += 1
        if birth is None:
            facts.unknown_age += 1
            continue
        age = age_on(birth, season.starts_on)
        ages[age] += 1
        if age < ADULT:
            facts.minors += 1
        else:
            facts.adults += 1
    facts.ages = sorted(ages.items())
    work = validated_timesheets(season).aggregate(worked=Sum("hours"), value=Sum(work_value()))
    facts.hours = work["worked"] or ZERO
    facts.value = work["value"] or ZERO
    return facts


def by_service(rows, services: dict[int, Service], choices) -> ByService:
    """``rows`` of (service id, status, count) as a table in the catalogue's order."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for service_id, status, n in rows:
        counts[service_id][status] += n
    present = {status for counter in counts.values() for status in counter}
    statuses = [(code, str(label)) for code, label in choices if code in present]
    ordered = [s for s in services.values() if s.pk in counts]
    table = [
        (
            service.name,
            [counts[service.pk][code] for code, _label in statuses],
            sum(counts[service.pk].values()),
        )
        for service in ordered
    ]
    return ByService(statuses=statuses, rows=table)


def _grouped(queryset):
    return queryset.values_list("service_id", "status").annotate(n=Count("pk")).order_by()


def money(season: Season) -> Money:
    """The issued invoices' total and what they still owe (one query), what was paid and
    credited on them (one each), and the ledger (three)."""
    issued = Invoice.objects.filter(season=season).issued()
    sums = issued.with_balance().aggregate(invoiced=Sum("total"), outstanding=Sum("balance_due"))
    paid = Payment.objects.filter(invoice__in=issued).aggregate(total=Sum("amount"))
    credited = CreditNote.objects.filter(invoice__in=issued).aggregate(total=Sum("amount"))
    return Money(
        invoiced=sums["invoiced"] or ZERO,
        credited=credited["total"] or ZERO,
        paid=paid["total"] or ZERO,
        outstanding=sums["outstanding"] or ZERO,
        figures=ledger(season),
    )


def residents(season: Season) -> Residents:
    """The residents who asked for work (one per email), returning when they had asked in an
    earlier season, and how many per town. One query."""
    earlier = ServiceRequest.objects.filter(
        email__iexact=OuterRef("email"), season__year__lt=season.year
    )
    rows = (
        ServiceRequest.objects.filter(season=season)
        .annotate(returning=Exists(earlier))
        .values_list("email", "town_name", "returning")
        .order_by("created_at")
    )
    seen: dict[str, tuple[str, bool]] = {}
    for email, town, returning in rows:
        seen.setdefault(email.strip().lower(), (town.strip(), returning))
    towns: Counter[str] = Counter()
    names: dict[str, str] = {}
    for town, _returning in seen.values():
        key = town.casefold()
        names.setdefault(key, town)
        towns[key] += 1
    return Residents(
        count=len(seen),
        returning=sum(returning for _town, returning in seen.values()),
        towns=sorted(((names[k], n) for k, n in towns.items()), key=lambda t: (-t[1], t[0])),
    )


def satisfaction(season: Season) -> dict:
    return Satisfaction.objects.filter(request__season=season).aggregate(
        forms=Count("pk"),
        punctuality=Avg("punctuality"),
        quality=Avg("quality"),
        politeness=Avg("politeness"),
    )


def rotation(model, season: Season, slot: str) -> dict:
    """How many seats were held, by how many members, on how many roles or committees."""
    return model.objects.filter(season=season).aggregate(
        seats=Count("pk"), members=Count("user", distinct=True), slots=Count(slot, distinct=True)
    )


def season_report(season: Season, cooperative: Cooperative) -> Report:
    services = {service.pk: service for service in Service.objects.order_by("order", "name_fr")}
    report = Report(
        season=season,
        members=members_facts(season),
        requests=by_service(
            _grouped(ServiceRequest.objects.filter(season=season)),
            services,
            RequestStatus.choices,
        ),
        jobs=by_service(_grouped(Job.objects.filter(season=season)), services, JobStatus.choices),
        money=money(season),
        residents=residents(season),
        satisfaction=satisfaction(season),
        meetings=Meeting.objects.filter(season=season, status=Meeting.Status.CLOSED).count(),
        decisions=Motion.objects.filter(
            item__meeting__season=season, status=Motion.Status.ADOPTED
        ).count(),
        roles=rotation(RoleAssignment, season, "role"),
        committees=rotation(CommitteeMembership, season, "committee"),
        share_out=share_out_facts(season, cooperative),
    )
    report.income_rows = [
        (income_category_label(code), amount)
        for code, amount in report.money.figures.income_by_category.items()
    ]
    report.expense_rows = [
        (str(ExpenseCategory(code).label), amount)
        for code, amount in report.money.figures.expenses_by_category.items()
    ]
    report.charts = report_charts(report, services, cooperative)
    return report


def report_page(season: Season, cooperative: Cooperative) -> Report:
    """The report with the seasons to switch to (one more query)."""
    report = season_report(season, cooperative)
    report.seasons = list(Season.objects.order_by("-year"))
    return report


# --- Charts -------------------------------------------------------------------------------


def money_text(cooperative: Cooperative):
    return money_writer(cooperative.currency, cooperative.babel_locale_suffix)


def money_writer(currency: str, region: str) -> Callable[[Decimal], str]:
    """An amount in ``currency`` as the reader of ``region`` reads it, in the active
    language."""

    def text(amount: Decimal) -> str:
        if isinstance(amount, Decimal):  # as the sums give them: written once per language
            return _money_text(str(amount), currency, region, get_language())
        return format_money(amount, currency, region=region)

    return text


# The charts write the same amounts at every view (format_money's locale lookups cost ~40
# Python calls an amount). Keyed by the decimal's text, which keeps what equality forgets.
@functools.lru_cache(maxsize=4096)
def _money_text(amount: str, currency: str, region: str, language: str | None) -> str:
    return format_money(Decimal(amount), currency, language=language, region=region)


def hours_text(hours: Decimal) -> str:
    if isinstance(hours, Decimal):  # as the sums give them: written once per language
        return _hours_text(str(hours), get_language())
    return _("%(hours)s h") % {"hours": number_format(hours, decimal_pos=1)}


def hours_writer() -> Callable[[Decimal], str]:
    """``hours_text`` in the active language, for a chart writing a figure per member."""
    language = get_language()

    def text(hours: Decimal) -> str:
        if isinstance(hours, Decimal):
            return _hours_text(str(hours), language)
        return hours_text(hours)

    return text


# A chart writes a figure per bar and a page the same few weeks and hours at every view:
# each written once per process and language (Django spends ~50 to 90 Python calls on each).
# Hours keyed by the decimal's text, which keeps what equality forgets (-0 is not 0).
@functools.lru_cache(maxsize=4096)
def _hours_text(hours: str, _language: str | None) -> str:
    return _("%(hours)s h") % {"hours": number_format(Decimal(hours), decimal_pos=1)}


def week_label(monday: dt.date) -> str:
    return _week_label(monday, get_language())


@functools.lru_cache(maxsize=1024)
def _week_label(monday: dt.date, _language: str | None) -> str:
    return _("week of %(day)s") % {"day": date_format(monday, "j M")}


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def hours_by_week(season: Season) -> list[tuple[dt.date, Decimal]]:
    """Validated hours per week of the jobs' dates (one query)."""
    rows = (
        validated_timesheets(season)
        .annotate(week=TruncWeek("claim__job__date"))
        .values("week")
        .annotate(total=Sum("hours"))
        .order_by("week")
    )
    return [(_day(row["week"]), row["total"]) for row in rows]


def work_by_service(season: Season) -> dict[int, tuple[Decimal, Decimal]]:
    """``{service id: (validated hours, their value)}`` (one query)."""
    rows = _work_by_service_query(season.pk, connection.vendor).rows()
    return {service_id: (total, value) for service_id, total, value in rows}


@functools.lru_cache(maxsize=16)
def _work_by_service_query(season_pk: int, vendor: str) -> CompiledQuery:
    """Compiled once per season (its SQL depends on nothing else; building it cost the ORM
    ~2,800 Python calls a page), the sums read afresh."""
    return CompiledQuery.of_columns(
        validated_timesheets(Season(pk=season_pk))
        .values("claim__job__service_id")
        .annotate(total=Sum("hours"), value=Sum(work_value()))
        .order_by()
    )


def income_by_week_chart(figures: rules.Ledger, money) -> BarChart:
    return BarChart(
        title=_("Income by week"),
        bars=[Bar(week_label(w.monday), w.income, money(w.income)) for w in figures.weeks],
        label_header=_("Week"),
        value_header=_("Income"),
    )


def service_value_chart(season, services, money) -> BarChart:
    work = work_by_service(season)
    return value_by_service_chart(
        [(service.name, work[pk][1]) for pk, service in services.items() if pk in work], money
    )


def value_by_service_chart(rows: Iterable[tuple[str, Decimal | None]], money) -> BarChart:
    """The chart of the work's value from (service's name, value) in the catalogue's order."""
    return BarChart(
        title=_("Value of the validated work by service (hours × hourly rate)"),
        bars=[Bar(name, value or ZERO, money(value or ZERO)) for name, value in rows],
        label_header=_("Service"),
        value_header=_("Value of the work"),
    )


def report_charts(report: Report, services, cooperative: Cooperative) -> list[BarChart]:
    money = money_text(cooperative)
    return [
        income_by_week_chart(report.money.figures, money),
        BarChart(
            title=_("Validated hours by week"),
            bars=[
                Bar(week_label(monday), hours, hours_text(hours))
                for monday, hours in hours_by_week(report.season)
            ],
            label_header=_("Week"),
            value_header=_("Hours"),
        ),
        service_value_chart(report.season, services, money),
        BarChart(
            title=_("Requests by service"),
            bars=[
                Bar(service, Decimal(total), str(total))
                for service, _counts, total in report.requests.rows
            ],
            label_header=_("Service"),
            value_header=_("Requests"),
        ),
        BarChart(
            title=_("Members by age on the first day"),
            bars=[
                Bar(_("%(age)s years") % {"age": age}, Decimal(n), str(n))
                for age, n in report.members.ages
            ],
            label_header=_("Age"),
            value_header=_("Members"),
        ),
    ]
