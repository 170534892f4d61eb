"""Who may open each page of the jobs: anonymous, member, leader, and members holding the
delegated capabilities (approve_claims, validate_hours)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from services import actions
from services.capabilities import APPROVE_CLAIMS, PLAN_JOBS, VALIDATE_HOURS
from services.models import Claim
from tests.services.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(make_job):
    return make_job()


@pytest.fixture
def clients(anonymous, member_client, leader_client, delegate):
    return {
        "anonymous": anonymous,
        "member": member_client,
        "leader": leader_client,
        "approver": login(delegate(APPROVE_CLAIMS)),
        "validator": login(delegate(VALIDATE_HOURS)),
    }


# page -> {persona: expected status}; 302 is the login page for anonymous visitors.
GETS = {
    "services:job_board": {"anonymous": 302, "member": 200, "leader": 200},
    "services:my_jobs": {"anonymous": 302, "member": 200, "leader": 403},
    "services:approvals": {
        "anonymous": 302,
        "member": 403,
        "leader": 200,
        "approver": 200,
        "validator": 403,
    },
    "services:hours_queue": {
        "anonymous": 302,
        "member": 403,
        "leader": 200,
        "approver": 403,
        "validator": 200,
    },
}


@pytest.mark.parametrize(
    ("name", "who", "status"),
    [(name, who, status) for name, table in GETS.items() for who, status in table.items()],
)
def test_pages_per_persona(clients, name, who, status):
    assert clients[who].get(reverse(name)).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("member", 403), ("leader", 200), ("approver", 200), ("validator", 403)],
)
def test_the_team_page_per_persona(clients, job, who, status):
    assert clients[who].get(reverse("services:job_team", args=[job.pk])).status_code == status


@pytest.mark.parametrize(
    ("who", "status", "approved"),
    [
        ("anonymous", 302, False),
        ("member", 403, False),
        ("validator", 403, False),
        ("approver", 302, True),
        ("leader", 302, True),
    ],
)
def test_approving_per_persona(clients, job, other_member, who, status, approved):
    claim = actions.job_claim(job=job, member=other_member)
    response = clients[who].post(reverse("services:claim_approve", args=[claim.pk]))
    assert response.status_code == status
    assert Claim.objects.get(pk=claim.pk).is_approved is approved


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("leader", 403), ("member", 302)])
def test_claiming_is_for_members(clients, job, who, status):
    response = clients[who].post(reverse("services:job_claim", args=[job.pk]))
    assert response.status_code == status
    assert Claim.objects.count() == (1 if who == "member" else 0)


def test_the_address_of_a_job_is_for_its_team_and_the_staff(
    job, member, other_member, leader, delegate
):
    url = reverse("services:job_detail", args=[job.pk])
    # An open job: any member sees it (like on the board), without the address.
    page = login(other_member).get(url).content.decode()
    assert job.town_name in page and job.address not in page
    actions.job_assign(job=job, member=member, by=leader)
    assert job.address in login(member).get(url).content.decode()
    assert job.address in login(delegate(PLAN_JOBS)).get(url).content.decode()
    # Staffed, it is no longer on the board: a member off the team gets a 404.
    actions.job_assign(job=job, member=other_member, by=leader)
    outsider = login(delegate(VALIDATE_HOURS))
    assert outsider.get(url).status_code == 200  # a validator of hours is staff
    from tests.factories import MemberFactory

    assert login(MemberFactory()).get(url).status_code == 404


def test_a_member_cannot_log_hours_on_someone_elses_claim(job, member, other_member, leader):
    claim = actions.job_assign(job=job, member=member, by=leader)
    response = login(other_member).post(
        reverse("services:hours_log", args=[claim.pk]),
        {"started_at": "09:00", "ended_at": "12:00", "break_minutes": "0"},
    )
    assert response.status_code == 404


def test_the_capabilities_are_listed_on_the_delegations_page(leader_client):
    html = leader_client.get(reverse("members:grants_edit")).content.decode()
    assert "Valider les équipes des chantiers" in html
    assert "Valider les heures" in html


EVIL = "https://evil.example/phish"


def test_a_posted_next_never_sends_anyone_to_another_site(
    job, member, member_client, other_member, leader, leader_client
):
    # The board's claim, without JavaScript.
    response = member_client.post(reverse("services:job_claim", args=[job.pk]), {"next": EVIL})
    assert response.url == reverse("services:job_board")
    # An approver's answer, one by one and in bulk.
    claim = actions.job_claim(job=job, member=other_member)
    response = leader_client.post(
        reverse("services:claim_approve", args=[claim.pk]), {"next": EVIL}
    )
    assert response.url == reverse("services:approvals")
    response = leader_client.post(
        reverse("services:claims_bulk_approve"), {"claims": [claim.pk], "next": EVIL}
    )
    assert response.url == reverse("services:approvals")
    # The member's hours, once the job has started.
    from tests.services.conftest import start_job_now

    mine = Claim.objects.get(member=member)
    actions.claim_approve(claim=mine, by=leader)
    start_job_now(job)
    response = member_client.post(
        reverse("services:hours_log", args=[mine.pk]),
        {
            "started_at": job.starts_at.strftime("%H:%M"),
            "ended_at": "23:00",
            "break_minutes": "0",
            "next": EVIL,
        },
    )
    assert response.url == reverse("services:job_detail", args=[job.pk])
    # A next on the site is still followed.
    response = leader_client.post(
        reverse("services:claim_reject", args=[claim.pk]),
        {"next": reverse("services:job_team", args=[job.pk])},
    )
    assert response.url == reverse("services:job_team", args=[job.pk])
