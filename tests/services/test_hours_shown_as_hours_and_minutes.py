"""Hours worked read as hours and minutes ("3 h 10"), never as a decimal ("3,17 h"), on
every page that shows them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from cjs.formatting import format_duration
from services import actions
from services.models import Job
from tests.services.conftest import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("hours", "shown"),
    [
        (Decimal("3.17"), "3 h 10"),
        (Decimal("3.1667"), "3 h 10"),
        (Decimal("4"), "4 h"),
        (Decimal("0.75"), "0 h 45"),
        (Decimal("8.5"), "8 h 30"),
        (2, "2 h"),
        (Decimal("0"), "0 h"),
        (None, ""),
    ],
)
def test_a_duration_is_written_in_hours_and_minutes(hours, shown):
    assert format_duration(hours) == shown


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_template_filter_writes_the_same_in_both_languages(language):
    template = Template("{% load cjs_tags %}{{ value|hours }}")
    with translation.override(language):
        assert template.render(Context({"value": Decimal("3.17")})) == "3 h 10"


@pytest.fixture
def validated(make_job, make_member, leader):
    """A member worked 9:00 – 12:10 yesterday, validated: 3 h 10."""
    job = make_job(seats=1, starts_at=dt.time(9, 0), ends_at=dt.time(12, 0))
    member = make_member()
    claim = actions.job_assign(job=job, member=member, by=leader)
    Job.objects.filter(pk=job.pk).update(date=timezone.localdate() - dt.timedelta(days=1))
    claim.refresh_from_db()
    actions.hours_validate(
        claim=claim, by=leader, started_at=dt.time(9, 0), ended_at=dt.time(12, 10)
    )
    return job, member


def test_my_jobs_show_hours_and_minutes(validated):
    _job, member = validated
    html = login(member).get(reverse("services:my_jobs")).content.decode()
    assert "Cette saison : 3 h 10 validées" in html
    assert "3,17" not in html


def test_the_directory_and_the_attestation_show_hours_and_minutes(validated, leader_client):
    _job, member = validated
    directory = leader_client.get(reverse("members:directory")).content.decode()
    assert 'data-testid="hours-worked">3 h 10' in directory
    attestation = leader_client.get(reverse("members:attestation", args=[member.pk]))
    assert "3 h 10" in attestation.content.decode()
    for html in (directory, attestation.content.decode()):
        assert "3,17" not in html


def test_the_hours_to_validate_show_hours_and_minutes(make_job, make_member, leader, leader_client):
    job = make_job(seats=1, starts_at=dt.time(9, 0), ends_at=dt.time(12, 0))
    member = make_member()
    claim = actions.job_assign(job=job, member=member, by=leader)
    Job.objects.filter(pk=job.pk).update(date=timezone.localdate() - dt.timedelta(days=1))
    claim.refresh_from_db()
    actions.hours_log(claim=claim, by=member, started_at=dt.time(9, 0), ended_at=dt.time(12, 10))
    queue = leader_client.get(reverse("services:hours_queue")).content.decode()
    assert "Déclaré 09:00 – 12:10 : 3 h 10" in queue
    assert "3,17" not in queue
