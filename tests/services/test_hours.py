"""After a job the team logs its hours; a leader or a delegate validates or corrects them;
validated hours feed the directory, the attestation and the fairness figures."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from services import actions
from services.capabilities import VALIDATE_HOURS
from services.models import Job, JobStatus, RequestStatus, Timesheet
from tests.factories import MemberFactory
from tests.services.conftest import login

pytestmark = pytest.mark.django_db


def into_the_past(job: Job, days: int = 1) -> Job:
    """Time passes: the job happened ``days`` ago."""
    Job.objects.filter(pk=job.pk).update(date=timezone.localdate() - dt.timedelta(days=days))
    return Job.objects.get(pk=job.pk)


@pytest.fixture
def worked_job(make_job, make_member, leader):
    job = make_job(seats=2, starts_at=dt.time(9, 0), ends_at=dt.time(12, 0))
    team = [make_member(), make_member()]
    claims = [actions.job_assign(job=job, member=m, by=leader) for m in team]
    return into_the_past(job), team, claims


def test_hours_are_logged_only_once_the_job_started(make_job, member, leader):
    job = make_job()
    claim = actions.job_assign(job=job, member=member, by=leader)
    with pytest.raises(DomainError, match="une fois le chantier commencé"):
        actions.hours_log(claim=claim, by=member, started_at=dt.time(9, 0), ended_at=dt.time(12, 0))


def test_the_member_logs_then_a_validator_corrects_and_the_job_is_done(worked_job, delegate):
    job, team, claims = worked_job
    client = login(team[0])
    response = client.post(
        reverse("services:hours_log", args=[claims[0].pk]),
        {"started_at": "09:10", "ended_at": "12:30", "break_minutes": "10"},
        follow=True,
    )
    assert "Vos heures sont enregistrées" in response.content.decode()
    timesheet = Timesheet.objects.get(claim=claims[0])
    assert timesheet.hours == Decimal("3.17") and not timesheet.is_validated
    validator = delegate(VALIDATE_HOURS)
    actions.hours_validate(claim=claims[0], by=validator)
    assert Job.objects.get(pk=job.pk).status == JobStatus.STAFFED  # a teammate is missing
    # The other member forgot: the validator enters the hours, correcting the time.
    actions.hours_validate(
        claim=claims[1], by=validator, started_at=dt.time(9, 0), ended_at=dt.time(11, 30)
    )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.request.status == RequestStatus.DONE
    assert Timesheet.objects.get(claim=claims[1]).hours == Decimal("2.50")


def test_a_corrected_member_reads_what_they_logged_and_the_validators_note(
    worked_job, leader_client
):
    job, team, claims = worked_job
    actions.hours_log(
        claim=claims[0], by=team[0], started_at=dt.time(9, 0), ended_at=dt.time(12, 30)
    )
    prefix = claims[0].pk
    assert (
        f'name="{prefix}-note"'
        in leader_client.get(reverse("services:hours_queue")).content.decode()
    )
    leader_client.post(
        reverse("services:hours_validate", args=[claims[0].pk]),
        {
            f"{prefix}-started_at": "09:00",
            f"{prefix}-ended_at": "12:00",
            f"{prefix}-break_minutes": "0",
            f"{prefix}-note": "Le chantier a fini à midi, vu avec la cliente.",
        },
        HTTP_HX_REQUEST="true",
    )
    timesheet = Timesheet.objects.get(claim=claims[0])
    assert timesheet.note == "Le chantier a fini à midi, vu avec la cliente."
    page = login(team[0]).get(reverse("services:job_detail", args=[job.pk])).content.decode()
    assert "vous aviez déclaré 09:00 – 12:30 (pause de 0 min)" in page
    assert "« Le chantier a fini à midi, vu avec la cliente. »" in page


def test_validated_hours_can_no_longer_be_changed_by_the_member(worked_job, leader):
    _job, team, claims = worked_job
    actions.hours_log(
        claim=claims[0], by=team[0], started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
    )
    actions.hours_validate(
        claim=claims[0], by=leader, ended_at=dt.time(11, 0), started_at=dt.time(9, 0)
    )
    timesheet = Timesheet.objects.get(claim=claims[0])
    assert timesheet.was_corrected and timesheet.logged_ended_at == dt.time(12, 0)
    with pytest.raises(DomainError, match="déjà validées"):
        actions.hours_log(
            claim=claims[0], by=team[0], started_at=dt.time(9, 0), ended_at=dt.time(13, 0)
        )


def test_nobody_logs_or_validates_hours_for_themselves(worked_job):
    _job, team, claims = worked_job
    with pytest.raises(DomainError, match="Seul le membre"):
        actions.hours_log(
            claim=claims[0], by=team[1], started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
        )
    with pytest.raises(DomainError, match="une autre personne doit valider"):
        actions.hours_validate(
            claim=claims[0], by=team[0], started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
        )


def test_bad_times_are_refused(worked_job):
    _job, team, claims = worked_job
    with pytest.raises(DomainError, match="La pause est plus longue"):
        actions.hours_log(
            claim=claims[0],
            by=team[0],
            started_at=dt.time(9, 0),
            ended_at=dt.time(9, 30),
            break_minutes=45,
        )
    response = login(team[0]).post(
        reverse("services:hours_log", args=[claims[0].pk]),
        {"started_at": "12:00", "ended_at": "09:00", "break_minutes": "0"},
        follow=True,
    )
    assert "La fin doit venir après le début." in response.content.decode()
    assert not Timesheet.objects.exists()


def test_the_hours_page_validates_a_row_in_place(worked_job, leader_client):
    _job, team, claims = worked_job
    actions.hours_log(
        claim=claims[0], by=team[0], started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
    )
    page = leader_client.get(reverse("services:hours_queue")).content.decode()
    assert "Déclaré 09:00 – 12:00 : 3 h" in page
    assert "Pas encore déclaré" in page
    prefix = claims[0].pk
    response = leader_client.post(
        reverse("services:hours_validate", args=[claims[0].pk]),
        {
            f"{prefix}-started_at": "09:00",
            f"{prefix}-ended_at": "12:00",
            f"{prefix}-break_minutes": "0",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "3 h validées" in response.content.decode()


def test_validated_hours_feed_the_directory_the_attestation_and_my_jobs(
    worked_job, leader, leader_client
):
    _job, team, claims = worked_job
    actions.hours_validate(
        claim=claims[0], by=leader, started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
    )
    directory = leader_client.get(reverse("members:directory")).content.decode()
    assert "Heures validées" in directory
    assert 'data-testid="hours-worked">3' in directory
    attestation = leader_client.get(
        reverse("members:attestation", args=[team[0].pk])
    ).content.decode()
    assert "Chantiers et heures" in attestation
    assert "Tonte de pelouse" in attestation
    mine = login(team[0]).get(reverse("services:my_jobs")).content.decode()
    assert "Cette saison : 3 h validées" in mine
    assert "36,00\xa0€" in mine


def test_the_directory_keeps_its_query_budget_with_hours(
    worked_job, leader, leader_client, django_assert_max_num_queries
):
    _job, _team, claims = worked_job
    for claim in claims:
        actions.hours_validate(
            claim=claim, by=leader, started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
        )
    with django_assert_max_num_queries(12):
        leader_client.get(reverse("members:directory"))


def test_a_member_links_a_job_worked_to_a_portfolio_entry(worked_job, season):
    from members.portfolio import activity_choices

    job, team, _claims = worked_job
    groups = dict(activity_choices(team[0], season))
    assert [label for _value, label in groups["Chantier"]] == [str(job)]
    outsider = MemberFactory()
    assert "Chantier" not in dict(activity_choices(outsider, season))


# The limits of minors on the hours actually worked -------------------------------------------


def test_a_member_logs_hours_only_near_the_planned_times(worked_job):
    _job, team, claims = worked_job  # 09:00-12:00
    with pytest.raises(DomainError, match="moins d’une heure des horaires prévus") as refusal:
        actions.hours_log(
            claim=claims[0], by=team[0], started_at=dt.time(0, 0), ended_at=dt.time(23, 59)
        )
    assert refusal.value.code == "outside_planned_times"
    with pytest.raises(DomainError, match="09:00 – 12:00"):
        actions.hours_log(
            claim=claims[0], by=team[0], started_at=dt.time(9, 0), ended_at=dt.time(13, 5)
        )
    assert not Timesheet.objects.exists()
    timesheet = actions.hours_log(
        claim=claims[0], by=team[0], started_at=dt.time(8, 0), ended_at=dt.time(13, 0)
    )
    assert timesheet.hours == Decimal("5.00")


@pytest.fixture
def minor_on_a_long_job(make_job, make_member, leader):
    """A cleared minor on a job of yesterday, 09:00-14:00."""
    minor = make_member(minor=True)
    job = make_job(seats=1, starts_at=dt.time(9, 0), ends_at=dt.time(14, 0))
    claim = actions.job_assign(job=job, member=minor, by=leader)
    return into_the_past(job), minor, claim


def test_a_minor_working_five_hours_without_a_break_is_not_validated(
    minor_on_a_long_job, leader, leader_client, delegate
):
    _job, minor, claim = minor_on_a_long_job
    response = login(minor).post(
        reverse("services:hours_log", args=[claim.pk]),
        {"started_at": "09:00", "ended_at": "14:00", "break_minutes": "0"},
        follow=True,
    )
    page = response.content.decode()
    # Logged as it happened, the member is told what a leader will check with them.
    assert "Vos heures sont enregistrées" in page
    assert "Un·e animateur·rice vérifiera ces heures avec vous" in page
    assert "pause d’au moins 30 minutes" in page
    queue = leader_client.get(reverse("services:hours_queue")).content.decode()
    assert 'data-testid="hours-problems"' in queue
    assert "pause d’au moins 30 minutes" in queue
    with pytest.raises(DomainError, match="pause d’au moins 30 minutes") as refusal:
        actions.hours_validate(claim=claim, by=leader)
    assert refusal.value.code == "minor_break"
    # A validator holding the delegation reads no minors' matter.
    validator = delegate(VALIDATE_HOURS)
    queue = login(validator).get(reverse("services:hours_queue")).content.decode()
    assert "seul·e un·e animateur·rice peut valider ces heures" in queue
    assert "mineur" not in queue
    with pytest.raises(DomainError, match="seul·e un·e animateur·rice") as refusal:
        actions.hours_validate(claim=claim, by=validator)
    assert "mineur" not in refusal.value.message
    # Corrected with the break the member took, the hours are validated.
    timesheet = actions.hours_validate(
        claim=claim,
        by=leader,
        started_at=dt.time(9, 0),
        ended_at=dt.time(14, 0),
        break_minutes=30,
        note="Pause déjeuner de 30 minutes.",
    )
    assert timesheet.is_validated and timesheet.hours == Decimal("4.50")


def test_the_night_and_the_day_limits_apply_to_the_hours_validated(minor_on_a_long_job, leader):
    _job, _minor, claim = minor_on_a_long_job
    with pytest.raises(DomainError) as refusal:
        actions.hours_validate(
            claim=claim, by=leader, started_at=dt.time(5, 0), ended_at=dt.time(12, 0)
        )
    assert refusal.value.code == "minor_night"
    with pytest.raises(DomainError) as refusal:
        actions.hours_validate(
            claim=claim,
            by=leader,
            started_at=dt.time(8, 0),
            ended_at=dt.time(17, 30),
            break_minutes=60,
        )
    assert refusal.value.code == "minor_day"
    assert not Timesheet.objects.exists()


def test_the_hours_of_the_day_count_as_worked_not_as_planned(make_job, make_member, leader):
    """Two jobs the same day, 8 hours as planned: the first ran 45 minutes late, so the
    second cannot be validated as logged (8 h 45 that day)."""
    minor = make_member(minor=True)
    morning = make_job(seats=1, starts_at=dt.time(8, 0), ends_at=dt.time(12, 0))
    afternoon = make_job(seats=1, starts_at=dt.time(13, 0), ends_at=dt.time(17, 0))
    claims = [actions.job_assign(job=job, member=minor, by=leader) for job in (morning, afternoon)]
    for job in (morning, afternoon):
        into_the_past(job)
    actions.hours_log(claim=claims[0], by=minor, started_at=dt.time(8, 0), ended_at=dt.time(12, 45))
    actions.hours_log(claim=claims[1], by=minor, started_at=dt.time(13, 0), ended_at=dt.time(17, 0))
    with pytest.raises(DomainError, match="8 h 45") as refusal:
        actions.hours_validate(claim=claims[1], by=leader)
    assert refusal.value.code == "minor_day"


def test_an_adults_hours_know_no_limits_of_minors(worked_job, leader):
    _job, team, claims = worked_job
    actions.hours_log(
        claim=claims[0], by=team[0], started_at=dt.time(8, 0), ended_at=dt.time(13, 0)
    )
    assert actions.hours_validate(claim=claims[0], by=leader).hours == Decimal("5.00")


@pytest.mark.parametrize("size", [2, 8])
def test_the_hours_queue_runs_a_constant_number_of_queries(
    size, make_job, make_member, leader, leader_client, django_assert_max_num_queries
):
    for index in range(size):
        member = make_member(minor=index % 2 == 0)
        job = make_job(seats=1, date=timezone.localdate() + dt.timedelta(days=2 + index))
        claim = actions.job_assign(job=job, member=member, by=leader)
        into_the_past(job, days=1 + index)
        if index % 3:
            actions.hours_log(
                claim=claim, by=member, started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
            )
    # session, user, season, cooperative, capabilities, claims (joined), their commitments
    with django_assert_max_num_queries(9):
        response = leader_client.get(reverse("services:hours_queue"))
    assert response.content.decode().count('data-testid="hours-row"') == size


def test_the_hours_queue_writes_each_row_s_inputs_as_the_form_s_widgets_would(
    make_job, make_member, leader, leader_client
):
    """The queue writes an unbound row's inputs by hand (cheaper than Django's widget
    templates): they must stay what the form's widgets write, whatever the form becomes."""
    from django.test.html import parse_html

    from services.forms import HoursValidationForm

    member = make_member()
    job = make_job(seats=1, date=timezone.localdate() + dt.timedelta(days=2))
    claim = actions.job_assign(job=job, member=member, by=leader)
    into_the_past(job, days=1)
    actions.hours_log(
        claim=claim, by=member, started_at=dt.time(9, 5), ended_at=dt.time(12, 0), break_minutes=15
    )
    claim.refresh_from_db()
    page = parse_html(leader_client.get(reverse("services:hours_queue")).content.decode())
    form = HoursValidationForm(job=claim.job, timesheet=claim.timesheet, prefix=claim.pk)
    for name in ("started_at", "ended_at", "break_minutes", "note"):
        assert parse_html(str(form[name])) in page, name


