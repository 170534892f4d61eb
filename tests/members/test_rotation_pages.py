"""Planning, adjusting and publishing the rotation; who may; what members see."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from members import actions
from members.capabilities import PLAN_ROTATION
from members.models import (
    Committee,
    CommitteeMembership,
    RoleAssignment,
    RotationPlan,
    RotationSeat,
    Season,
)
from tests.factories import (
    AbsenceFactory,
    ArchivedSeasonFactory,
    CommitteeFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    MemberFactory,
    PermissionGrantFactory,
    RoleAssignmentFactory,
)
from tests.members.conftest import make_plan, this_monday

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _seat(plan, monday, role):
    return RotationSeat.objects.get(plan=plan, period_start=monday, role=role)


def _future_monday(season) -> dt.date:
    return next(m for m in season.week_starts() if m > timezone.localdate())


# --- Who may ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(anonymous):
    response = anonymous.get(reverse("members:rotation_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_member_without_delegation_cannot_plan(member_client, plan):
    assert member_client.get(reverse("members:rotation_list")).status_code == 403
    assert member_client.get(reverse("members:rotation_board", args=[plan.pk])).status_code == 403
    response = member_client.post(reverse("members:rotation_publish", args=[plan.pk]))
    assert response.status_code == 403
    assert not RoleAssignment.objects.exists()


def test_leader_plans(leader_client, plan):
    assert leader_client.get(reverse("members:rotation_list")).status_code == 200
    assert leader_client.get(reverse("members:rotation_board", args=[plan.pk])).status_code == 200


def test_member_of_the_committee_holding_the_capability_plans(delegate_client, plan):
    html = delegate_client.get(reverse("members:rotation_list")).content.decode()
    assert reverse("members:rotation_board", args=[plan.pk]) in html
    response = delegate_client.post(reverse("members:rotation_publish", args=[plan.pk]))
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(plan=plan).exists()


def test_the_same_member_loses_the_capability_when_the_membership_ends(
    delegate, delegate_client, plan
):
    membership = CommitteeMembership.objects.get(user=delegate)
    membership.starts_on = timezone.localdate() - dt.timedelta(days=10)
    membership.ends_on = timezone.localdate() - dt.timedelta(days=1)
    membership.save()
    assert delegate_client.get(reverse("members:rotation_list")).status_code == 403


def test_the_holder_of_a_role_with_the_capability_plans_until_the_assignment_ends(
    member, member_client, season, roles, plan
):
    PermissionGrantFactory(capability=PLAN_ROTATION, committee=None, role=roles[0])
    today = timezone.localdate()
    assignment = RoleAssignmentFactory(
        season=season,
        role=roles[0],
        user=member,
        starts_on=today - dt.timedelta(days=2),
        ends_on=today,
    )
    url = reverse("members:rotation_board", args=[plan.pk])
    assert member_client.get(url).status_code == 200
    assignment.ends_on = today - dt.timedelta(days=1)
    assignment.save()
    assert member_client.get(url).status_code == 403


def test_navigation_shows_the_planner_to_delegates_only(delegate_client, member_client):
    url = reverse("members:rotation_list")
    assert url in delegate_client.get(reverse("dashboard")).content.decode()
    assert url not in member_client.get(reverse("dashboard")).content.decode()


# --- Proposing ---------------------------------------------------------------------------------


def test_leader_proposes_a_rotation_of_roles(leader_client, season, roles, enrolled):
    first, last = season.week_starts()[0], season.week_starts()[3]
    response = leader_client.post(
        reverse("members:rotation_create") + "?kind=roles",
        {
            "kind": "roles",
            "first_week": first.isoformat(),
            "last_week": last.isoformat(),
            "roles": [r.pk for r in roles],
            "participants": [m.pk for m in enrolled],
        },
    )
    plan = RotationPlan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("members:rotation_board", args=[plan.pk])
    assert (plan.kind, plan.weeks, plan.first_week) == ("roles", 4, first)
    assert plan.seats.count() == 4 * 3
    assert not plan.seats.filter(user__isnull=True).exists()
    html = leader_client.get(response.url).content.decode()
    assert "Animation du débrief" in html
    assert "Équité" in html


def test_the_form_refuses_a_last_week_before_the_first(leader_client, season, roles, enrolled):
    mondays = season.week_starts()
    response = leader_client.post(
        reverse("members:rotation_create"),
        {
            "kind": "roles",
            "first_week": mondays[3].isoformat(),
            "last_week": mondays[1].isoformat(),
            "roles": [r.pk for r in roles],
            "participants": [m.pk for m in enrolled],
        },
    )
    assert response.status_code == 200
    assert "La dernière semaine doit venir après la première." in response.content.decode()
    assert not RotationPlan.objects.exists()


def test_the_proposal_gives_no_role_during_dates_away(season, roles, enrolled, leader):
    monday = season.week_starts()[2]
    AbsenceFactory(
        user=enrolled[0],
        starts_on=monday + dt.timedelta(days=2),
        ends_on=monday + dt.timedelta(days=3),
    )
    plan = make_plan(season, roles, enrolled, leader)
    assert not plan.seats.filter(user=enrolled[0], period_start=monday).exists()
    assert plan.seats.filter(user=enrolled[0]).exists()


# --- Adjusting ---------------------------------------------------------------------------------


def test_setting_a_member_answers_the_board_fragment_to_htmx(leader_client, plan, roles, enrolled):
    monday = _future_monday(plan.season)
    seat = _seat(plan, monday, roles[0])
    idle = next(m for m in enrolled if not plan.seats.filter(period_start=monday, user=m))
    url = reverse("members:seat_set", args=[plan.pk, seat.pk])
    response = leader_client.post(url, {"user": idle.pk}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="board"' in html
    assert 'data-testid="fairness-min"' in html
    seat.refresh_from_db()
    assert seat.user == idle


def test_without_htmx_the_same_action_returns_to_the_full_page(leader_client, plan, roles):
    monday = _future_monday(plan.season)
    seat = _seat(plan, monday, roles[0])
    url = reverse("members:seat_set", args=[plan.pk, seat.pk])
    response = leader_client.post(url, {"user": ""})
    assert response.status_code == 302
    assert response.url == reverse("members:rotation_board", args=[plan.pk])
    seat.refresh_from_db()
    assert seat.user is None
    page = leader_client.get(response.url).content.decode()
    assert "<html" in page
    assert "Personne" in page  # the empty seat is flagged


def test_the_board_is_a_full_page_or_a_fragment(leader_client, plan):
    url = reverse("members:rotation_board", args=[plan.pk])
    assert "<html" in leader_client.get(url).content.decode()
    fragment = leader_client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment
    assert 'id="board"' in fragment


def test_setting_a_member_holding_another_role_that_week_swaps_them(leader_client, plan, roles):
    monday = _future_monday(plan.season)
    first, second = _seat(plan, monday, roles[0]), _seat(plan, monday, roles[1])
    a, b = first.user, second.user
    url = reverse("members:seat_set", args=[plan.pk, first.pk])
    leader_client.post(url, {"user": b.pk}, **HTMX)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.user, second.user) == (b, a)


def test_swapping_two_ticked_seats(leader_client, plan, roles):
    mondays = [m for m in plan.season.week_starts() if m > timezone.localdate()]
    first, second = _seat(plan, mondays[0], roles[0]), _seat(plan, mondays[1], roles[2])
    a, b = first.user, second.user
    response = leader_client.post(
        reverse("members:seats_swap", args=[plan.pk]), {"seat": [first.pk, second.pk]}, **HTMX
    )
    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.user, second.user) == (b, a)


def test_swapping_needs_exactly_two_seats(leader_client, plan, roles):
    seat = _seat(plan, _future_monday(plan.season), roles[0])
    response = leader_client.post(
        reverse("members:seats_swap", args=[plan.pk]), {"seat": [seat.pk]}, **HTMX
    )
    assert "Cochez les deux places à échanger." in response.content.decode()


def test_a_member_outside_the_rotation_cannot_be_set(leader_client, plan, roles, season):
    outsider = MemberFactory()
    EnrolmentFactory(season=season, user=outsider)
    seat = _seat(plan, _future_monday(season), roles[0])
    before = seat.user
    leader_client.post(
        reverse("members:seat_set", args=[plan.pk, seat.pk]), {"user": outsider.pk}, **HTMX
    )
    seat.refresh_from_db()
    assert seat.user == before


def _figure(html: str, name: str) -> str:
    return re.search(rf'data-testid="fairness-{name}">([^<]+)<', html).group(1)


def test_fairness_figures_follow_the_changes(leader_client, plan, roles, enrolled):
    url = reverse("members:rotation_board", args=[plan.pk])
    before = leader_client.get(url, **HTMX).content.decode()
    assert int(_figure(before, "max")) - int(_figure(before, "min")) <= 1
    busiest = enrolled[0]
    # A leader gives every coming seat of a role to the same member: the figures follow.
    for seat in RotationSeat.objects.filter(
        plan=plan, role=roles[0], period_start__gt=timezone.localdate()
    ):
        response = leader_client.post(
            reverse("members:seat_set", args=[plan.pk, seat.pk]), {"user": busiest.pk}, **HTMX
        )
    after = response.content.decode()
    most = max(plan.seats.filter(user=member).count() for member in plan.participants.all())
    assert int(_figure(after, "max")) == most == plan.seats.filter(user=busiest).count()
    assert int(_figure(after, "max")) > int(_figure(before, "max"))


# --- Publishing --------------------------------------------------------------------------------


def test_publishing_creates_weekly_assignments_and_emails_each_member(
    leader_client, plan, enrolled, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(reverse("members:rotation_publish", args=[plan.pk]))
    assert response.status_code == 302
    rows = RoleAssignment.objects.filter(plan=plan)
    assert rows.count() == plan.seats.count()
    for row in rows:
        assert row.starts_on.weekday() == 0
        assert row.ends_on == row.starts_on + dt.timedelta(days=6)
        assert row.season == plan.season
    with_email = {m.email for m in enrolled if m.email}
    today = timezone.localdate()
    holders = {r.user.email for r in rows.filter(ends_on__gte=today) if r.user.email}
    assert {message.to[0] for message in mailoutbox} == holders <= with_email
    message = mailoutbox[0]
    assert "Vos rôles" in message.subject
    assert reverse("my:rotation") in message.body
    plan.refresh_from_db()
    assert plan.is_published


def test_republishing_keeps_begun_weeks_and_emails_only_the_members_concerned(
    leader, plan, roles, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    actions.rotation_publish(plan=plan, today=today, by=leader)
    begun = {
        r.pk: (r.role_id, r.user_id, r.starts_on)
        for r in RoleAssignment.objects.filter(plan=plan, starts_on__lte=today)
    }
    monday = _future_monday(plan.season)
    first, second = _seat(plan, monday, roles[0]), _seat(plan, monday, roles[1])
    actions.rotation_seats_swap(first=first, second=second, today=today)
    plan.refresh_from_db()
    assert plan.changed_since_publication
    with django_capture_on_commit_callbacks(execute=True):
        actions.rotation_publish(plan=plan, today=today, by=leader)
    kept = {
        r.pk: (r.role_id, r.user_id, r.starts_on)
        for r in RoleAssignment.objects.filter(plan=plan, starts_on__lte=today)
    }
    assert kept == begun
    swapped = RoleAssignment.objects.get(plan=plan, starts_on=monday, role=roles[0])
    assert swapped.user == second.user
    concerned = {first.user.email, second.user.email} - {""}
    assert {m.to[0] for m in mailoutbox} == concerned


def test_begun_weeks_cannot_be_changed_once_published(leader_client, leader, plan, roles):
    actions.rotation_publish(plan=plan, today=timezone.localdate(), by=leader)
    seat = _seat(plan, this_monday(), roles[0])
    before = seat.user_id
    response = leader_client.post(
        reverse("members:seat_set", args=[plan.pk, seat.pk]), {"user": ""}, **HTMX
    )
    assert "Cette période a commencé" in response.content.decode()
    seat.refresh_from_db()
    assert seat.user_id == before


def test_replanning_after_publishing_keeps_the_past_and_follows_new_absences(
    leader_client, leader, plan, roles, enrolled
):
    today = timezone.localdate()
    actions.rotation_publish(plan=plan, today=today, by=leader)
    past = list(plan.seats.filter(period_start__lte=today).values_list("pk", "user_id"))
    monday = _future_monday(plan.season)
    away = plan.seats.filter(period_start=monday).first().user
    AbsenceFactory(user=away, starts_on=monday, ends_on=monday + dt.timedelta(days=20))
    response = leader_client.post(reverse("members:rotation_replan", args=[plan.pk]))
    assert response.status_code == 302
    assert list(plan.seats.filter(period_start__lte=today).values_list("pk", "user_id")) == past
    assert not plan.seats.filter(
        user=away, period_start__gte=monday, period_start__lte=monday + dt.timedelta(days=20)
    ).exists()


def test_publishing_refuses_a_role_already_held_outside_the_rotation(
    leader_client, season, plan, roles, enrolled
):
    # Présidence-like: a season-long assignment of a rotated role (an election).
    RoleAssignmentFactory(
        season=season,
        role=roles[1],
        user=enrolled[0],
        starts_on=season.starts_on,
        ends_on=season.ends_on,
    )
    response = leader_client.post(reverse("members:rotation_publish", args=[plan.pk]), follow=True)
    html = response.content.decode()
    assert "occupe déjà Responsable du matériel" in html
    assert not RoleAssignment.objects.filter(plan=plan).exists()
    plan.refresh_from_db()
    assert not plan.is_published


def test_a_second_rotation_over_published_weeks_is_refused(leader, plan, roles, enrolled):
    actions.rotation_publish(plan=plan, today=timezone.localdate(), by=leader)
    with pytest.raises(actions.DomainError, match="Une rotation publiée couvre déjà"):
        make_plan(plan.season, roles[:1], enrolled, leader)


def test_a_draft_can_be_deleted_not_a_published_rotation(leader_client, leader, plan):
    actions.rotation_publish(plan=plan, today=timezone.localdate(), by=leader)
    leader_client.post(reverse("members:rotation_delete", args=[plan.pk]))
    assert RotationPlan.objects.filter(pk=plan.pk).exists()
    draft = make_plan(
        plan.season, [CommitteeFactory()], list(plan.participants.all()), leader, kind="committees"
    )
    response = leader_client.post(reverse("members:rotation_delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not RotationPlan.objects.filter(pk=draft.pk).exists()


def test_an_archived_season_is_read_only(leader_client, leader, plan, roles):
    Season.objects.filter(pk=plan.season.pk).update(status=Season.Status.ARCHIVED)
    ArchivedSeasonFactory()  # another archive, so that the plan's season is looked at
    seat = _seat(plan, _future_monday(plan.season), roles[0])
    with pytest.raises(actions.DomainError, match="archivée"):
        actions.rotation_seat_set(seat=seat, user=None, today=timezone.localdate())
    with pytest.raises(actions.DomainError, match="archivée"):
        actions.rotation_publish(plan=plan, today=timezone.localdate(), by=leader)


# --- Committees --------------------------------------------------------------------------------


@pytest.fixture
def committee_plan(season, enrolled, leader):
    committees = list(Committee.objects.filter(is_board=False))
    return make_plan(
        season, committees, enrolled, leader, kind="committees", weeks=9, weeks_per_period=3
    )


def test_committees_rotate_by_periods_with_balanced_sizes(committee_plan, enrolled):
    periods = sorted(set(committee_plan.seats.values_list("period_start", flat=True)))
    assert len(periods) == 3
    for start in periods:
        seats = committee_plan.seats.filter(period_start=start)
        assert sorted(s.user_id for s in seats) == sorted(m.pk for m in enrolled)
        sizes = [seats.filter(committee=c).count() for c in committee_plan.committees.all()]
        assert max(sizes) - min(sizes) <= 1
    for member in enrolled:
        visited = committee_plan.seats.filter(user=member).values_list("committee", flat=True)
        assert len(set(visited)) == 3


def test_moving_a_member_to_another_committee_and_publishing(leader_client, leader, committee_plan):
    seat = committee_plan.seats.filter(period_start__gt=timezone.localdate()).first()
    target = committee_plan.committees.exclude(pk=seat.committee_id).first()
    response = leader_client.post(
        reverse("members:seat_move", args=[committee_plan.pk, seat.pk]),
        {"committee": target.pk},
        **HTMX,
    )
    assert response.status_code == 200
    seat.refresh_from_db()
    assert seat.committee == target
    actions.rotation_publish(plan=committee_plan, today=timezone.localdate(), by=leader)
    membership = CommitteeMembership.objects.get(
        plan=committee_plan, user=seat.user, starts_on=seat.period_start
    )
    assert membership.committee == target
    assert membership.ends_on == seat.period_start + dt.timedelta(weeks=3, days=-1)


def test_a_member_present_but_on_no_committee_is_pointed_out(leader_client, committee_plan):
    seat = committee_plan.seats.filter(period_start__gt=timezone.localdate()).first()
    forgotten = seat.user
    seat.delete()
    url = reverse("members:rotation_board", args=[committee_plan.pk])
    html = leader_client.get(url).content.decode()
    assert "Dans aucun comité" in html
    assert f"Placer {forgotten} dans un comité" in html


def test_publishing_committees_refuses_a_member_already_on_a_rotating_committee(
    leader, season, enrolled, committee_plan
):
    elsewhere = CommitteeFactory(name="Comité des fêtes")
    CommitteeMembershipFactory(season=season, committee=elsewhere, user=enrolled[0])
    actions.rotation_publish(plan=committee_plan, today=timezone.localdate(), by=leader)
    assert CommitteeMembership.objects.filter(plan=committee_plan).exists()

    rotating = committee_plan.committees.first()
    later = make_plan(
        season,
        [rotating],
        enrolled,
        leader,
        kind="committees",
        first_week=season.week_starts()[-1],
        weeks=1,
    )
    CommitteeMembershipFactory(
        season=season,
        committee=rotating,
        user=enrolled[1],
        starts_on=season.week_starts()[-1],
        ends_on=season.week_starts()[-1] + dt.timedelta(days=2),
    )
    with pytest.raises(actions.DomainError, match="occupe déjà"):
        actions.rotation_publish(plan=later, today=timezone.localdate(), by=leader)


def test_a_member_back_from_holidays_can_be_placed_on_a_committee(
    leader_client, season, enrolled, leader
):
    start = season.week_starts()[-3]
    AbsenceFactory(user=enrolled[0], starts_on=start, ends_on=start + dt.timedelta(days=2))
    plan = make_plan(
        season,
        list(Committee.objects.filter(is_board=False)),
        enrolled,
        leader,
        kind="committees",
        first_week=start,
        weeks=3,
        weeks_per_period=3,
    )
    assert not plan.seats.filter(user=enrolled[0]).exists()
    html = leader_client.get(reverse("members:rotation_board", args=[plan.pk])).content.decode()
    assert "Dans aucun comité" not in html  # away: not listed as forgotten
    committee = plan.committees.first()
    leader_client.post(
        reverse("members:seat_place", args=[plan.pk]),
        {"user": enrolled[0].pk, "period_start": start.isoformat(), "committee": committee.pk},
        **HTMX,
    )
    assert plan.seats.get(user=enrolled[0]).committee == committee


# --- What members see ---------------------------------------------------------------------------


def test_members_see_the_published_rotation_not_drafts(member_client, member, leader, plan):
    url = reverse("my:rotation")
    assert "Aucune rotation n’est encore publiée" in member_client.get(url).content.decode()
    actions.rotation_publish(plan=plan, today=timezone.localdate(), by=leader)
    html = member_client.get(url).content.decode()
    assert "Animation du débrief" in html
    holder = RoleAssignment.objects.filter(plan=plan).first().user
    assert str(holder) in html


def _rows(html: str) -> int:
    return html.count('<th scope="row"')


def test_who_does_what_starts_at_the_week_running_today(member_client, leader, plan, season):
    actions.rotation_publish(plan=plan, today=timezone.localdate(), by=leader, notify=False)
    past = [monday for monday in plan.mondays() if monday < this_monday()]
    assert past  # the season began three weeks ago
    # Someone who held a role in a past week only, and not since.
    former = MemberFactory(first_name="Ancienne", last_name="Titulaire")
    RoleAssignment.objects.filter(plan=plan, starts_on=past[0]).update(user=former)
    url = reverse("my:rotation")

    html = member_client.get(url).content.decode()
    assert _rows(html) == plan.weeks - len(past)
    first_row = html[html.index('<th scope="row"') :]
    assert first_row.index("maintenant") < first_row.index("</th>")  # the week running now
    assert "Ancienne Titulaire" not in html
    assert f'href="?earlier=1#grid-{plan.pk}"' in html
    assert f"Afficher les {len(past)} semaines passées" in html

    html = member_client.get(url, {"earlier": "1"}).content.decode()
    assert _rows(html) == plan.weeks
    assert "Ancienne Titulaire" in html
    assert "semaines passées" not in html
    assert f'<a href="{url}">Masquer les périodes déjà passées</a>' in html


def test_a_committee_period_running_today_stays_with_the_weeks_of_it_already_over(
    member_client, leader, season, enrolled
):
    committees = [CommitteeFactory(slug="a"), CommitteeFactory(slug="b")]
    plan = make_plan(
        season,
        committees,
        enrolled,
        leader,
        kind=RotationPlan.Kind.COMMITTEES,
        first_week=season.week_starts()[0],  # three weeks ago
        weeks=6,
        weeks_per_period=2,
    )
    actions.rotation_publish(plan=plan, today=timezone.localdate(), by=leader, notify=False)
    member_client.cookies["cjs_language"] = "en"
    html = member_client.get(reverse("my:rotation")).content.decode()
    # The periods: three and two weeks ago (over), last week and this one (running), the
    # next two weeks.
    assert _rows(html) == 2
    assert "Show the earlier period<" in html
    running = plan.mondays()[2]
    assert running < this_monday()
    holders = CommitteeMembership.objects.filter(plan=plan, starts_on=running)
    assert holders and all(str(held.user) in html for held in holders)


def test_a_rotation_over_or_yet_to_come_shows_all_its_weeks(member_client, leader, season, roles):
    mondays = season.week_starts()
    members = [MemberFactory() for _ in range(3)]
    for user in members:
        EnrolmentFactory(season=season, user=user)
    over = make_plan(season, roles, members, leader, first_week=mondays[0], weeks=2)
    actions.rotation_publish(plan=over, today=timezone.localdate(), by=leader, notify=False)
    to_come = make_plan(season, roles, members, leader, first_week=mondays[-2], weeks=2)
    actions.rotation_publish(plan=to_come, today=timezone.localdate(), by=leader, notify=False)
    url = reverse("my:rotation")
    html = member_client.get(url).content.decode()
    assert _rows(html) == 4
    assert "?earlier=1" not in html
    assert "maintenant" not in html
    # Asking for the periods over shows the same, with nothing to hide again.
    html = member_client.get(url, {"earlier": "1"}).content.decode()
    assert _rows(html) == 4
    assert "Masquer les périodes déjà passées" not in html


def test_the_member_dashboard_shows_my_roles_this_week_with_duties(
    member_client, member, season, roles
):
    RoleAssignmentFactory(season=season, role=roles[0], user=member, starts_on=this_monday())
    html = member_client.get(reverse("dashboard")).content.decode()
    assert "Mes rôles cette semaine" in html
    assert "Animation du débrief" in html
    assert "Lancer le débrief" in html


@pytest.mark.parametrize("size", [4, 16])
def test_the_board_runs_a_constant_number_of_queries(
    size, leader_client, season, roles, leader, django_assert_max_num_queries
):
    members = []
    for _ in range(size):
        user = MemberFactory()
        EnrolmentFactory(season=season, user=user)
        AbsenceFactory(user=user, starts_on=season.ends_on - dt.timedelta(days=3))
        members.append(user)
    plan = make_plan(season, roles, members, leader)
    # session, user, season, plan (twice), roles, participants (+ profiles), absences, season,
    # history, members taken in late, seats (+ users, profiles), members who could be taken
    # in, cooperative
    with django_assert_max_num_queries(14):
        assert (
            leader_client.get(reverse("members:rotation_board", args=[plan.pk])).status_code == 200
        )


@pytest.mark.parametrize("earlier", [{}, {"earlier": "1"}])
@pytest.mark.parametrize("size", [4, 16])
def test_the_published_rotation_runs_a_constant_number_of_queries(
    size, earlier, member_client, season, roles, leader, django_assert_max_num_queries
):
    members = []
    for _ in range(size):
        user = MemberFactory()
        EnrolmentFactory(season=season, user=user)
        members.append(user)
    actions.rotation_publish(
        plan=make_plan(season, roles, members, leader), today=timezone.localdate(), by=leader
    )
    # session, user, season, cooperative, capabilities, then the published plans, their roles
    # and committees, the assignments and memberships they created (with their holders)
    with django_assert_max_num_queries(8):
        assert member_client.get(reverse("my:rotation"), earlier).status_code == 200
