"""The directory's rows are written by ``{% directory_rows %}`` from plain rows read with
compiled queries (``members.queries.directory``), no longer by a template loop over users,
profiles, skills, roles and committees: the HTML must stay what that loop wrote, hostile
values, missing profiles, both languages and the viewer's right to the minors' facts
included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Engine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from cjs.db import CompiledQuery
from members.models import Cooperative, MemberProfile, Skill, User
from members.queries import directory, directory_page, directory_queryset, role_names
from members.queries.directory import DIRECTORY_COLUMNS, _matching, _with_season_facts
from tests.factories import (
    ArchivedSeasonFactory,
    CommitteeFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    JobFactory,
    MemberFactory,
    MemberSkillFactory,
    RoleAssignmentFactory,
    RoleFactory,
    SkillFactory,
    TimesheetFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = '<b>"O\'Brien" & co</b>'

# The loop the directory's template had, as it was (with the texts it translated once).
FORMER_LOOP = """{% load i18n members_tags cjs_tags %}{% translate "deactivated" as deactivated %}{% translate "not enrolled this season" as not_enrolled %}
          {% for member in members %}
            <tr>
              <td><input class="form-check-input" type="checkbox" name="members" value="{{ member.pk }}" aria-label="{% blocktranslate %}Select {{ member }}{% endblocktranslate %}" {% if not member.is_active %}disabled{% endif %}></td>
              <td>
                <a href="{{ members_url }}{{ member.pk }}/" class="fw-semibold">{{ member }}</a>
                {% not_cleared_badge member today %}
                {% if not member.is_active %}<span class="badge text-bg-secondary">{{ deactivated }}</span>{% elif not member.enrolled_this_season %}<span class="badge text-bg-light">{{ not_enrolled }}</span>{% endif %}
                <div class="small text-body-secondary">{{ member.username }}{% if member.member_profile.phone %} · <a class="text-nowrap" href="{% tel member.member_profile.phone %}">{{ member.member_profile.phone }}</a>{% endif %}</div>
              </td>
              <td class="text-end">{{ member|age_on:today|default_if_none:"–" }}</td>
              <td class="small">{% for held in member.member_skills.all %}{{ held.skill.name }}{% if held.skill.requires_certificate and not held.certificate_until %} <span class="text-body-secondary">({% translate "certificate to check" %})</span>{% endif %}{% if not forloop.last %}, {% endif %}{% empty %}<span class="text-body-secondary">–</span>{% endfor %}</td>
              <td class="small">{{ member.role_names|default:"–" }}</td>
              <td class="small">{% for membership in member.committees_now %}{{ membership.committee.name }}{% if not forloop.last %}, {% endif %}{% empty %}–{% endfor %}</td>
              <td class="text-end" data-testid="hours-worked">{{ member.hours_worked|hours }}</td>
            </tr>
          {% endfor %}"""  # noqa: E501

NEW_TAG = """{% load members_tags %}
          {% directory_rows members today members_url %}"""


@pytest.fixture
def motley(season, roles):
    """Members with every case a row shows: hostile names, phones and slot names; a minor
    not cleared, a minor whose date of birth was forgotten, a member without a profile or
    without a phone, a deactivated one, one not enrolled this season; skills needing a
    certificate (checked or not), a role held twice, a committee sat on now and one later,
    validated hours, roles of an archived season."""
    today = timezone.localdate()
    certified = SkillFactory(name="Garde <d'enfants>", requires_certificate=True)
    plain = SkillFactory(name="Jardinage & co", name_en="Gardening & co")
    hostile_role = RoleFactory(name=HOSTILE, slug="hostile", name_en="")
    hostile_committee = CommitteeFactory(name=f"Comité {HOSTILE}", slug="comite-hostile")
    later_committee = CommitteeFactory(name="Comité plus tard", slug="plus-tard")
    people = [
        MemberFactory(first_name=HOSTILE, last_name="Zed", username="hostile.zed"),
        MemberFactory(first_name="", last_name="", username="sans.nom"),
        MemberFactory(first_name="Nina", last_name="Mineure", profile__not_cleared=True),
        MemberFactory(first_name="Oubli", last_name="Faits"),
        MemberFactory(first_name="Sans", last_name="Profil"),
        MemberFactory(first_name="Sans", last_name="Téléphone"),
        MemberFactory(first_name="Ancien", last_name="Parti", is_active=False),
        MemberFactory(first_name="Pas", last_name="Inscrit"),
    ]
    hostile, _nameless, minor, forgotten, no_profile, no_phone, gone, away = people
    for user in people[:-1]:
        EnrolmentFactory(season=season, user=user)
    EnrolmentFactory(season=ArchivedSeasonFactory(), user=away)
    MemberProfile.objects.filter(user=hostile).update(phone="06 <12> 34 & 56")
    MemberProfile.objects.filter(user=forgotten).update(
        date_of_birth=None, private_facts_forgotten_on=today, adult_from=today
    )
    MemberProfile.objects.filter(user=no_profile).delete()
    MemberProfile.objects.filter(user=no_phone).update(phone="")
    MemberSkillFactory(user=hostile, skill=certified)
    MemberSkillFactory(user=hostile, skill=plain)
    MemberSkillFactory(user=minor, skill=certified, certificate_until=today)
    MemberSkillFactory(user=gone, skill=plain)
    monday = today - dt.timedelta(days=today.weekday())
    for weeks, role in enumerate([hostile_role, roles[0], hostile_role]):
        start = monday + dt.timedelta(weeks=weeks)
        RoleAssignmentFactory(
            season=season, user=hostile, role=role, starts_on=start, ends_on=start
        )
    RoleAssignmentFactory(season=season, user=minor, role=roles[1], starts_on=monday)
    past = ArchivedSeasonFactory()
    RoleAssignmentFactory(season=past, user=no_phone, role=roles[2], starts_on=past.starts_on)
    CommitteeMembershipFactory(season=season, user=hostile, committee=hostile_committee)
    CommitteeMembershipFactory(
        season=season,
        user=minor,
        committee=later_committee,
        starts_on=today + dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=8),
    )
    for hours in (Decimal("2.25"), Decimal("0.92")):
        job = JobFactory(request__season=season, date=today - dt.timedelta(days=1))
        TimesheetFactory(
            claim__job=job, claim__member=no_phone, hours=hours, validated_at=timezone.now()
        )
    return people


def _former_rows(season, today, viewer, filters=None) -> str:
    members = list(directory_queryset(filters or {}, season, today))
    for user in members:
        user.role_names = ", ".join(role_names(user))
    return _render(FORMER_LOOP, members, today, viewer)


def _new_rows(season, today, viewer, filters=None) -> str:
    page = directory_page(filters or {}, season, today, None)
    return _render(NEW_TAG, page.object_list, today, viewer)


def _render(source: str, members, today, viewer) -> str:
    context = Context(
        {
            "members": members,
            "today": today,
            "members_url": escape(reverse("members:directory")),
            "user": viewer,
            "cooperative": Cooperative.load(),
        }
    )
    return Engine.get_default().from_string(source).render(context)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("viewer", ["leader", "member"])
def test_the_rows_are_what_the_template_loop_wrote(motley, season, language, viewer, request):
    today = timezone.localdate()
    viewer = request.getfixturevalue(viewer)
    with override(language):
        former = _former_rows(season, today, viewer)
        assert _new_rows(season, today, viewer) == former
    assert HOSTILE not in former and escape(HOSTILE) in former
    assert "3 h 10" in former and "tel:06123456" in former
    # The minors' facts (why a member is not cleared) are for the leaders only.
    assert ("text-bg-warning" in former) == (viewer.is_leader)
    # every active member (the one away too), the deactivated one aside
    assert former.count("<tr>") == User.objects.members().filter(is_active=True).count()


@pytest.mark.parametrize(
    "filters",
    [
        {"status": "inactive"},
        {"status": "not_cleared"},
        {"q": "o'brien"},
        {"skill": "Jardinage & co"},
    ],
)
def test_and_so_are_the_filtered_ones(motley, season, leader, filters):
    today = timezone.localdate()
    if "skill" in filters:
        filters = {"skill": Skill.objects.get(name_fr=filters["skill"])}
    former = _former_rows(season, today, leader, filters)
    assert "<tr>" in former
    assert _new_rows(season, today, leader, filters) == former


def test_without_a_season_no_hours_no_roles_and_everyone_not_enrolled(motley, leader):
    today = timezone.localdate()
    assert _new_rows(None, today, leader) == _former_rows(None, today, leader)


def test_the_compiled_page_query_reads_what_the_orm_reads(motley, season):
    """``CompiledQuery`` applies the converters Django applies (SQLite answers dates as text,
    decimals as floats, booleans as integers)."""
    today = timezone.localdate()
    users = _with_season_facts(_matching({}, today), season).values_list(*DIRECTORY_COLUMNS)
    rows = CompiledQuery.of_columns(users).rows()
    assert rows == list(users)
    assert {row[-2] for row in rows} == {Decimal("0"), Decimal("3.17")}
    assert any(isinstance(row[7], dt.date) for row in rows)


def test_a_later_page_reads_the_details_of_its_own_members(motley, season, leader, monkeypatch):
    """The skills, roles and committees are read for the members of the page asked, named
    by the page's query (its slice) rather than by their ids."""
    monkeypatch.setattr(directory, "DIRECTORY_PAGE_SIZE", 3)
    today = timezone.localdate()
    everyone = list(directory_queryset({}, season, today))
    for user in everyone:
        user.role_names = ", ".join(role_names(user))
    for number in (1, 2, 3):
        page = directory_page({}, season, today, str(number))
        former = _render(FORMER_LOOP, everyone[3 * (number - 1) : 3 * number], today, leader)
        assert _render(NEW_TAG, page.object_list, today, leader) == former
    assert "Garde &lt;d&#x27;enfants&gt;" in former  # the hostile member's skills, on page 3