# A job's heading and a claim's row of the hours to validate as the template wrote them with
# template tags and the form, before the view wrote their texts, link and inputs' values
# (``HoursRow``): kept in tests/services/tagged_hours_*.html.
TAGGED_HEADING = (Path(__file__).parent / "tagged_hours_heading.html").read_text()
TAGGED_ROW = (Path(__file__).parent / "tagged_hours_row.html").read_text()


def _past_with_a_minors_hours(job: Job, claim) -> None:
    """``job`` yesterday, the hours of ``claim`` (a minor's) logged: 8:05 to 13:00, a break of
    five minutes (too short for a minor's five hours)."""
    into_the_past(job, days=1)
    actions.hours_log(
        claim=claim,
        by=claim.member,
        started_at=dt.time(8, 5),
        ended_at=dt.time(13, 0),
        break_minutes=5,
    )


def _without_tokens(html: str) -> str:
    return re.sub(r'value="[A-Za-z0-9]{64}"', 'value="token"', html)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_hours_queue_writes_its_rows_as_the_template_tags_wrote_them(
    language, make_job, make_member, leader, leader_client, settings
):
    """The view writes the rows' texts, link and inputs' values (cheaper than template tags
    and a form a row): the rows must stay what the tags and the form wrote, hostile names and
    towns, a break, the limits of minors and a validated row included, in both languages."""
    from django.template import engines
    from django.test.html import parse_html
    from django.utils import translation

    from members.models import User
    from services.forms import HoursValidationForm
    from services.queries import HoursCheck, hours_claims, hours_problems, started_by

    job = make_job(seats=3, date=timezone.localdate() + dt.timedelta(days=2))
    Job.objects.filter(pk=job.pk).update(town_name='Saint-<Pré> & "Val" l\'Eau')
    minor, adult, late = make_member(minor=True), make_member(), make_member()
    User.objects.filter(pk__in=[minor.pk, adult.pk]).update(
        first_name="Zoé <b>&\"'", last_name="O'Brien & <i>Cie</i>"
    )
    claims = [actions.job_assign(job=job, member=m, by=leader) for m in (minor, adult, late)]
    _past_with_a_minors_hours(job, claims[0])
    actions.hours_log(claim=claims[1], by=adult, started_at=dt.time(9, 0), ended_at=dt.time(12, 0))

    leader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = leader_client.get(reverse("services:hours_queue"))
    request = response.wsgi_request
    engine = engines["django"]

    def tagged(claim, form=None, error=None):
        timesheet = getattr(claim, "timesheet", None)
        form = form or HoursValidationForm(job=claim.job, timesheet=timesheet, prefix=claim.pk)
        check = HoursCheck([claim], request.cooperative)
        problems = hours_problems(request.user, check, claim)
        context = {"claim": claim, "form": form, "problems": problems, "error": error}
        return parse_html(_without_tokens(engine.from_string(TAGGED_ROW).render(context, request)))

    with translation.override(language):
        page = parse_html(_without_tokens(response.content.decode()))
        found = list(hours_claims(request.season).filter(started_by(timezone.now())))
        assert len(found) == 3
        assert any(
            hours_problems(request.user, HoursCheck(found, request.cooperative), c) for c in found
        )
        for claim in found:
            assert tagged(claim) in page, claim
        heading = engine.from_string(TAGGED_HEADING).render({"job": found[0].job}, request)
        assert parse_html(heading) in page
        # A row sent back: validated, then with the form's errors.
        url = reverse("services:hours_validate", args=[claims[1].pk])
        prefix = f"{claims[1].pk}-"
        posted = {
            prefix + "started_at": "09:00",
            prefix + "ended_at": "12:00",
            prefix + "break_minutes": "0",
        }
        done = leader_client.post(url, posted, HTTP_HX_REQUEST="true").content.decode()
        claim = hours_claims(request.season, pk=claims[1].pk).get()
        assert claim.timesheet.is_validated
        assert tagged(claim) == parse_html(_without_tokens(done))
        url = reverse("services:hours_validate", args=[claims[2].pk])
        prefix = f"{claims[2].pk}-"
        wrong = {
            prefix + "started_at": "12:00",
            prefix + "ended_at": "09:00",
            prefix + "break_minutes": "0",
        }
        sent_back = leader_client.post(url, wrong, HTTP_HX_REQUEST="true").content.decode()
        claim = hours_claims(request.season, pk=claims[2].pk).get()
        form = HoursValidationForm(wrong, job=claim.job, prefix=claim.pk)
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        assert error
        assert tagged(claim, form, error) == parse_html(_without_tokens(sent_back))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_hours_rows_tag_writes_each_row_as_the_row_partial(
    language, make_job, make_member, leader, leader_client, settings
):
    """``{% hours_rows %}`` writes the page's rows (cheaper than the partial's tags); the
    ``row`` partial of services/hours_queue.html stays for the row sent back after a tap:
    both write the same row, to the character, whatever the row (hours logged or not, the
    limits of minors, validated, a form sent back), hostile values included."""
    from django.template import engines
    from django.template.loader import get_template
    from django.utils import translation

    from cjs.links import pk_url
    from members.models import User
    from services.forms import HoursValidationForm
    from services.queries import HoursCheck, hours_claims, hours_problems, started_by
    from services.queries.queues import hours_row
    from services.views.team import _hours_texts

    job = make_job(seats=3, date=timezone.localdate() + dt.timedelta(days=2))
    minor, adult, late = make_member(minor=True), make_member(), make_member()
    User.objects.filter(pk=adult.pk).update(first_name="Zoé <b>&\"'", last_name="O'Brien & <i>")
    claims = [actions.job_assign(job=job, member=m, by=leader) for m in (minor, adult, late)]
    into_the_past(job, days=1)
    actions.hours_log(claim=claims[0], by=minor, started_at=dt.time(8, 5), ended_at=dt.time(13, 0))
    actions.hours_log(
        claim=claims[1],
        by=adult,
        started_at=dt.time(9, 0),
        ended_at=dt.time(12, 0),
        break_minutes=10,
    )

    leader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = leader_client.get(reverse("services:hours_queue"))
    request = response.wsgi_request
    page = _without_tokens(response.content.decode())
    partial = get_template("services/hours_queue.html#row")
    tag = engines["django"].from_string("{% load services_tags %}{% hours_rows rows texts %}")
    url = pk_url("services:hours_validate")
    with translation.override(language):
        texts = _hours_texts()
        found = list(hours_claims(request.season).filter(started_by(timezone.now())))
        check = HoursCheck(found, request.cooperative)
        rows = [hours_row(c, hours_problems(request.user, check, c), url) for c in found]
        assert any(row.problems for row in rows)
        written = [partial.render({"row": r, "texts": texts}, request) for r in rows]
        assert _without_tokens("".join(written)) in page
        # The rows the page never shows but the tag writes as the partial would.
        actions.hours_validate(claim=claims[1], by=leader)
        validated = hours_claims(request.season, pk=claims[1].pk).get()
        sent_back = HoursValidationForm(
            {f"{late.pk}-started_at": "25:00"}, job=job, timesheet=None, prefix=claims[2].pk
        )
        assert not sent_back.is_valid()
        others = [
            hours_row(validated, [], url),
            hours_row(found[2], [], url, form=sent_back),
        ]
        for row in [*rows, *others]:
            context = {"row": row, "rows": [row], "texts": texts}
            assert _without_tokens(tag.render(context, request)) == _without_tokens(
                partial.render(context, request)
            )


