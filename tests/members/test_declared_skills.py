"""Skills are declared, then confirmed: a youth leader or the HR committee (holding
``confirm_skills``) confirms what members ticked, or withdraws a confirmation; the attestation
lists only confirmed or earned skills, with the validated hours behind each, as a page and as a
PDF."""

from __future__ import annotations

import base64
import re
import zlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from members import actions
from members.capabilities import CONFIRM_SKILLS
from members.models import MemberSkill, Skill, SkillLevel
from members.pdf import attestation_pdf_bytes
from members.queries import attestation_context
from tests.factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    MemberFactory,
    MemberSkillFactory,
    PermissionGrantFactory,
)


@pytest.fixture
def hr_member(season):
    """A member of a committee the leaders delegated ``confirm_skills`` to."""
    committee = CommitteeFactory(name="Comité RH compétences", slug="rh-competences")
    PermissionGrantFactory(capability=CONFIRM_SKILLS, committee=committee)
    user = MemberFactory(first_name="Inès", last_name="Moreau")
    EnrolmentFactory(season=season, user=user)
    CommitteeMembershipFactory(season=season, committee=committee, user=user)
    return user


@pytest.fixture
def declared(member):
    return MemberSkillFactory(user=member, skill=Skill.objects.get(slug="animaux"))


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_login(anonymous, declared):
    response = anonymous.get(reverse("members:skills_queue"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = anonymous.post(reverse("members:skill_confirm", args=[declared.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert MemberSkill.objects.get(pk=declared.pk).level == SkillLevel.DECLARED


def test_a_member_without_the_capability_confirms_nothing(member_client, other_member, declared):
    assert member_client.get(reverse("members:skills_queue")).status_code == 403
    theirs = MemberSkillFactory(user=other_member, skill=Skill.objects.get(slug="tonte"))
    for held in (declared, theirs):
        response = member_client.post(reverse("members:skill_confirm", args=[held.pk]))
        assert response.status_code == 403
    assert not MemberSkill.objects.filter(confirmed_at__isnull=False).exists()


def test_a_leader_confirms_then_withdraws_a_declared_skill(leader_client, leader, declared):
    page = leader_client.get(reverse("members:skills_queue")).content.decode()
    assert "Léa Martin" in page and "Soin des animaux" in page and "À confirmer" in page
    url = reverse("members:skill_confirm", args=[declared.pk])
    assert leader_client.get(url).status_code == 405
    response = leader_client.post(url, follow=True)
    assert "Compétence confirmée." in response.content.decode()
    held = MemberSkill.objects.get(pk=declared.pk)
    assert held.level == SkillLevel.CONFIRMED and held.confirmed_by == leader
    page = leader_client.get(reverse("members:skills_queue")).content.decode()
    assert "par Camille Rousseau" in page
    response = leader_client.post(url, {"undo": "1"}, follow=True)
    assert "Confirmation retirée." in response.content.decode()
    held.refresh_from_db()
    assert held.level == SkillLevel.DECLARED and held.confirmed_by is None


def test_the_hr_committee_confirms_others_skills_but_never_its_own(hr_member, declared):
    client = client_of(hr_member)
    assert client.get(reverse("members:skills_queue")).status_code == 200
    client.post(reverse("members:skill_confirm", args=[declared.pk]))
    assert MemberSkill.objects.get(pk=declared.pk).confirmed_by == hr_member
    own = MemberSkillFactory(user=hr_member, skill=Skill.objects.get(slug="tonte"))
    response = client.post(reverse("members:skill_confirm", args=[own.pk]), follow=True)
    assert "une autre personne doit confirmer vos propres compétences" in response.content.decode()
    assert MemberSkill.objects.get(pk=own.pk).level == SkillLevel.DECLARED
    with pytest.raises(DomainError):
        actions.member_skill_confirm(held=own, by=hr_member)


def test_an_earned_skill_stays_earned_when_a_confirmation_is_withdrawn(leader, declared):
    actions.member_skills_earn(member=declared.user, skill_ids=[declared.skill_id])
    actions.member_skill_confirm(held=declared, by=leader)
    actions.member_skill_withdraw(held=declared, by=leader)
    assert MemberSkill.objects.get(pk=declared.pk).level == SkillLevel.EARNED


@pytest.mark.parametrize("size", [2, 12])
def test_the_page_reads_a_constant_number_of_queries(
    size, leader_client, season, django_assert_max_num_queries
):
    skills = list(Skill.objects.all()[:3])
    for _ in range(size):
        user = MemberFactory()
        EnrolmentFactory(season=season, user=user)
        for skill in skills:
            MemberSkillFactory(user=user, skill=skill)
    # session, user, season, cooperative, capabilities, the skills held (members, skills and
    # confirmers joined)
    with django_assert_max_num_queries(7):
        response = leader_client.get(reverse("members:skills_queue"))
    assert response.status_code == 200


def pdf_text(data: bytes) -> str:
    """The text drawn in a ReportLab PDF (its page streams: ASCII85 then Flate encoded)."""
    found = []
    for stream in re.findall(rb"stream\r?\n(.*?)\s*endstream", data, re.S):
        try:
            stream = zlib.decompress(base64.a85decode(stream.strip(), adobe=True))
        except (ValueError, zlib.error):
            continue
        found += re.findall(rb"\((.*?)\) Tj", stream)
    return " ".join(part.decode("cp1252", errors="replace") for part in found)


def test_the_attestation_lists_only_confirmed_or_earned_skills_with_their_hours(
    leader, leader_client, member, season, declared
):
    mowing = MemberSkillFactory(
        user=member,
        skill=Skill.objects.get(slug="tonte"),
        confirmed_at=timezone.now(),
        confirmed_by=leader,
    )
    html = leader_client.get(reverse("members:attestation", args=[member.pk])).content.decode()
    assert "Compétences mises en œuvre" in html
    assert mowing.skill.name in html
    assert "Soin des animaux" not in html  # only declared
    assert reverse("members:attestation_pdf", args=[member.pk]) in html
    text = pdf_text(attestation_pdf_bytes(attestation_context(member, season), cooperative="CJS"))
    assert "Tonte de pelouse" in text and "Soin des animaux" not in text


def test_the_attestation_pdf_is_a_pdf_for_the_leader_and_the_member_only(
    leader_client, member_client, other_member_client, member
):
    for response in (
        leader_client.get(reverse("members:attestation_pdf", args=[member.pk])),
        member_client.get(reverse("my:attestation_pdf")),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    url = reverse("members:attestation_pdf", args=[member.pk])
    assert other_member_client.get(url).status_code == 403
    assert member_client.get(url).status_code == 403


def test_a_member_reads_which_of_their_skills_are_confirmed(member_client, member, leader):
    declared = MemberSkillFactory(user=member, skill=Skill.objects.get(slug="tonte"))
    MemberSkillFactory(user=member, skill=Skill.objects.get(slug="animaux"))
    actions.member_skill_confirm(held=declared, by=leader)
    html = member_client.get(reverse("my:profile")).content.decode()
    vouched = html.split('data-testid="vouched-skills">')[1].split("</dd>")[0]
    assert "Tonte de pelouse (confirmée)" in vouched and "Soin des animaux" not in vouched
    assert "Ce que vous cochez est déclaré" in html


def test_the_member_page_shows_each_skill_level_and_who_confirmed_it(
    leader_client, leader, member, declared
):
    mowing = MemberSkillFactory(user=member, skill=Skill.objects.get(slug="tonte"))
    actions.member_skill_confirm(held=mowing, by=leader)
    html = leader_client.get(reverse("members:member_detail", args=[member.pk])).content.decode()
    assert "déclarée" in html and "confirmée" in html and "par Camille Rousseau" in html
