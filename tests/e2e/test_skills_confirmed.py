"""Skills are declared, then believed only once confirmed: a member ticks "Soin des animaux"
on their space, the pet-sitting job (which needs it confirmed) stays out of reach and says
why; the HR committee confirms it, and the member can then offer to take the job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.capabilities import CONFIRM_SKILLS
from members.models import MemberSkill, SkillLevel
from services.models import Claim, JobSkill, ServiceSkill
from tests.e2e.conftest import log_in
from tests.factories import (
    TEST_PASSWORD,
    CommitteeFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    JobFactory,
    LeaderFactory,
    MemberFactory,
    PermissionGrantFactory,
    SeasonFactory,
    ServiceFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_declared_skill_is_confirmed_before_the_pet_sitting_job(new_page):
    season = SeasonFactory()
    LeaderFactory(username="leader1")
    lea = EnrolmentFactory(
        season=season, user=MemberFactory(username="lea", first_name="Léa", last_name="Martin")
    ).user
    hr = CommitteeFactory(name="Comité RH", slug="rh-e2e")
    PermissionGrantFactory(capability=CONFIRM_SKILLS, committee=hr)
    ines = EnrolmentFactory(
        season=season, user=MemberFactory(username="ines", first_name="Inès")
    ).user
    CommitteeMembershipFactory(season=season, committee=hr, user=ines)
    care = SkillFactory(slug="animaux", name="Soin des animaux")  # seeded, unless flushed
    pets = ServiceFactory(slug="garde-animaux", name_fr="Garde d'animaux")
    ServiceSkill.objects.create(service=pets, skill=care, level=SkillLevel.CONFIRMED)
    job = JobFactory(
        request__season=season,
        request__service=pets,
        created_at=timezone.now() - dt.timedelta(days=1),
    )
    JobSkill.objects.create(job=job, skill=care, level=SkillLevel.CONFIRMED)

    member = new_page()
    log_in(member, "lea", TEST_PASSWORD)
    member.goto("/mon-espace/")
    member.get_by_label("Soin des animaux").check()
    member.get_by_role("button", name="Enregistrer").click()
    assert MemberSkill.objects.get(user=lea).level == SkillLevel.DECLARED

    member.goto("/chantiers/")
    card = member.locator(f"#job-card-{job.pk}")
    expect(card.get_by_test_id("job-refusal")).to_contain_text("« Soin des animaux » confirmée")
    expect(card.get_by_test_id("claim-button")).to_have_count(0)

    delegate = new_page()
    log_in(delegate, "ines", TEST_PASSWORD)
    delegate.goto("/gestion/competences-declarees/")
    row = delegate.locator(f"#skill-{MemberSkill.objects.get(user=lea).pk}")
    expect(row).to_contain_text("Léa Martin")
    row.get_by_role("button", name="Confirmer").click()
    expect(delegate.get_by_text("Compétence confirmée.")).to_be_visible()

    member.reload()
    member.locator(f"#job-card-{job.pk}").get_by_test_id("claim-button").click()
    expect(member.locator(f"#job-card-{job.pk}").get_by_test_id("claim-status")).to_be_visible()
    assert Claim.objects.filter(job=job, member=lea).exists()
