"""Amendments: the motion's whole text as amended, voted before their motion; adopted, they
become the motion's text; they never stand for the rules in force in the register."""

from __future__ import annotations

import pytest
from django.urls import reverse

from governance import actions
from governance.models import Motion, Topic
from tests.factories import MotionFactory

pytestmark = pytest.mark.django_db

RULES = "1. Ponctualité.\n2. Respect."
AMENDED = "1. Ponctualité.\n2. Respect.\n3. Pause de 15 minutes."


def _vote(motion, leader, choices: dict):
    ballot = actions.ballot_open(motion=motion, by=leader)
    for voter, choice in choices.items():
        actions.vote_cast(ballot=ballot, voter=voter, by=voter, choice=choice)
    actions.ballot_close(ballot=ballot, by=leader)
    motion.refresh_from_db()
    return motion


@pytest.fixture
def rules(motion):
    return MotionFactory(
        item=motion.item, title="Règlement intérieur", text=RULES, topic=Topic.INTERNAL_RULES
    )


@pytest.fixture
def adopted_amendment(rules, member, other_member, leader):
    amendment = actions.motion_add(
        item=rules.item, title="Pause", text=AMENDED, amends=rules, by=leader
    )
    return _vote(amendment, leader, {member: "yes", other_member: "yes"})


def test_an_adopted_amendment_becomes_the_motions_text(rules, member, other_member, leader):
    amendment = actions.motion_add(
        item=rules.item,
        title="Pause",
        text=AMENDED,
        amends=rules,
        topic=Topic.INTERNAL_RULES,
        by=leader,
    )
    assert amendment.topic == Topic.GENERAL and amendment.original_text == RULES
    _vote(amendment, leader, {member: "yes", other_member: "yes"})
    rules.refresh_from_db()
    assert rules.text == AMENDED


def test_a_rejected_motion_leaves_no_rules_in_force_even_with_an_adopted_amendment(
    rules, adopted_amendment, member, other_member, leader, member_client
):
    """The audit's case: the internal rules motion, an amendment adopted, the motion
    rejected: no internal rules are in force, and the amendment is not a decision."""
    _vote(rules, leader, {member: "no", other_member: "no"})
    assert rules.status == Motion.Status.REJECTED
    html = member_client.get(reverse("governance:register")).content.decode()
    in_force = html[html.index('data-testid="internal-rules"') :]
    in_force = in_force[: in_force.index("</div>")]
    assert "Pas encore adopté" in in_force and "Pause de 15 minutes" not in in_force
    decisions = html[html.index('data-testid="decisions"') :]
    assert "Pause" not in decisions
    csv = member_client.get(reverse("governance:register_csv")).content.decode("utf-8-sig")
    assert "Pause" not in csv


def test_the_register_shows_the_rules_as_amended(
    rules, adopted_amendment, member, other_member, leader, member_client
):
    _vote(rules, leader, {member: "yes", other_member: "yes"})
    html = member_client.get(reverse("governance:register")).content.decode()
    in_force = html[html.index('data-testid="internal-rules"') :]
    assert in_force.index("3. Pause de 15 minutes.") < in_force.index("Amendé en séance.")


def test_an_amendment_written_against_an_older_text_is_not_merged_blindly(
    rules, member, other_member, leader, leader_client
):
    """Two amendments written from the same text: the first adopted is merged; the second
    would erase it, so the meeting page asks a planner to rewrite the motion."""
    first = actions.motion_add(
        item=rules.item, title="Pause", text=AMENDED, amends=rules, by=leader
    )
    second = actions.motion_add(
        item=rules.item,
        title="Téléphones",
        text=RULES + "\n3. Téléphones rangés.",
        amends=rules,
        by=leader,
    )
    _vote(first, leader, {member: "yes", other_member: "yes"})
    _vote(second, leader, {member: "yes", other_member: "yes"})
    rules.refresh_from_db()
    assert rules.text == AMENDED
    meeting_url = reverse("governance:meeting_detail", args=[rules.item.meeting_id])
    html = leader_client.get(meeting_url).content.decode()
    assert html.count('data-testid="amendment-not-merged"') == 1
    edit = reverse("governance:motion_edit", args=[rules.pk])
    form = leader_client.get(edit, {"amendment": second.pk}).context["form"]
    assert form.initial["text"] == second.text
    assert leader_client.get(edit, {"amendment": rules.pk}).status_code == 404


def test_minutes_show_amendments_in_the_order_they_were_voted(
    rules, adopted_amendment, member, other_member, leader, member_client
):
    _vote(rules, leader, {member: "yes", other_member: "yes"})
    url = reverse("governance:minutes_detail", args=[rules.item.meeting_id])
    document = member_client.get(url).context["document"]
    headings = [sub.heading for section in document.sections for sub in section.subsections]
    assert headings.index("Amendement à « Règlement intérieur » : Pause") < headings.index(
        "Motion : Règlement intérieur"
    )
    assert not any("Amendement : Amendement" in heading for heading in headings)


def test_the_amendment_form_starts_from_the_motions_text(motion, leader_client):
    url = reverse("governance:motion_add", args=[motion.item_id])
    response = leader_client.get(url, {"amends": motion.pk})
    form = response.context["form"]
    assert "topic" not in form.fields
    assert form.initial["text"] == motion.text
    assert not form.initial.get("title")
    assert "Amendement à : Acheter une tondeuse" in response.content.decode()
