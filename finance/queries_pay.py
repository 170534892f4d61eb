"""What the pay pages read: a member's validated hours and the value of their work, job by
job, and everyone's for the leaders, with how evenly it was spread (``finance.spread``).

"Value of the work" is the validated hours times the hourly rate of each job: what a member's
work brought in to the common pot. It is not what they take home: that is the share-out the
board votes at the end of the season (by hours, in equal parts or a mix, after a reserve).
Each page runs a fixed number of queries whatever the number of members and jobs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, ExpressionWrapper, F, Q, Sum

from finance import spread
from members.models import Season, User
from services.models import CENT
from services.queries.work import MONEY, validated_timesheets

ZERO = Decimal(0)


def work_value():
    return ExpressionWrapper(F("hours") * F("claim__job__hourly_rate"), output_field=MONEY)


@dataclass(frozen=True)
class PayLine:
    """One job a member worked, once its hours are validated."""

    date: dt.date
    service: str
    town: str
    hours: Decimal
    rate: Decimal

    @property
    def value(self) -> Decimal:
        return (self.hours * self.rate).quantize(CENT)


@dataclass
class TeamSpread:
    hours: spread.Spread
    value: spread.Spread


@dataclass
class PayRow:
    member: User
    jobs: int = 0
    hours: Decimal = ZERO
    value: Decimal = ZERO


@dataclass
class MemberPay:
    season: Season
    lines: list[PayLine]
    team: TeamSpread

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), ZERO)

    @property
    def value(self) -> Decimal:
        return sum((line.value for line in self.lines), ZERO)


@dataclass
class TeamPay:
    season: Season
    rows: list[PayRow] = field(default_factory=list)
    team: TeamSpread | None = None

    @property
    def hours(self) -> Decimal:
        return sum((row.hours for row in self.rows), ZERO)

    @property
    def value(self) -> Decimal:
        return sum((row.value for row in self.rows), ZERO)


def pay_rows(season: Season) -> list[PayRow]:
    """Every member enrolled in the season (those who have not worked yet at 0) and anyone
    else with validated hours in it (a member who left), most hours first. Two queries."""
    worked = {
        row["claim__member_id"]: row
        for row in validated_timesheets(season)
        .values("claim__member_id")
        .annotate(
            jobs=Count("claim__job", distinct=True), total=Sum("hours"), value=Sum(work_value())
        )
        .order_by()
    }
    members = User.objects.filter(
        Q(pk__in=User.objects.members().enrolled_in(season).values("pk")) | Q(pk__in=list(worked))
    ).order_by("last_name", "first_name", "pk")
    rows = []
    for member in members:
        row = worked.get(member.pk, {})
        rows.append(
            PayRow(
                member=member,
                jobs=row.get("jobs", 0),
                hours=row.get("total") or ZERO,
                value=row.get("value") or ZERO,
            )
        )
    return sorted(rows, key=lambda row: (-row.hours, -row.value))


def team_spread(rows: list[PayRow]) -> TeamSpread:
    return TeamSpread(
        hours=spread.spread(row.hours for row in rows),
        value=spread.spread(row.value for row in rows),
    )


def team_pay(season: Season) -> TeamPay:
    rows = pay_rows(season)
    return TeamPay(season=season, rows=rows, team=team_spread(rows))


def member_pay(member: User, season: Season) -> MemberPay:
    """The member's validated jobs, oldest first (one query), and the team's spread, without
    anyone's name (two queries)."""
    timesheets = (
        validated_timesheets(season)
        .filter(claim__member=member)
        .select_related("claim__job__service")
        .order_by("claim__job__date", "claim__job__starts_at", "pk")
    )
    lines = [
        PayLine(
            date=sheet.claim.job.date,
            service=sheet.claim.job.service.name,
            town=sheet.claim.job.town_name,
            hours=sheet.hours,
            rate=sheet.claim.job.hourly_rate,
        )
        for sheet in timesheets
    ]
    return MemberPay(season=season, lines=lines, team=team_spread(pay_rows(season)))
