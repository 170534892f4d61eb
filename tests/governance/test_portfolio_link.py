"""A member may link a skills portfolio entry to a meeting they attended."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Attendance
from members.models import PortfolioEntry
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _entry(activity: str) -> dict:
    return {
        "happened_on": timezone.localdate().isoformat(),
        "title": "Présider ma première réunion",
        "reflection": "J'ai appris à donner la parole à chacun.",
        "skill": "",
        "role": "",
        "committee": "",
        "activity": activity,
    }


def test_member_links_an_entry_to_a_meeting_they_attended(member_client, member, season):
    attended = MeetingFactory(season=season, title="CA du lundi")
    Attendance.objects.create(meeting=attended, user=member, status=Attendance.Status.PRESENT)
    assert "CA du lundi" in member_client.get(reverse("my:portfolio")).content.decode()

    response = member_client.post(
        reverse("my:portfolio"), _entry(f"governance.meeting:{attended.pk}")
    )
    assert response.status_code == 302
    assert PortfolioEntry.objects.get().activity == attended


def test_a_meeting_the_member_missed_is_not_offered(member_client, member, season):
    attended = MeetingFactory(season=season, title="CA du lundi")
    Attendance.objects.create(meeting=attended, user=member, status=Attendance.Status.PRESENT)
    missed = MeetingFactory(season=season, title="CA manqué")
    Attendance.objects.create(meeting=missed, user=member, status=Attendance.Status.ABSENT)
    html = member_client.get(reverse("my:portfolio")).content.decode()
    assert "CA du lundi" in html
    assert "CA manqué" not in html

    response = member_client.post(
        reverse("my:portfolio"), _entry(f"governance.meeting:{missed.pk}")
    )
    assert response.status_code == 200
    assert not PortfolioEntry.objects.exists()
