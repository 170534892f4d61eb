"""The money panel's charts are drawn once per process for each set of sums, currency and
language (``finance.dashboard._charts``, ``cjs.kept``): they must be what the panel's loop
over the charts wrote (hostile names escaped, both languages, the hours by member for leaders
only), and new sums must give new charts."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Engine
from django.utils import timezone, translation

from finance import dashboard
from finance.queries import ledger
from finance.queries_report import income_by_week_chart, money_text, value_by_service_chart
from members.models import Cooperative
from tests.factories import (
    JobFactory,
    MemberFactory,
    OtherIncomeFactory,
    ServiceFactory,
    TimesheetFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = '<script>"O\'Brien" & co</script>'

# The loop of finance/_dashboard_panel.html as it was.
FORMER_LOOP = (
    '{% for chart in money_panel.charts %}<div class="col">{{ chart.figure }}</div>{% endfor %}'
)


def former_charts(request, season) -> str:
    """The charts as ``money_panel`` drew them before they were kept, through the loop."""
    money = money_text(request.cooperative)
    charts = [
        income_by_week_chart(ledger(season), money),
        value_by_service_chart(dashboard.value_by_service(season), money),
    ]
    if request.user.is_leader:
        charts.append(dashboard.hours_by_member_chart(season))
    template = Engine.get_default().from_string(FORMER_LOOP)
    return template.render(Context({"money_panel": {"charts": charts}}))


def without_ids(html: str) -> str:
    """Each drawing's title id is drawn from a counter: the same chart drawn twice differs."""
    return re.sub(r"chart-title-\d+", "chart-title-N", html)


def validated(season, service, member, hours: int) -> None:
    job = JobFactory(request__season=season, request__service=service)
    timesheet = TimesheetFactory(claim__job=job, claim__member=member, validated_at=timezone.now())
    timesheet.hours = Decimal(hours)
    timesheet.save()


@pytest.mark.parametrize("is_leader", [True, False])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_kept_charts_are_what_the_loop_drew_and_follow_the_sums(season, language, is_leader):
    dashboard._charts.forget()
    request = SimpleNamespace(
        cooperative=Cooperative.load(), user=SimpleNamespace(is_leader=is_leader)
    )
    service = ServiceFactory(name_fr=HOSTILE, name_en=HOSTILE)
    member = MemberFactory(first_name=HOSTILE, last_name="Durand")
    OtherIncomeFactory(season=season, amount=Decimal("150.00"))
    validated(season, service, member, 3)
    today = timezone.localdate()
    with translation.override(language):
        first = dashboard.money_panel(request, season, today)["money_panel"]["charts"]
        assert without_ids(first) == without_ids(former_charts(request, season))
        assert dashboard.money_panel(request, season, today)["money_panel"]["charts"] == first
        assert HOSTILE not in first
        validated(season, service, MemberFactory(first_name="Zoé"), 5)
        OtherIncomeFactory(season=season, amount=Decimal("20.50"))
        second = dashboard.money_panel(request, season, today)["money_panel"]["charts"]
        assert second != first
        assert without_ids(second) == without_ids(former_charts(request, season))
        assert ("Zoé" in second) is is_leader
