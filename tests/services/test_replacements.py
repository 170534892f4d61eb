""" "I can't make it": a member on the team asks to be replaced, teammates who could come are
told, one offers to take the seat, an approver confirms. Leaders see incomplete teams."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from services import actions
from services.models import Claim, ClaimStatus, Job, JobStatus, Replacement
from services.queries import understaffed_jobs
from tests.factories import AbsenceFactory
from tests.services.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffed(make_job, make_member, leader):
    """A two-seat job tomorrow, its team complete."""
    job = make_job(seats=2, date=timezone.localdate() + dt.timedelta(days=1))
    team = [make_member(), make_member()]
    claims = [actions.job_assign(job=job, member=m, by=leader) for m in team]
    return Job.objects.get(pk=job.pk), team, claims


def test_free_teammates_are_told_and_one_takes_the_seat(
    staffed, make_member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    job, team, claims = staffed
    free, away = make_member(), make_member()
    AbsenceFactory(user=away, starts_on=job.date, ends_on=job.date)
    client = login(team[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("services:replacement_ask", args=[claims[0].pk]),
            {"reason": "Rendez-vous chez le médecin."},
            follow=True,
        )
    assert "Vous restez dans l’équipe" in response.content.decode()
    asked = [m for m in mailoutbox if "Une place à prendre" in m.subject]
    assert [m.to for m in asked] == [[free.email]]  # not the team, not the member away
    assert "« Rendez-vous chez le médecin. »" in asked[0].body
    replacement = Replacement.objects.get()

    # The free member sees it on the board and offers to take the seat.
    board = login(free).get(reverse("services:job_board")).content.decode()
    assert "ne peut pas venir : prendre sa place ?" in board
    login(free).post(reverse("services:replacement_take", args=[replacement.pk]))
    offer = Claim.objects.get(member=free)
    assert offer.status == ClaimStatus.PENDING and offer.replacement == replacement
    # The approvers read why in their queue.
    queue = login(leader).get(reverse("services:approvals")).content.decode()
    assert f"{team[0].first_name} ne peut pas venir : « Rendez-vous chez le médecin. »" in queue

    # Until approval the member who can't come stays on the team; then they are replaced.
    assert Claim.objects.get(pk=claims[0].pk).status == ClaimStatus.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        actions.claim_approve(claim=offer, by=leader)
    assert Claim.objects.get(pk=claims[0].pk).status == ClaimStatus.REPLACED
    assert Claim.objects.get(pk=offer.pk).status == ClaimStatus.APPROVED
    assert Job.objects.get(pk=job.pk).status == JobStatus.STAFFED
    replacement.refresh_from_db()
    assert replacement.status == "filled"
    assert any(team[0].email in m.to and "prend votre place" in m.subject for m in mailoutbox)


def test_only_one_offer_waits_per_replacement(staffed, make_member):
    _job, team, claims = staffed
    replacement = actions.replacement_ask(claim=claims[0], by=team[0])
    actions.replacement_take(replacement=replacement, member=make_member())
    with pytest.raises(DomainError, match="Quelqu’un a déjà proposé"):
        actions.replacement_take(replacement=replacement, member=make_member())


def test_the_member_can_come_after_all(staffed, make_member):
    _job, team, claims = staffed
    replacement = actions.replacement_ask(claim=claims[0], by=team[0])
    offer = actions.replacement_take(replacement=replacement, member=make_member())
    actions.replacement_cancel(replacement=replacement, by=team[0])
    assert Claim.objects.get(pk=offer.pk).status == ClaimStatus.REJECTED
    assert Claim.objects.get(pk=claims[0].pk).status == ClaimStatus.APPROVED


def test_only_the_member_on_the_team_asks_and_before_the_job(staffed, make_member):
    _job, team, claims = staffed
    with pytest.raises(DomainError, match="Seul le membre de l’équipe"):
        actions.replacement_ask(claim=claims[0], by=team[1])
    actions.replacement_ask(claim=claims[0], by=team[0])
    with pytest.raises(DomainError, match="déjà demandé un remplacement"):
        actions.replacement_ask(claim=claims[0], by=team[0])


def test_a_teammate_taking_the_seat_follows_the_rules(staffed, make_member):
    _job, team, claims = staffed
    replacement = actions.replacement_ask(claim=claims[0], by=team[0])
    with pytest.raises(DomainError, match="Vous êtes déjà sur ce chantier"):
        actions.replacement_take(replacement=replacement, member=team[1])
    with pytest.raises(DomainError, match="autorisation parentale"):
        actions.replacement_take(replacement=replacement, member=make_member(not_cleared=True))


def test_leaders_see_incomplete_teams_within_48_hours(
    staffed, make_job, make_member, leader, leader_client
):
    job, team, claims = staffed
    assert understaffed_jobs(job.season) == []
    actions.replacement_ask(claim=claims[0], by=team[0])
    soon = make_job(seats=2, date=timezone.localdate() + dt.timedelta(days=1))
    actions.job_assign(job=soon, member=make_member(), by=leader)
    later = make_job(seats=2, date=timezone.localdate() + dt.timedelta(days=6))
    found = {j.pk: j for j in understaffed_jobs(job.season)}
    assert set(found) == {job.pk, soon.pk}
    assert later.pk not in found
    assert (found[job.pk].missing, found[job.pk].replacements_open) == (1, 1)
    html = leader_client.get(reverse("dashboard")).content.decode()
    assert "Équipes incomplètes dans les 48 heures" in html
    assert "un remplacement est demandé" in html


# Seeing to it from the team page ---------------------------------------------------------------


def test_the_team_page_marks_who_cant_come_and_puts_someone_in_their_place(
    staffed, make_member, leader_client, mailoutbox, django_capture_on_commit_callbacks
):
    job, team, claims = staffed
    free = make_member()
    actions.replacement_ask(claim=claims[0], by=team[0], reason="Rendez-vous chez le médecin.")
    url = reverse("services:job_team", args=[job.pk])
    response = leader_client.get(url)
    page = response.content.decode()
    assert 'data-testid="cannot-come"' in page
    assert "ne peut pas venir" in page and "« Rendez-vous chez le médecin. »" in page
    assert "répondez d’abord aux candidatures en attente" not in page
    assert "quelqu’un ne peut pas venir : mettez un·e membre à sa place" in page
    suggested = [member for member, _reasons in response.context["suggestion"]]
    assert free in suggested and team[0] not in suggested
    assert f"À la place de {team[0].first_name}" in page
    replacement = Replacement.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(
            reverse("services:replacement_assign", args=[replacement.pk]),
            {"member": free.pk},
            follow=True,
        )
    assert f"{free} prend la place de {team[0]}." in response.content.decode()
    assert Claim.objects.get(pk=claims[0].pk).status == ClaimStatus.REPLACED
    taker = Claim.objects.get(member=free)
    assert taker.status == ClaimStatus.APPROVED and taker.assigned_by is not None
    replacement.refresh_from_db()
    assert replacement.status == "filled"
    assert Job.objects.get(pk=job.pk).status == JobStatus.STAFFED
    assert any(free.email in m.to for m in mailoutbox)
    assert any(team[0].email in m.to and "prend votre place" in m.subject for m in mailoutbox)
    page = leader_client.get(url).content.decode()
    assert "L’équipe est complète." in page
    assert 'data-testid="cannot-come"' not in page


def test_the_seats_count_the_member_who_took_someones_seat(staffed, make_member, leader):
    job, team, claims = staffed
    replacement = actions.replacement_ask(claim=claims[0], by=team[0])
    offer = actions.replacement_take(replacement=replacement, member=make_member())
    actions.claim_approve(claim=offer, by=leader)
    with pytest.raises(DomainError) as refusal:
        actions.job_assign(job=job, member=make_member(), by=leader)
    assert refusal.value.code == "seats"
    assert Claim.objects.approved().filter(job=job).count() == 2


def test_an_offer_waiting_is_answered_before_putting_someone_else(staffed, make_member, leader):
    _job, team, claims = staffed
    replacement = actions.replacement_ask(claim=claims[0], by=team[0])
    volunteer = make_member()
    actions.replacement_take(replacement=replacement, member=volunteer)
    with pytest.raises(DomainError, match=f"{volunteer} a déjà proposé de prendre cette place"):
        actions.replacement_assign(replacement=replacement, member=make_member(), by=leader)
    with pytest.raises(DomainError, match="déjà sur ce chantier"):
        actions.replacement_assign(replacement=replacement, member=team[1], by=leader)


@pytest.mark.parametrize(
    ("who", "status", "replaced"),
    [("anonymous", 302, False), ("member", 403, False), ("approver", 302, True)],
)
def test_putting_someone_in_a_seat_per_persona(
    staffed, make_member, anonymous, member_client, approver, who, status, replaced
):
    _job, team, claims = staffed
    replacement = actions.replacement_ask(claim=claims[0], by=team[0])
    client = {"anonymous": anonymous, "member": member_client, "approver": login(approver)}[who]
    response = client.post(
        reverse("services:replacement_assign", args=[replacement.pk]), {"member": make_member().pk}
    )
    assert response.status_code == status
    assert (Claim.objects.get(pk=claims[0].pk).status == ClaimStatus.REPLACED) is replaced
