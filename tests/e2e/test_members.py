"""The rotation in a real browser: a leader plans, adjusts a cell, swaps two, publishes; a
member reads their roles of the week on a phone."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from members import actions
from members.models import RoleAssignment, RotationPlan, RotationSeat
from tests.e2e.conftest import log_in
from tests.factories import (
    TEST_PASSWORD,
    EnrolmentFactory,
    LeaderFactory,
    MemberFactory,
    RoleFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _crew(season, count: int):
    members = []
    for index in range(count):
        user = MemberFactory(
            first_name=["Léa", "Hugo", "Chloé", "Nathan", "Inès"][index],
            last_name="Martin",
            email=f"jeune{index}@example.org",
        )
        EnrolmentFactory(season=season, user=user)
        members.append(user)
    return members


def test_leader_plans_adjusts_and_publishes_the_rotation(new_page):
    season = SeasonFactory()
    LeaderFactory(username="leader1", first_name="Camille")
    members = _crew(season, 4)
    debrief = RoleFactory(name="Animation du débrief", slug="debrief")
    RoleFactory(name="Responsable du matériel", slug="materiel")

    page = new_page({"width": 1280, "height": 900})
    log_in(page, "leader1", TEST_PASSWORD)
    page.get_by_role("link", name="Rotation").first.click()
    page.get_by_role("link", name="Faire tourner les rôles").click()
    page.get_by_role("button", name="Proposer une rotation").click()
    page.wait_for_url("**/gestion/rotation/*/")
    assert page.get_by_role("heading", name="Rotation des rôles").is_visible()
    plan = RotationPlan.objects.get()

    # Set a member in a cell of a coming week: the board and its figures update in place.
    page.evaluate("window.boardMarker = 'same page'")
    monday = next(m for m in plan.mondays() if m > timezone.localdate())
    index = plan.mondays().index(monday)
    seat = RotationSeat.objects.get(plan=plan, period_start=monday, role=debrief)
    busy = set(plan.seats.filter(period_start=monday).values_list("user", flat=True))
    counts = Counter(plan.seats.values_list("user", flat=True))
    idle = max((m for m in members if m.pk not in busy), key=lambda m: counts[m.pk])
    cell = page.locator(f'[data-testid="cell-{index}-{debrief.pk}"] select')
    with page.expect_response(lambda r: f"/places/{seat.pk}/" in r.url):
        cell.select_option(str(idle.pk))
    page.wait_for_function(
        f"document.querySelector('[data-testid=\"cell-{index}-{debrief.pk}\"] select')"
        f".value === '{idle.pk}'"
    )
    seat.refresh_from_db()
    assert seat.user == idle
    most = max(Counter(plan.seats.values_list("user", flat=True)).values())
    assert page.get_by_test_id("fairness-max").inner_text() == str(most)
    assert page.evaluate("window.boardMarker") == "same page"  # no reload

    # Tick two cells of that week and swap them.
    other = RotationSeat.objects.exclude(pk=seat.pk).get(plan=plan, period_start=monday)
    before = (seat.user_id, other.user_id)
    page.locator(f'input[name="seat"][value="{seat.pk}"]').check()
    page.locator(f'input[name="seat"][value="{other.pk}"]').check()
    with page.expect_response(lambda r: r.url.endswith("/echanger/")):
        page.get_by_role("button", name="Échanger les deux cochés").click()
    page.wait_for_load_state()
    seat.refresh_from_db()
    other.refresh_from_db()
    assert (other.user_id, seat.user_id) == before

    # Publish.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(f"**/gestion/rotation/{plan.pk}/")
    assert page.get_by_text("La rotation est publiée").is_visible()
    assert RoleAssignment.objects.filter(plan=plan).count() == plan.seats.count()
    assert {message.to[0] for message in mail.outbox} <= {m.email for m in members}
    assert mail.outbox


def test_member_reads_their_roles_of_the_week_on_a_phone(new_page):
    season = SeasonFactory()
    leader = LeaderFactory()
    members = _crew(season, 3)
    lea = members[0]
    role = RoleFactory(
        name="Animation du débrief",
        slug="debrief",
        duties="Lancer le débrief à 17 h\nNoter les heures de chacun",
    )
    plan = actions.rotation_plan_create(
        season=season,
        kind="roles",
        first_week=season.week_starts()[0],
        weeks=len(season.week_starts()),
        weeks_per_period=1,
        slots=[role],
        participants=members,
        by=leader,
    )
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    this_week = RotationSeat.objects.get(plan=plan, period_start=monday)
    actions.rotation_seat_set(seat=this_week, user=lea, today=today)
    actions.rotation_publish(plan=plan, today=today, by=leader, notify=False)

    page = new_page()  # a phone
    log_in(page, lea.username, TEST_PASSWORD)
    assert page.get_by_role("heading", name="Mes rôles cette semaine").is_visible()
    assert page.get_by_role("heading", name="Animation du débrief").is_visible()
    assert page.get_by_text("Noter les heures de chacun").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Qui fait quoi").first.click()
    page.wait_for_url("**/mon-espace/roles/")
    assert page.get_by_role("heading", name="Qui fait quoi").is_visible()
    # This week first (the one she holds), the weeks already over one tap away.
    assert page.locator(".rotation-me").first.inner_text().startswith("Léa Martin")
    assert page.locator("tbody tr").first.get_by_text("maintenant").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    past = len([m for m in season.week_starts() if m < monday])
    page.get_by_role("link", name=f"Afficher les {past} semaines passées").click()
    page.wait_for_url(re.compile(r"/mon-espace/roles/\?earlier=1#grid-"))
    expect(page.locator("tbody tr")).to_have_count(len(season.week_starts()))
