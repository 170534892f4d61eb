"""The members app's panels on the dashboards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import (
    EnrolmentFactory,
    MemberFactory,
    PortfolioEntryFactory,
    SeasonFactory,
    enrol_every_clearance_case,
)

pytestmark = pytest.mark.django_db


def test_the_leader_sees_who_is_not_cleared_and_what_to_confirm(leader_client, season, member):
    for _ in range(2):
        EnrolmentFactory(season=season, user=MemberFactory(profile__not_cleared=True))
    EnrolmentFactory(season=season, user=MemberFactory(profile__date_of_birth=None))
    EnrolmentFactory(season=season, user=MemberFactory(profile__minor=True))  # cleared
    PortfolioEntryFactory(user=member, season=season)
    html = leader_client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="not-cleared-count">3<' in html
    assert "Membres non autorisés" in html
    assert reverse("members:directory") + "?status=not_cleared" in html
    assert reverse("members:portfolio_queue") in html


def test_the_leaders_counts_find_the_members_not_cleared_as_the_users_query_finds_them(season):
    """The leaders' counts read the members taking part and those not cleared in one pass
    (``not_cleared_flag`` over a join): the same members as ``Enrolment.active`` and
    ``User.objects.not_cleared_on``, whatever is missing or empty in a profile."""
    from django.utils import timezone

    from members.dashboard import _leader_figures
    from members.models import Enrolment, Season, User

    today = timezone.localdate()
    enrol_every_clearance_case(season, today)  # 9 members, 6 of them not cleared
    # Left, deactivated, of another season: counted nowhere.
    EnrolmentFactory(season=season, user=MemberFactory(profile__not_cleared=True), left_on=today)
    gone = EnrolmentFactory(season=season, user=MemberFactory(profile__not_cleared=True)).user
    User.objects.filter(pk=gone.pk).update(is_active=False)
    last_year = SeasonFactory(year=season.year - 1, status=Season.Status.ARCHIVED)
    EnrolmentFactory(season=last_year, user=MemberFactory(profile__not_cleared=True))

    taking_part = Enrolment.objects.filter(season=season).active()
    not_cleared = taking_part.filter(user__in=User.objects.not_cleared_on(today))
    enrolled, blocked, _to_confirm, _to_publish = _leader_figures(season.pk, today)
    assert (enrolled, blocked) == (taking_part.count(), not_cleared.count()) == (9, 6)


def _member_panel(user, season, today):
    from django.test import RequestFactory

    from members import dashboard

    request = RequestFactory().get("/")
    request.user = user
    return dashboard.member_context(request, season, today)


def _former_week(user, season, today):
    """The member's roles and committees of the week as the querysets read them before
    their SQL was built once: (name, description, duties, from, to) of each."""
    from members.models import CommitteeMembership, RoleAssignment

    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    week = {"season": season, "user": user, "starts_on__lte": sunday, "ends_on__gte": monday}
    roles = RoleAssignment.objects.filter(**week).select_related("role")
    committees = CommitteeMembership.objects.filter(**week).select_related("committee")
    return [
        (row.slot.name, row.slot.description, row.slot.duty_list(), row.starts_on, row.ends_on)
        for row in [*roles, *committees]
    ]


def test_my_week_shows_the_roles_then_the_committees_the_querysets_showed(season, member):
    from django.utils import timezone, translation

    from tests.factories import (
        ArchivedSeasonFactory,
        CommitteeFactory,
        CommitteeMembershipFactory,
        EnrolmentFactory,
        RoleAssignmentFactory,
        RoleFactory,
    )

    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    translated = RoleFactory(
        name="Caisse du local", name_en="Treasury", description="", duties="- Compter\n\n• Ranger"
    )
    translated.duties_en = "Count"
    translated.save()
    RoleAssignmentFactory(season=season, user=member, role=translated, starts_on=sunday)
    RoleAssignmentFactory(
        season=season, user=member, role=RoleFactory(order=2, name="B"), ends_on=monday
    )
    RoleAssignmentFactory(
        season=season, user=member, role=RoleFactory(order=2, name="A"), ends_on=monday
    )
    RoleAssignmentFactory(
        season=season,
        user=member,
        starts_on=monday - dt.timedelta(days=7),
        ends_on=monday - dt.timedelta(days=1),
    )
    RoleAssignmentFactory(season=ArchivedSeasonFactory(), user=member)
    someone_elses = RoleAssignmentFactory(season=season, starts_on=monday, ends_on=sunday)
    CommitteeMembershipFactory(season=season, user=member, committee=CommitteeFactory(order=1))
    CommitteeMembershipFactory(
        season=season, user=member, committee=CommitteeFactory(name="Comité Z", order=0)
    )
    for language in ("fr", "en"):
        with translation.override(language):
            cards = _member_panel(member, season, today)["my_week_cards"]
            shown = [
                (card.name, card.description, card.duty_list(), card.starts_on, card.ends_on)
                for card in cards
            ]
            assert shown == _former_week(member, season, today)
    assert [name for name, *_rest in shown][:4] == ["A", "B", "Treasury", "Comité Z"]
    assert len(shown) == 5
    assert shown[2][2] == ["Count"]
    # The same SQL for every member, each request giving its own: theirs is theirs.
    other = someone_elses.user
    EnrolmentFactory(season=season, user=other)
    cards = _member_panel(other, season, today)["my_week_cards"]
    assert [card.name for card in cards] == [someone_elses.role.name]


def test_my_clearance_problem_and_my_enrolment(season, member):
    from django.utils import timezone

    from members.models import Enrolment, MemberProfile

    today = timezone.localdate()
    assert _member_panel(member, season, today)["my_clearance_problem"] is None
    profile = member.profile
    profile.date_of_birth = None
    profile.save()
    problem = MemberProfile.objects.get(pk=profile.pk).clearance_problem_on(today)
    assert _member_panel(member, season, today)["my_clearance_problem"] == problem
    MemberProfile.objects.filter(pk=profile.pk).delete()
    assert _member_panel(member, season, today)["my_clearance_problem"] is None
    assert _member_panel(member, season, today)["enrolled"] is True
    Enrolment.objects.filter(user=member).update(left_on=today)
    assert _member_panel(member, season, today) == {"enrolled": False}
