"""Members who joined late (a CSV import mid-season) taken into a published rotation: the
pure rule, the action, the planner page and who may."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from members import actions
from members.models import RoleAssignment, RotationJoin
from members.rules import Change, Participant, changes, plan_roles, weeks_to_periods
from tests.factories import EnrolmentFactory, MemberFactory
from tests.members.conftest import make_plan

FIRST_MONDAY = dt.date(2026, 6, 29)


def _weeks(count: int):
    return weeks_to_periods([FIRST_MONDAY + dt.timedelta(weeks=i) for i in range(count)])


def _kept(plan, upto: int):
    return {i: plan.period(i) for i in range(upto)}


def _seats_of(plan, member: int) -> list[tuple[int, int]]:
    return [(index, slot) for (index, slot), held in plan.grid.items() if member in held]


# --- The rule ----------------------------------------------------------------------------------


def test_a_late_joiner_gets_no_seat_before_joining_and_the_weeks_before_are_kept():
    periods, roles = _weeks(8), [1, 2, 3]
    members = [Participant(m) for m in (10, 11, 12, 13)]
    first = plan_roles(periods=periods, roles=roles, members=members)
    newcomer = Participant(20, joins=periods[4].start)
    again = plan_roles(
        periods=periods, roles=roles, members=[*members, newcomer], kept=_kept(first, 4)
    )
    assert all(again.period(i) == first.period(i) for i in range(4))
    assert all(index >= 4 for index, _slot in _seats_of(again, 20))
    assert _seats_of(again, 20)


def test_a_late_joiner_starts_level_with_the_others_instead_of_catching_up():
    periods, roles = _weeks(9), [1, 2, 3]
    members = [Participant(m) for m in (10, 11, 12)]
    first = plan_roles(periods=periods, roles=roles, members=members)
    newcomer = Participant(20, joins=periods[3].start)
    again = plan_roles(
        periods=periods, roles=roles, members=[*members, newcomer], kept=_kept(first, 3)
    )
    # 18 seats in the six weeks left, among four members: 4 or 5 each. Catching up on the
    # three weeks missed would give the newcomer a role every week.
    later = Counter(m for (i, _s), held in again.grid.items() if i >= 3 for m in held)
    assert later[20] in (4, 5)
    assert max(later.values()) - min(later.values()) <= 1


def test_a_late_joiner_goes_first_to_the_roles_the_others_already_had():
    periods, roles = _weeks(6), [1, 2, 3]
    members = [Participant(m) for m in (10, 11, 12, 13)]
    # Two weeks in: 10 and 11 held roles 1 and 2 twice between them, 12 and 13 had role 3;
    # nobody but 12/13 had role 3, nobody but 10/11 had roles 1 and 2.
    kept = {0: {1: (10,), 2: (11,), 3: (12,)}, 1: {1: (11,), 2: (10,), 3: (13,)}}
    newcomer = Participant(20, joins=periods[2].start)
    plan = plan_roles(periods=periods, roles=roles, members=[*members, newcomer], kept=kept)
    held = [slot for _index, slot in sorted(_seats_of(plan, 20))]
    assert held, "the newcomer takes part"
    assert len(set(held[: len(roles)])) == len(held[: len(roles)]), "no role twice before all"


def test_changes_list_who_lost_and_who_got_each_seat():
    monday = FIRST_MONDAY
    before = [(monday, 1, 10), (monday, 2, 11)]
    after = [(monday, 1, 20), (monday, 2, 11)]
    assert changes(before, after) == [
        Change(monday, 1, 10, gained=False),
        Change(monday, 1, 20, gained=True),
    ]
    assert changes(before, before) == []


# --- The action --------------------------------------------------------------------------------


def _future_monday(plan) -> dt.date:
    return next(m for m in plan.mondays() if m > timezone.localdate())


@pytest.fixture
def published(season, roles, enrolled, leader):
    plan = make_plan(season, roles, enrolled, leader)
    actions.rotation_publish(plan=plan, today=timezone.localdate(), by=leader)
    return plan


@pytest.fixture
def newcomers(season):
    """Two members imported after the rotation was published."""
    found = []
    for name in ("Yanis", "Zoé"):
        user = MemberFactory(first_name=name, last_name="Tardif")
        EnrolmentFactory(season=season, user=user)
        found.append(user)
    return found


@pytest.mark.django_db
def test_taking_in_keeps_the_weeks_before_and_seats_the_newcomers_after(published, newcomers):
    today, since = timezone.localdate(), _future_monday(published)
    before = set(published.seats.filter(period_start__lt=since).values_list("pk", "user_id"))
    count = actions.rotation_take_in(plan=published, members=newcomers, since=since, today=today)
    assert set(published.seats.filter(period_start__lt=since).values_list("pk", "user_id")) == (
        before
    )
    seated = published.seats.filter(user__in=newcomers)
    assert count == seated.count() > 0
    assert not seated.filter(period_start__lt=since).exists()
    assert set(published.participants.filter(pk__in=[u.pk for u in newcomers])) == set(newcomers)
    assert RotationJoin.objects.filter(plan=published, since=since).count() == 2
    published.refresh_from_db()
    assert published.changed_since_publication


@pytest.mark.django_db
def test_replanning_afterwards_still_seats_the_newcomers_only_from_their_week(published, newcomers):
    today, since = timezone.localdate(), _future_monday(published)
    later = next((m for m in published.mondays() if m > since), None)
    if later is None:
        pytest.fail("the season fixture must leave two weeks after today")
    actions.rotation_take_in(plan=published, members=newcomers, since=later, today=today)
    actions.rotation_replan(plan=published, today=today)
    assert published.seats.filter(user__in=newcomers).exists()
    assert not published.seats.filter(user__in=newcomers, period_start__lt=later).exists()


@pytest.mark.django_db
def test_publishing_after_taking_in_gives_the_newcomers_their_roles(published, newcomers, leader):
    today, since = timezone.localdate(), _future_monday(published)
    actions.rotation_take_in(plan=published, members=newcomers, since=since, today=today)
    actions.rotation_publish(plan=published, today=today, by=leader)
    assert RoleAssignment.objects.filter(plan=published, user__in=newcomers).exists()


@pytest.mark.django_db
def test_taking_in_refuses_a_begun_week_a_participant_and_a_member_not_enrolled(
    published, newcomers, enrolled
):
    today = timezone.localdate()
    begun = published.mondays()[0]
    with pytest.raises(actions.DomainError, match="pas commencé"):
        actions.rotation_take_in(plan=published, members=newcomers, since=begun, today=today)
    since = _future_monday(published)
    with pytest.raises(actions.DomainError, match="participent déjà"):
        actions.rotation_take_in(plan=published, members=enrolled[:1], since=since, today=today)
    with pytest.raises(actions.DomainError, match="inscrits"):
        actions.rotation_take_in(
            plan=published, members=[MemberFactory()], since=since, today=today
        )
    assert not RotationJoin.objects.exists()


# --- The page and who may ----------------------------------------------------------------------


def _take_in(client, plan, members, since):
    return client.post(
        reverse("members:rotation_take_in", args=[plan.pk]),
        {"members": [m.pk for m in members], "since": since.isoformat()},
    )


@pytest.mark.django_db
def test_the_board_offers_the_newcomers_and_lists_what_changed(leader_client, published, newcomers):
    url = reverse("members:rotation_board", args=[published.pk])
    html = leader_client.get(url).content.decode()
    assert 'data-testid="take-in"' in html
    assert "Yanis Tardif" in html
    since = _future_monday(published)
    response = _take_in(leader_client, published, newcomers, since)
    assert response.status_code == 302
    html = leader_client.get(url).content.decode()
    assert 'data-testid="changes"' in html
    seat = published.seats.filter(user__in=newcomers).select_related("user", "role").first()
    assert f"{seat.user} reçoit {seat.role.name}, semaine du" in html
    assert "n’a plus" in html
    assert 'data-testid="take-in"' not in html  # everyone takes part now


@pytest.mark.django_db
def test_anonymous_cannot_take_in(anonymous, published, newcomers):
    response = _take_in(anonymous, published, newcomers, _future_monday(published))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not RotationJoin.objects.exists()


@pytest.mark.django_db
def test_member_without_delegation_cannot_take_in(member_client, published, newcomers):
    response = _take_in(member_client, published, newcomers, _future_monday(published))
    assert response.status_code == 403
    assert not RotationJoin.objects.exists()


@pytest.mark.django_db
def test_the_delegate_planning_the_rotation_takes_in(delegate_client, published, newcomers):
    response = _take_in(delegate_client, published, newcomers, _future_monday(published))
    assert response.status_code == 302
    assert RotationJoin.objects.filter(plan=published).count() == 2


@pytest.mark.django_db
def test_a_get_does_not_take_in(leader_client, published):
    response = leader_client.get(reverse("members:rotation_take_in", args=[published.pk]))
    assert response.status_code == 405


@pytest.mark.django_db
def test_the_form_says_what_is_missing(leader_client, published, newcomers):
    response = _take_in(leader_client, published, [], _future_monday(published))
    assert response.status_code == 302
    html = leader_client.get(response.url).content.decode()
    assert "Choisissez les membres à accueillir." in html
    assert not RotationJoin.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 10])
def test_the_board_after_taking_in_runs_a_constant_number_of_queries(
    size, leader_client, published, django_assert_max_num_queries
):
    found = []
    for _ in range(size):
        user = MemberFactory()
        EnrolmentFactory(season=published.season, user=user)
        found.append(user)
    since = _future_monday(published)
    actions.rotation_take_in(
        plan=published, members=found[: size // 2], since=since, today=timezone.localdate()
    )
    # session, user, season, plan (twice: read again after an action), roles, participants
    # (+ profiles), absences, season, history, joins, seats (+ users, profiles), newcomers,
    # published assignments (+ users), cooperative, who published
    with django_assert_max_num_queries(16):
        response = leader_client.get(reverse("members:rotation_board", args=[published.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_new_rotation_over_the_published_weeks_points_to_taking_in(
    published, newcomers, roles, leader
):
    with pytest.raises(actions.DomainError, match="accueillez-les depuis sa page"):
        make_plan(published.season, roles[:1], newcomers, leader)
