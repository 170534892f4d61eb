"""Requests still open when a new season starts move into it; finished ones stay archived."""

from __future__ import annotations

import datetime as dt

import pytest

from members import actions
from services.models import RequestStatus
from tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db


def test_open_requests_move_into_the_new_season(leader, season):
    waiting = {
        status: ServiceRequestFactory(season=season, status=status)
        for status in (RequestStatus.NEW, RequestStatus.QUOTED, RequestStatus.ACCEPTED)
    }
    finished = ServiceRequestFactory(season=season, status=RequestStatus.DONE)
    new = actions.season_start(
        year=season.year + 1,
        starts_on=dt.date(season.year + 1, 7, 1),
        ends_on=dt.date(season.year + 1, 8, 28),
        returning=[],
        by=leader,
    )
    for service_request in waiting.values():
        service_request.refresh_from_db()
        assert service_request.season == new
    finished.refresh_from_db()
    assert finished.season == season