def test_a_claim_of_the_hours_read_as_columns_answers_as_the_claim_read_as_a_model(
    make_job, make_member, leader
):
    """``hours_claims_of`` (a page of the hours to validate read as columns, no model
    instance) answers what the rows, the headings and the limits of minors read of a
    ``Claim``: the member's name and whether they are a minor (date of birth known,
    unknown, forgotten), the job, its service in both languages, the hours logged or not."""
    from django.utils import translation

    from members.models import MemberProfile, User
    from services.queries import hours_claims, hours_page_claims, started_by
    from services.queries.queues import hours_claims_of

    job = make_job(seats=6, date=timezone.localdate() + dt.timedelta(days=2))
    Job.objects.filter(pk=job.pk).update(town_name='Saint-<Pré> & "Val" l\'Eau')
    minor, adult, unknown, forgotten = (
        make_member(minor=True),
        make_member(),
        make_member(),
        make_member(),
    )
    nameless = make_member()
    User.objects.filter(pk=adult.pk).update(first_name="Zoé <b>&\"'", last_name="O'Brien")
    User.objects.filter(pk=nameless.pk).update(first_name="", last_name="")
    members = (minor, adult, unknown, forgotten, nameless)
    claims = [actions.job_assign(job=job, member=m, by=leader) for m in members]
    # Dates of birth unknown or forgotten since the claims were approved.
    MemberProfile.objects.filter(user=unknown).update(date_of_birth=None)
    MemberProfile.objects.filter(user=forgotten).update(
        date_of_birth=None,
        private_facts_forgotten_on=timezone.localdate(),
        adult_from=job.date + dt.timedelta(days=200),
    )
    _past_with_a_minors_hours(job, claims[0])
    season = job.season
    for language in ("fr", "en"):
        with translation.override(language):
            now = timezone.now()
            columns = hours_claims_of(hours_page_claims(season, now)[0:10])
            models = list(hours_claims(season).filter(started_by(now)))
            assert [c.pk for c in columns] == [c.pk for c in models]
            for read, model in zip(columns, models, strict=True):
                assert (read.job_id, read.member_id) == (model.job_id, model.member_id)
                assert str(read.member) == str(model.member)
                for day in (job.date, job.date + dt.timedelta(days=365 * 3)):
                    assert read.member.is_minor_on(day) == model.member.is_minor_on(day)
                fields = ("pk", "date", "starts_at", "ends_at", "town_name")
                assert [getattr(read.job, f) for f in fields] == [
                    getattr(model.job, f) for f in fields
                ]
                assert read.job.service.name == model.job.service.name
                timesheet = getattr(model, "timesheet", None)
                assert (read.timesheet is None) == (timesheet is None)
                if timesheet is not None:
                    fields = (
                        "started_at",
                        "ended_at",
                        "break_minutes",
                        "hours",
                        "logged_started_at",
                        "logged_ended_at",
                        "is_validated",
                    )
                    assert [getattr(read.timesheet, f) for f in fields] == [
                        getattr(timesheet, f) for f in fields
                    ]
    assert len(columns) == 5
    assert [c.member.is_minor_on(job.date) for c in columns].count(True) >= 3
