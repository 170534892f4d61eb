"""Minors' personal data on the jobs pages: their age, their guardian's authorization and the
working-time limits that apply to them are for the leaders (and the member themselves); the
members holding a delegated capability read that a youth leader must be asked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from services import actions
from services.capabilities import APPROVE_CLAIMS
from services.models import ClaimStatus
from tests.services.conftest import login

pytestmark = pytest.mark.django_db

QUEUE = reverse("services:approvals")
NEUTRAL = "ce membre ne peut pas travailler sur ce chantier ; demandez à un·e animateur·rice"
MINOR_WORDS = ("Mineur·e", "mineur·e", "autorisation parentale", "au moins 18 ans")


def shown(html: str) -> list[str]:
    return [word for word in MINOR_WORDS if word in html]


@pytest.fixture
def minors(make_job, make_member, service):
    """A cleared minor waiting for an answer on a job the service now keeps for adults,
    and a minor without the parental authorization."""
    job = make_job(seats=2)
    cleared = make_member(minor=True)
    claim = actions.job_claim(job=job, member=cleared)
    service.minimum_age = 18
    service.save(update_fields=["minimum_age"])
    return job, claim, make_member(not_cleared=True)


def test_the_queue_tells_the_leader_and_not_a_delegate_who_is_a_minor(
    minors, leader_client, delegate
):
    _job, claim, _not_cleared = minors
    leader_page = leader_client.get(QUEUE).content.decode()
    assert "Mineur·e : les limites du temps de travail" in leader_page
    assert "au moins 18 ans" in leader_page
    delegate_page = login(delegate(APPROVE_CLAIMS)).get(QUEUE).content.decode()
    assert str(claim.member) in delegate_page
    assert shown(delegate_page) == []
    assert NEUTRAL in delegate_page


def test_the_team_page_keeps_the_authorization_and_the_age_for_the_leaders(
    minors, leader_client, delegate
):
    job, _claim, not_cleared = minors
    url = reverse("services:job_team", args=[job.pk])
    leader_page = leader_client.get(url).content.decode()
    assert str(not_cleared) in leader_page
    assert "Mineur·e sans autorisation parentale" in leader_page
    delegate_page = login(delegate(APPROVE_CLAIMS)).get(url).content.decode()
    assert shown(delegate_page) == []
    # Who cannot be placed is not listed to a delegate at all (see the test below).
    assert str(not_cleared) not in delegate_page


def test_a_delegate_cannot_tell_the_minors_of_a_long_job_from_the_team_page(
    make_job, make_member, leader_client, delegate
):
    """On a 9.5-hour day minors may not work: a line per refused member would name exactly
    the minors. The delegate sees who can be placed, and nothing about the others."""
    job = make_job(seats=3, starts_at=dt.time(8, 0), ends_at=dt.time(18, 0))
    adult = make_member()
    minor = make_member(minor=True)
    url = reverse("services:job_team", args=[job.pk])
    leader_page = leader_client.get(url).content.decode()
    assert str(minor) in leader_page
    delegate_page = login(delegate(APPROVE_CLAIMS)).get(url).content.decode()
    assert str(adult) in delegate_page
    assert str(minor) not in delegate_page
    assert NEUTRAL not in delegate_page


def test_a_delegate_refused_an_approval_reads_no_minors_matter(minors, leader, delegate):
    _job, claim, _not_cleared = minors
    approver = delegate(APPROVE_CLAIMS)
    with pytest.raises(DomainError) as refusal:
        actions.claim_approve(claim=claim, by=approver)
    assert shown(refusal.value.message) == []
    assert NEUTRAL in refusal.value.message
    response = login(approver).post(
        reverse("services:claim_approve", args=[claim.pk]), HTTP_HX_REQUEST="true"
    )
    assert shown(response.content.decode()) == []
    with pytest.raises(DomainError, match="au moins 18 ans"):
        actions.claim_approve(claim=claim, by=leader)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_a_delegate_assigning_directly_reads_no_minors_matter(minors, delegate):
    job, _claim, not_cleared = minors
    approver = delegate(APPROVE_CLAIMS)
    with pytest.raises(DomainError) as refusal:
        actions.job_assign(job=job, member=not_cleared, by=approver)
    assert shown(refusal.value.message) == []
    assert str(not_cleared) in refusal.value.message


def test_the_member_reads_their_own_refusal_in_full(make_job, make_member):
    minor = make_member(minor=True)
    night = make_job(
        date=timezone.localdate() + dt.timedelta(days=3),
        starts_at=dt.time(20, 0),
        ends_at=dt.time(23, 0),
    )
    with pytest.raises(DomainError, match="un·e mineur·e ne peut pas travailler entre"):
        actions.job_claim(job=night, member=minor)
    board = login(minor).get(reverse("services:job_board")).content.decode()
    assert "un·e mineur·e ne peut pas travailler entre" in board
