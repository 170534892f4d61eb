"""Members claim jobs on the board, under the rules, and withdraw before approval."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from members.models import Cooperative
from services import actions
from services.models import Claim, ClaimStatus, Timesheet
from services.views.board import BOARD_PAGE_SIZE
from tests.factories import (
    AbsenceFactory,
    ClaimFactory,
    MemberSkillFactory,
    SkillFactory,
)
from tests.services.conftest import login

pytestmark = pytest.mark.django_db

BOARD = reverse("services:job_board")


def claim_url(job) -> str:
    return reverse("services:job_claim", args=[job.pk])


def test_a_member_claims_an_open_job_with_one_tap(member, member_client, make_job):
    job = make_job()
    response = member_client.post(claim_url(job), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    # The card comes back in place, saying the claim waits for approval.
    assert f'data-job="{job.pk}"' in html
    assert "Candidature envoyée : en attente de validation" in html
    assert "La réponse arrive bientôt" in html
    claim = Claim.objects.get()
    assert (claim.member, claim.job, claim.status) == (member, job, ClaimStatus.PENDING)


def test_the_board_says_in_french_that_an_approver_confirms_the_seat(member_client, make_job):
    make_job()
    html = member_client.get(BOARD).content.decode()
    assert "une personne habilitée valide votre place et vous recevez un e-mail" in html
    assert "on vous inscrit" not in html


def test_without_javascript_the_claim_redirects_to_the_board(member_client, make_job):
    job = make_job()
    response = member_client.post(claim_url(job), follow=True)
    assert response.redirect_chain[-1][0] == BOARD
    assert "La réponse arrive bientôt" in response.content.decode()


def test_a_member_withdraws_a_claim_before_approval(member, member_client, make_job):
    job = make_job()
    claim = actions.job_claim(job=job, member=member)
    response = member_client.post(
        reverse("services:claim_withdraw", args=[claim.pk]), HTTP_HX_REQUEST="true"
    )
    assert "Votre candidature est retirée." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN
    # Withdrawn, the seat is free again and the member may ask again.
    actions.job_claim(job=job, member=member)
    assert Claim.objects.live().count() == 1


def test_an_approved_claim_cannot_be_withdrawn(member, make_job, leader):
    claim = actions.job_claim(job=make_job(), member=member)
    actions.claim_approve(claim=claim, by=leader)
    with pytest.raises(DomainError, match="demandez un remplacement"):
        actions.claim_withdraw(claim=claim, by=member)


def test_a_claim_on_a_job_that_does_not_exist_is_not_found(member_client, make_job):
    job = make_job()
    for pk in (job.pk + 1000, 2**63):
        response = member_client.post(
            reverse("services:job_claim", args=[pk]), HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 404
    assert not Claim.objects.exists()


def test_only_the_member_withdraws_their_claim(member, other_member_client, make_job):
    claim = actions.job_claim(job=make_job(), member=member)
    response = other_member_client.post(reverse("services:claim_withdraw", args=[claim.pk]))
    assert response.status_code == 404
    assert Claim.objects.get().status == ClaimStatus.PENDING


def test_a_member_not_retained_asks_again_only_once_the_job_changes(
    member, member_client, make_job, leader
):
    from tests.services.test_approvals import update

    job = make_job(seats=2)
    claim = actions.job_claim(job=job, member=member)
    actions.claim_reject(claim=claim, by=leader, reason="Équipe déjà prévue.")
    with pytest.raises(DomainError, match="ce chantier n’a pas été retenue") as refusal:
        actions.job_claim(job=job, member=member)
    assert refusal.value.code == "not_retained"
    board = member_client.get(BOARD).content.decode()
    assert f'data-job="{job.pk}"' in board
    assert "Non retenue" in board and "Équipe déjà prévue." in board
    assert 'data-testid="claim-button"' not in board
    # Only the notes change: the answer stands.
    update(job, leader, notes="Apporter des gants.")
    with pytest.raises(DomainError, match="n’a pas été retenue"):
        actions.job_claim(job=job, member=member)
    # The job moves: the member may ask again.
    update(job, leader, starts_at=dt.time(10, 0), ends_at=dt.time(13, 0))
    assert 'data-testid="claim-button"' in member_client.get(BOARD).content.decode()
    assert actions.job_claim(job=job, member=member).is_pending


def test_a_member_taken_off_the_team_does_not_ask_again_straight_away(member, make_job, leader):
    from tests.services.test_approvals import update

    job = make_job(seats=2)
    actions.claim_reject(claim=actions.job_assign(job=job, member=member, by=leader), by=leader)
    with pytest.raises(DomainError) as refusal:
        actions.job_claim(job=job, member=member)
    assert refusal.value.code == "not_retained"
    update(job, leader, seats=3)
    actions.job_claim(job=job, member=member)


def test_a_claim_turned_down_for_want_of_seats_is_not_a_no(make_job, make_member, leader):
    from tests.services.test_approvals import update

    job = make_job(seats=2)
    first, second = make_member(), make_member()
    actions.job_claim(job=job, member=first)
    actions.job_claim(job=job, member=second)
    update(job, leader, seats=1)  # the latest claim waiting is told there is no seat left
    assert Claim.objects.get(member=second).status == ClaimStatus.REJECTED
    with pytest.raises(DomainError) as refusal:
        actions.job_claim(job=job, member=second)
    assert refusal.value.code == "seats"


def test_claiming_twice_is_refused_and_the_database_keeps_one_live_claim(member, make_job):
    job = make_job()
    actions.job_claim(job=job, member=member)
    with pytest.raises(DomainError, match="Vous avez déjà posé votre candidature pour ce chantier"):
        actions.job_claim(job=job, member=member)
    with pytest.raises(IntegrityError):
        Claim.objects.create(job=job, member=member, status=ClaimStatus.APPROVED)


def test_pending_and_approved_claims_never_exceed_the_seats(make_job, make_member, leader):
    job = make_job(seats=2)
    first, second, third = make_member(), make_member(), make_member()
    actions.claim_approve(claim=actions.job_claim(job=job, member=first), by=leader)
    actions.job_claim(job=job, member=second)
    with pytest.raises(DomainError, match="les 2 places de ce chantier sont déjà prises"):
        actions.job_claim(job=job, member=third)


def test_member_cannot_claim_overlapping_jobs(member, make_job):
    morning = make_job(starts_at=dt.time(9, 0), ends_at=dt.time(12, 0))
    overlapping = make_job(starts_at=dt.time(11, 0), ends_at=dt.time(13, 0))
    touching = make_job(starts_at=dt.time(12, 0), ends_at=dt.time(14, 0))
    actions.job_claim(job=morning, member=member)
    with pytest.raises(DomainError, match="deux chantiers en même temps") as refusal:
        actions.job_claim(job=overlapping, member=member)
    assert refusal.value.code == "overlap"
    actions.job_claim(job=touching, member=member)


def test_a_member_not_cleared_cannot_claim(make_job, make_member):
    minor = make_member(not_cleared=True)
    with pytest.raises(DomainError, match="Refusé : Mineur·e sans autorisation parentale"):
        actions.job_claim(job=make_job(), member=minor)


def test_a_member_away_that_day_cannot_claim(member, make_job):
    job = make_job()
    AbsenceFactory(user=member, starts_on=job.date, ends_on=job.date)
    with pytest.raises(DomainError) as refusal:
        actions.job_claim(job=job, member=member)
    assert refusal.value.code == "not_cleared"


def test_the_skills_of_the_job_must_be_held_on_its_day(member, make_job):
    babysitting = SkillFactory(name="Baby-sitting", slug="baby-sitting", requires_certificate=True)
    job = make_job(skills=[babysitting])
    with pytest.raises(
        DomainError, match="compétence « Baby-sitting », avec un certificat valide le jour"
    ):
        actions.job_claim(job=job, member=member)
    held = MemberSkillFactory(user=member, skill=babysitting, certificate_until=job.date)
    actions.job_claim(job=job, member=member)
    # A certificate that runs out before the job's day does not count.
    Claim.objects.all().delete()
    held.certificate_until = job.date - dt.timedelta(days=1)
    held.save()
    with pytest.raises(DomainError, match="compétence"):
        actions.job_claim(job=job, member=member)


def test_the_minimum_age_of_the_service_on_the_job_date(make_job, make_member, service):
    service.minimum_age = 18
    service.save()
    minor = make_member(minor=True)
    with pytest.raises(DomainError, match="au moins 18 ans le jour du chantier"):
        actions.job_claim(job=make_job(), member=minor)
    actions.job_claim(job=make_job(), member=make_member())


def test_a_minors_claim_breaking_the_working_time_limits_names_the_rule(make_job, make_member):
    minor = make_member(minor=True)
    actions.job_claim(job=make_job(starts_at=dt.time(8, 0), ends_at=dt.time(12, 0)), member=minor)
    afternoon = make_job(starts_at=dt.time(13, 0), ends_at=dt.time(18, 0))
    with pytest.raises(DomainError) as refusal:
        actions.job_claim(job=afternoon, member=minor)
    assert refusal.value.message == (
        "Refusé : un·e mineur·e ne peut pas travailler plus de 8 h par jour (avec ce chantier : "
        "9 h) (règle de la coopérative)"
    )


def test_the_cooperatives_settings_change_the_limits(make_job, make_member):
    cooperative = Cooperative.load()
    cooperative.minor_night_start = dt.time(20, 0)
    cooperative.save()
    minor = make_member(minor=True)
    evening = make_job(starts_at=dt.time(18, 0), ends_at=dt.time(21, 0))
    with pytest.raises(DomainError, match="entre 20:00 et 06:00"):
        actions.job_claim(job=evening, member=minor)


def test_a_job_that_started_or_is_not_open_takes_no_claim(member, make_job, leader):
    job = make_job()
    actions.job_claim(job=job, member=member)
    with pytest.raises(DomainError, match="ne prend plus de candidatures"):
        actions.job_claim(job=job, member=member, now=job.starts + dt.timedelta(minutes=1))
    actions.claim_withdraw(claim=Claim.objects.get(), by=member)
    actions.job_cancel(job=job, by=leader)
    with pytest.raises(DomainError, match="Refusé : ce chantier est « annulé »"):
        actions.job_claim(job=job, member=member)


def test_an_archived_season_takes_no_claim(member, make_job):
    job = make_job()
    job.season.status = "archived"
    job.season.save()
    with pytest.raises(DomainError, match="est archivé"):
        actions.job_claim(job=job, member=member)


# --- The fair head start --------------------------------------------------------------------


def worked(member, job, hours: int) -> None:
    """Validated hours of ``member`` on ``job`` (for the fairness figures)."""
    claim = ClaimFactory(job=job, member=member, status=ClaimStatus.APPROVED)
    Timesheet.objects.create(
        claim=claim,
        started_at=dt.time(8, 0),
        ended_at=dt.time(8 + hours, 0),
        hours=hours,
        validated_at=timezone.now(),
    )


@pytest.fixture
def experienced_and_newcomers(make_member, make_job):
    """Six members: three worked 10 hours, three none yet."""
    busy = [make_member() for _ in range(3)]
    fresh = [make_member() for _ in range(3)]
    past = make_job(date=timezone.localdate() + dt.timedelta(days=5))
    for user in busy:
        worked(user, past, 10)
    return busy, fresh


def test_a_new_job_is_first_open_to_the_members_with_the_fewest_hours(
    experienced_and_newcomers, make_job
):
    busy, fresh = experienced_and_newcomers
    job = make_job(fresh=True, seats=2)
    board_of_fresh = login(fresh[0]).get(BOARD).content.decode()
    assert f'data-job="{job.pk}"' in board_of_fresh
    assert "Pour vous en priorité" in board_of_fresh
    assert f'data-job="{job.pk}"' not in login(busy[0]).get(BOARD).content.decode()
    with pytest.raises(DomainError, match="priorité équitable de la coopérative") as refusal:
        actions.job_claim(job=job, member=busy[0])
    assert refusal.value.code == "head_start"
    actions.job_claim(job=job, member=fresh[0])
    # Once the window is over, everyone sees and may claim it.
    later = job.created_at + dt.timedelta(hours=2, minutes=1)
    actions.job_claim(job=job, member=busy[0], now=later)


def test_a_claim_refused_by_the_head_start_returns_a_card_that_says_so_only(
    experienced_and_newcomers, make_job
):
    busy, _fresh = experienced_and_newcomers
    job = make_job(fresh=True, seats=2)
    response = login(busy[0]).post(claim_url(job), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert f'data-job="{job.pk}"' in html
    assert "priorité équitable de la coopérative" in html
    assert 'data-testid="head-start"' not in html  # not "open to you first"
    assert 'data-testid="claim-button"' not in html  # nor the button that was refused
    assert not Claim.objects.filter(job=job).exists()


def test_a_full_job_in_its_head_start_says_it_is_full_to_everyone(
    experienced_and_newcomers, make_job
):
    """Its seats are the answer for all: the members it is open to first are told the same
    as the others (the seats are counted before the head start is read)."""
    busy, fresh = experienced_and_newcomers
    job = make_job(fresh=True, seats=1)
    actions.job_claim(job=job, member=fresh[0])
    for member in (fresh[1], busy[0]):
        with pytest.raises(DomainError) as refusal:
            actions.job_claim(job=job, member=member)
        assert refusal.value.code == "seats"
    assert Claim.objects.filter(job=job).count() == 1


def test_the_head_start_counts_the_jobs_already_booked(make_job, make_member, leader):
    """Before any hours are validated, the members who already hold jobs are not the
    fewest hours: a new job goes first to the others."""
    booked = [make_member() for _ in range(3)]
    free = [make_member() for _ in range(3)]
    for member in booked:
        actions.job_assign(job=make_job(seats=3), member=member, by=leader)
    job = make_job(fresh=True, seats=2)
    assert f'data-job="{job.pk}"' in login(free[0]).get(BOARD).content.decode()
    assert f'data-job="{job.pk}"' not in login(booked[0]).get(BOARD).content.decode()
    with pytest.raises(DomainError) as refusal:
        actions.job_claim(job=job, member=booked[0])
    assert refusal.value.code == "head_start"


def test_the_head_start_can_be_switched_off(experienced_and_newcomers, make_job):
    busy, _fresh = experienced_and_newcomers
    cooperative = Cooperative.load()
    cooperative.head_start_enabled = False
    cooperative.save()
    job = make_job(fresh=True)
    assert f'data-job="{job.pk}"' in login(busy[0]).get(BOARD).content.decode()
    actions.job_claim(job=job, member=busy[0])


def test_the_head_start_settings_are_on_the_cooperative_page(leader_client):
    html = leader_client.get(reverse("members:cooperative_edit")).content.decode()
    assert "Priorité équitable sur les nouveaux chantiers" in html
    assert Cooperative.load().head_start_hours == 2


# --- The board ---------------------------------------------------------------------------


def test_the_board_shows_service_town_time_pay_and_seats_left(member_client, make_job):
    job = make_job(seats=3, starts_at=dt.time(9, 0), ends_at=dt.time(12, 30))
    html = member_client.get(BOARD).content.decode()
    assert "Tonte de pelouse" in html
    assert "Bourg-les-Saules" in html
    assert "09:00 – 12:30" in html
    assert "42,00\xa0€" in html  # 3.5 h x 12 EUR
    assert "3 places libres" in html
    # The resident's address is for the team only.
    assert job.address not in html


def test_the_board_explains_why_a_job_is_out_of_reach(member_client, make_job):
    job = make_job(skills=[SkillFactory(name="Ravalement", slug="ravalement")])
    html = member_client.get(BOARD).content.decode()
    assert f'data-job="{job.pk}"' in html
    # A skill without a certificate is not explained with one.
    assert "ce chantier demande la compétence « Ravalement »" in html
    assert "certificat" not in html
    assert 'data-testid="claim-button"' not in html


def test_the_board_filters_by_day_and_service_and_keeps_them_in_the_url(member_client, make_job):
    today = timezone.localdate()
    soon = make_job(date=today + dt.timedelta(days=2))
    later = make_job(date=today + dt.timedelta(days=4))
    response = member_client.get(
        BOARD,
        {"day": later.date.isoformat(), "service": "tonte"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert f'data-job="{later.pk}"' in html and f'data-job="{soon.pk}"' not in html
    assert "<html" not in html  # the fragment only
    full = member_client.get(BOARD, {"day": later.date.isoformat()}).content.decode()
    assert f'value="{later.date.isoformat()}" selected' in full
    other_day = (today + dt.timedelta(days=3)).isoformat()
    assert "Aucun chantier ouvert" in member_client.get(BOARD, {"day": other_day}).content.decode()


def test_the_board_hides_jobs_already_started_or_staffed(
    member_client, make_job, leader, make_member
):
    job = make_job(seats=1)
    actions.job_assign(job=job, member=make_member(), by=leader)
    assert f'data-job="{job.pk}"' not in member_client.get(BOARD).content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_the_job_board_runs_a_constant_number_of_queries(
    size, member, member_client, make_job, make_member, django_assert_max_num_queries
):
    for index in range(size):
        job = make_job(date=timezone.localdate() + dt.timedelta(days=1 + index % 10))
        if index % 2:
            actions.job_claim(job=job, member=make_member())
        if index % 3 == 0:
            actions.job_claim(job=job, member=member)
    make_job(fresh=True)  # in its head start: the circle is read (shown to the fewest hours)
    # session, user, season and cooperative (one query), jobs' keys, the page's jobs (with
    # counts, the replacements' too), skills, the member's work facts and commitments (one
    # union), their claims, the hours for the head start (only while a job is in its head
    # start), open replacements (whether someone offered with them), capabilities
    # (navigation), services of the filter
    with django_assert_max_num_queries(12):
        response = member_client.get(BOARD)
    cards = response.content.decode().count('data-testid="job-card"')
    assert cards in (min(size, BOARD_PAGE_SIZE), min(size + 1, BOARD_PAGE_SIZE))
