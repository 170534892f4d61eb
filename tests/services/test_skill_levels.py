"""Skills are declared, then confirmed or earned: a service asking for a confirmed skill takes
only members whose skill a youth leader or the HR committee confirmed, or who used it on a job
whose hours were validated. A service asking for a declared skill takes the member's word."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from members import actions as member_actions
from members.models import MemberSkill, Skill, SkillLevel
from services import actions
from services.models import Claim, Job, JobSkill, ServiceSkill
from tests.factories import MemberSkillFactory, SkillFactory
from tests.services.conftest import login


@pytest.fixture
def pet_care(service):
    """The service of the tests needs "Soin des animaux" confirmed, and "Promenade" declared."""
    care = Skill.objects.get(slug="animaux")
    walks = SkillFactory(name="Promenade", slug="promenade")
    ServiceSkill.objects.create(service=service, skill=care, level=SkillLevel.CONFIRMED)
    ServiceSkill.objects.create(service=service, skill=walks, level=SkillLevel.DECLARED)
    return care, walks


def test_a_job_copies_the_level_its_service_needs_for_each_skill(make_job, pet_care):
    care, walks = pet_care
    other = SkillFactory(name="Arrosage", slug="arrosage")
    job = make_job(skills=[care, walks, other])
    levels = {need.skill_id: need.level for need in JobSkill.objects.filter(job=job)}
    assert levels == {
        care.pk: SkillLevel.CONFIRMED,
        walks.pk: SkillLevel.DECLARED,
        other.pk: SkillLevel.DECLARED,  # not in the service's list: the member's word
    }


def test_a_declared_skill_is_not_enough_where_the_service_needs_it_confirmed(
    member, make_job, pet_care, leader
):
    care, walks = pet_care
    job = make_job(skills=[care, walks])
    held = MemberSkillFactory(user=member, skill=care)
    MemberSkillFactory(user=member, skill=walks)
    with pytest.raises(DomainError, match="« Soin des animaux » confirmée") as refusal:
        actions.job_claim(job=job, member=member)
    assert refusal.value.code == "skill_unconfirmed"
    assert not Claim.objects.exists()
    member_actions.member_skill_confirm(held=held, by=leader)
    assert actions.job_claim(job=job, member=member).member == member


def test_a_declared_skill_is_enough_where_the_service_takes_the_members_word(
    member, make_job, pet_care
):
    _care, walks = pet_care
    job = make_job(skills=[walks])
    MemberSkillFactory(user=member, skill=walks)
    assert actions.job_claim(job=job, member=member).member == member


def test_the_job_board_explains_why_a_declared_skill_is_not_enough(
    member, member_client, make_job, pet_care
):
    care, _walks = pet_care
    make_job(skills=[care])
    MemberSkillFactory(user=member, skill=care)
    html = member_client.get(reverse("services:job_board")).content.decode()
    assert "Soin des animaux (compétence confirmée)" in html
    assert "« Soin des animaux » confirmée par un·e animateur·rice" in html


def test_validated_hours_on_a_job_using_a_skill_earn_it(
    make_job, make_member, leader, pet_care, delegate
):
    _care, walks = pet_care
    job = make_job(skills=[walks])
    member = make_member()
    MemberSkillFactory(user=member, skill=walks)
    claim = actions.job_assign(job=job, member=member, by=leader)
    Job.objects.filter(pk=job.pk).update(date=timezone.localdate() - dt.timedelta(days=1))
    actions.hours_validate(
        claim=claim, by=leader, started_at=dt.time(9, 0), ended_at=dt.time(12, 0)
    )
    held = MemberSkill.objects.get(user=member, skill=walks)
    assert held.level == SkillLevel.EARNED and held.earned_at is not None
    assert held.is_vouched_for and held.confirmed_by is None
    # The attestation vouches for it with the validated hours behind it.
    page = login(leader).get(reverse("members:attestation", args=[member.pk])).content.decode()
    assert "<strong>Promenade</strong> – 3 h validées sur des chantiers qui la demandent" in page
    # An earned skill is accepted where the service needs it confirmed.
    ServiceSkill.objects.filter(skill=walks).update(level=SkillLevel.CONFIRMED)
    later = make_job(skills=[walks], date=timezone.localdate() + dt.timedelta(days=3))
    assert JobSkill.objects.get(job=later).level == SkillLevel.CONFIRMED
    assert login(member).post(reverse("services:job_claim", args=[later.pk])).status_code == 302
    assert Claim.objects.filter(job=later, member=member).exists()


def test_the_catalogue_says_which_skills_must_be_confirmed(leader_client):
    care, walks = Skill.objects.get(slug="animaux"), Skill.objects.get(slug="jardinage")
    data = {
        "name_fr": "Garde d'animaux",
        "name_en": "Pet sitting",
        "description_fr": "Visites.",
        "description_en": "Visits.",
        "pricing": "hourly",
        "hourly_rate": "",
        "fixed_price": "",
        "skills": [care.pk, walks.pk],
        "confirmed_skills": [care.pk],
        "minimum_age": "",
        "is_active": "on",
        "order": "1",
    }
    assert leader_client.post(reverse("services:service_create"), data).status_code == 302
    needs = {n.skill_id: n.level for n in ServiceSkill.objects.all()}
    assert needs == {care.pk: SkillLevel.CONFIRMED, walks.pk: SkillLevel.DECLARED}
    service = ServiceSkill.objects.first().service
    form = leader_client.get(reverse("services:service_edit", args=[service.pk])).context["form"]
    assert form.initial["confirmed_skills"] == [care.pk]
    # A skill to confirm is one the service requires.
    response = leader_client.post(
        reverse("services:service_edit", args=[service.pk]),
        {**data, "skills": [walks.pk], "confirmed_skills": [care.pk]},
    )
    assert "confirmed_skills" in response.context["form"].errors
