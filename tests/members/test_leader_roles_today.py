"""The leaders' dashboard lists the roles held today as (role, holder) names read by one query
compiled once per season and day (``members.dashboard.roles_on``): the names the former
assignments' instances wrote, in either language, in the same order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from members.dashboard import role_items, roles_on, roles_today
from members.models import RoleAssignment
from tests.factories import MemberFactory, RoleAssignmentFactory, RoleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_roles_of_today_read_as_the_assignments_wrote_them(season, language):
    today = timezone.localdate()
    RoleAssignmentFactory(
        season=season, role=RoleFactory(name_fr="Trésorerie du test", name_en="Test treasury")
    )
    RoleAssignmentFactory(season=season, role=RoleFactory(name_fr="Présidence du test", name_en=""))
    RoleAssignmentFactory(
        season=season,
        role=RoleFactory(name_fr="<b>Caisse</b>", name_en="Till & receipts"),
        user=MemberFactory(first_name="", last_name="", username="nameless"),
    )
    RoleAssignmentFactory(  # over yesterday
        season=season, starts_on=today - dt.timedelta(days=7), ends_on=today - dt.timedelta(1)
    )
    with translation.override(language):
        former = [
            (str(assignment.role), str(assignment.user))
            for assignment in RoleAssignment.objects.filter(season=season)
            .on(today)
            .select_related("role", "user")
        ]
        assert roles_on(season.pk, today) == former
    assert len(former) == 3


FORMER_LOOP = """{% for role, holder in roles_today %}
          <li class="list-group-item d-flex justify-content-between"><span>{{ role }}</span><span>{{ holder }}</span></li>
        {% endfor %}"""  # noqa: E501


def test_the_roles_items_are_written_as_the_former_template_loop_wrote_them():
    hostile = '<b>"Zoé" & l\'équipe</b> {{ x }} %s'
    for roles in ([(hostile, hostile), ("Trésorerie", "Léa Moreau")], []):
        former = Template(FORMER_LOOP).render(Context({"roles_today": roles}))
        assert role_items(roles) == former


def test_the_kept_items_follow_the_roles_held_and_the_language(season):
    """``roles_today`` writes the items once per rows read and language (``cjs.kept``): what
    ``role_items`` writes of ``roles_on``, anew when a role is assigned."""
    today = timezone.localdate()
    RoleAssignmentFactory(
        season=season, role=RoleFactory(name_fr="<b>Caisse</b>", name_en="Till & receipts")
    )
    for language in ("fr", "en", "fr"):
        with translation.override(language):
            assert roles_today(season.pk, today) == role_items(roles_on(season.pk, today))
    first = roles_today(season.pk, today)
    RoleAssignmentFactory(season=season, role=RoleFactory(name_fr="Présidence gardée", name_en=""))
    assert roles_today(season.pk, today) == role_items(roles_on(season.pk, today)) != first
    assert "Présidence gardée" in roles_today(season.pk, today)
