"""The teams incomplete within 48 hours (the approval queue, the leader's dashboard) are
written by ``{% understaffed_rows %}``: they stay what the template's loop wrote (kept in
tests/services/former_understaffed_loop.html), hostile names included, in both languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.template import engines
from django.utils import timezone, translation

from services import actions
from services.models import Job, Service
from services.queries import short_team_rows, understaffed_jobs
from tests.services.test_team_panel_fragments import as_row

pytestmark = pytest.mark.django_db

FORMER_LOOP = (Path(__file__).parent / "former_understaffed_loop.html").read_text().rstrip("\n")
HOSTILE = "<b>\"Tom\" & 'Jerry'</b>"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_understaffed_jobs_are_written_as_the_loop_wrote_them(
    language, make_job, make_member, leader
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    one_missing = make_job(seats=2, date=tomorrow, starts_at=dt.time(9), ends_at=dt.time(12))
    two_missing = make_job(seats=3, date=tomorrow, starts_at=dt.time(14), ends_at=dt.time(17))
    asked = make_job(seats=1, date=tomorrow, starts_at=dt.time(8, 5), ends_at=dt.time(9))
    Job.objects.filter(pk=two_missing.pk).update(town_name=HOSTILE)
    Service.objects.filter(pk=one_missing.service_id).update(name_fr=HOSTILE, name_en=HOSTILE)
    for job in (one_missing, two_missing):
        actions.job_assign(job=job, member=make_member(), by=leader)
    away = make_member()
    claim = actions.job_assign(job=asked, member=away, by=leader)
    actions.replacement_ask(claim=claim, by=away, reason="")

    with translation.override(language):
        jobs = understaffed_jobs(one_missing.season)
        assert sorted(job.missing for job in jobs) == [1, 1, 2]
        assert any(job.replacements_open for job in jobs)
        engine = engines["django"]
        former = engine.from_string(FORMER_LOOP).render({"understaffed": jobs})
        tag = engine.from_string("{% load services_tags %}{% understaffed_rows understaffed %}")
        written = tag.render({"understaffed": jobs})
    assert written == former
    assert HOSTILE not in written and "&lt;b&gt;" in written


def test_the_dashboards_rows_are_the_understaffed_jobs(make_job, make_member, leader):
    """``short_team_rows`` reads as columns the jobs ``understaffed_jobs`` finds (no instances),
    in the same order, with the same seats missing and replacements asked, the service's name
    in the active language."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    one_missing = make_job(seats=2, date=tomorrow, starts_at=dt.time(9), ends_at=dt.time(12))
    full = make_job(seats=1, date=tomorrow, starts_at=dt.time(10), ends_at=dt.time(12))
    asked = make_job(seats=1, date=tomorrow, starts_at=dt.time(8, 5), ends_at=dt.time(9))
    make_job(seats=2, date=tomorrow + dt.timedelta(days=3))  # not within 48 hours
    Service.objects.filter(pk=one_missing.service_id).update(name_fr=HOSTILE, name_en="Mowing")
    actions.job_assign(job=one_missing, member=make_member(), by=leader)
    actions.job_assign(job=full, member=make_member(), by=leader)
    away = make_member()
    claim = actions.job_assign(job=asked, member=away, by=leader)
    actions.replacement_ask(claim=claim, by=away, reason="")
    for language in ("fr", "en"):
        with translation.override(language):
            jobs = understaffed_jobs(one_missing.season)
            assert short_team_rows(one_missing.season) == tuple(as_row(job) for job in jobs)
            assert len(jobs) == 2
    assert short_team_rows(None) == ()
