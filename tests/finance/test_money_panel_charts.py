"""The money panel's chart of the work's value by service reads the services' names with the
work (one query compiled once per season): the chart the season report draws from the
catalogue and the work by service."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone, translation

from finance.dashboard import value_by_service
from finance.queries_report import service_value_chart, value_by_service_chart
from services.models import JobStatus, Service
from tests.factories import JobFactory, ServiceFactory, TimesheetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_value_by_service_is_the_reports_chart(season, language):
    services = [
        ServiceFactory(name_fr="Zèbre", name_en="", order=1),
        ServiceFactory(name_fr="Abeille", name_en="Bee", order=1),
        ServiceFactory(name_fr="Cigale", name_en="Cicada", order=0),
        ServiceFactory(name_fr="Rien", name_en="Nothing", order=0),  # no validated work
    ]
    for index, service in enumerate(services[:3]):
        for _ in range(index + 1):
            job = JobFactory(request__season=season, request__service=service)
            TimesheetFactory(claim__job=job, validated_at=timezone.now())
            TimesheetFactory(claim__job=job)  # not validated
    cancelled = JobFactory(
        request__season=season, request__service=services[0], status=JobStatus.CANCELLED
    )
    TimesheetFactory(claim__job=cancelled, validated_at=timezone.now())

    def money(amount: Decimal) -> str:
        return f"{amount} €"

    catalogue = {s.pk: s for s in Service.objects.order_by("order", "name_fr")}
    with translation.override(language):
        assert value_by_service_chart(value_by_service(season), money) == service_value_chart(
            season, catalogue, money
        )
    assert len(value_by_service(season)) == 3
