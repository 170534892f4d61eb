"""What members change themselves: contact details, skills, availability, dates away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import EVERY_HALF_DAY, MemberSkill, Skill, half_day_bit
from tests.factories import AbsenceFactory, MemberSkillFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_anonymous_and_leaders_have_no_member_space(anonymous, leader_client):
    assert anonymous.get(reverse("my:profile")).status_code == 302
    assert leader_client.get(reverse("my:profile")).status_code == 403


def test_a_member_changes_contact_skills_and_availability(member_client, member):
    gardening = Skill.objects.get(slug="jardinage")
    response = member_client.post(
        reverse("my:profile"),
        {
            "phone": " 06 10 20 30 40 ",
            "email": "lea.nouvelle@example.org",
            "skills": [gardening.pk],
            "availability": ["0-0", "4-1"],
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "lea.nouvelle@example.org"
    assert member.profile.phone == "06 10 20 30 40"
    assert member.profile.availability == half_day_bit(0, False) | half_day_bit(4, True)
    assert list(MemberSkill.objects.filter(user=member).values_list("skill", flat=True)) == [
        gardening.pk
    ]


def test_a_member_keeps_the_certificate_a_leader_recorded(member_client, member):
    babysitting = Skill.objects.get(slug="garde-enfants")
    until = timezone.localdate() + dt.timedelta(days=300)
    MemberSkillFactory(user=member, skill=babysitting, certificate_until=until)
    member_client.post(
        reverse("my:profile"),
        {"phone": "", "email": "", "skills": [babysitting.pk], "availability": []},
    )
    assert MemberSkill.objects.get(user=member).certificate_until == until
    member.refresh_from_db()
    assert member.profile.availability == 0


def test_ticking_a_certificate_skill_is_not_enough_to_hold_it(member_client, member):
    babysitting = Skill.objects.get(slug="garde-enfants")
    member_client.post(
        reverse("my:profile"),
        {"phone": "", "email": "", "skills": [babysitting.pk], "availability": ["0-0"]},
    )
    assert not member.holds_skill(babysitting, timezone.localdate())


def test_the_profile_page_shows_the_availability_grid(member_client, member):
    html = member_client.get(reverse("my:profile")).content.decode()
    assert html.count('name="availability"') == 14
    assert member.profile.availability == EVERY_HALF_DAY


def test_a_member_adds_and_removes_dates_away_with_htmx(member_client, member):
    start = timezone.localdate() + dt.timedelta(days=10)
    response = member_client.post(
        reverse("my:absence_add"),
        {
            "starts_on": start.isoformat(),
            "ends_on": (start + dt.timedelta(days=4)).isoformat(),
            "reason": "Vacances",
        },
        **HTMX,
    )
    html = response.content.decode()
    assert "<html" not in html and '<div id="absences">' in html
    absence = member.absences.get()
    assert absence.reason == "Vacances"
    overlapping = member_client.post(
        reverse("my:absence_add"),
        {"starts_on": start.isoformat(), "ends_on": start.isoformat()},
        **HTMX,
    )
    assert "chevauchent des absences" in overlapping.content.decode()
    backwards = member_client.post(
        reverse("my:absence_add"),
        {"starts_on": start.isoformat(), "ends_on": (start - dt.timedelta(days=3)).isoformat()},
    )
    assert backwards.status_code == 302
    assert member.absences.count() == 1
    member_client.post(reverse("my:absence_delete", args=[absence.pk]), **HTMX)
    assert not member.absences.exists()


def test_a_member_cannot_remove_someone_elses_dates_away(other_member_client, member):
    absence = AbsenceFactory(user=member)
    response = other_member_client.post(reverse("my:absence_delete", args=[absence.pk]))
    assert response.status_code == 404
    assert member.absences.exists()


def test_a_member_not_cleared_is_told_on_the_dashboard(client, season):
    from tests.factories import EnrolmentFactory, MemberFactory

    minor = MemberFactory(profile__not_cleared=True)
    EnrolmentFactory(season=season, user=minor)
    client.force_login(minor)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Mineur·e sans autorisation parentale." in html
