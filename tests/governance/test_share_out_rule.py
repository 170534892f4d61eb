"""A share-out motion carries its rule as data (reserve, equal part, pro rata of hours, bonus,
members who left): set while the motion is to be voted, shown to the voters, frozen once
voted."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from cjs.errors import DomainError
from governance import actions
from governance.capabilities import PLAN_MEETINGS
from governance.models import DepartedMembers, Motion, ShareOutRule, Topic
from governance.models.records import VotedRecordError
from tests.factories import AgendaItemFactory, MotionFactory

pytestmark = pytest.mark.django_db

RULE = {
    "reserve_percent": "10",
    "equal_percent": "30",
    "pro_rata_percent": "70",
    "bonus": "20",
    "bonus_min_hours": "30",
    "departed_members": DepartedMembers.PRO_RATA,
}


@pytest.fixture
def share_out(meeting):
    item = AgendaItemFactory(meeting=meeting, title="Répartition des excédents")
    return MotionFactory(
        item=item, topic=Topic.SHARE_OUT, title="Répartition", text="Voir la règle."
    )


def _url(motion) -> str:
    return reverse("governance:share_out_rule_edit", args=[motion.pk])


def test_the_planner_sets_the_rule_as_data(leader_client, share_out):
    response = leader_client.post(_url(share_out), RULE)
    assert response.status_code == 302
    rule = ShareOutRule.objects.get(motion=share_out)
    assert (rule.reserve_percent, rule.equal_percent, rule.pro_rata_percent) == (10, 30, 70)
    assert (rule.bonus, rule.bonus_min_hours) == (Decimal("20.00"), Decimal("30.00"))
    leader_client.post(_url(share_out), {**RULE, "equal_percent": "0", "pro_rata_percent": "100"})
    rule.refresh_from_db()
    assert (rule.equal_percent, rule.pro_rata_percent) == (0, 100)


def test_the_two_parts_must_make_a_hundred_percent(leader_client, share_out):
    response = leader_client.post(_url(share_out), {**RULE, "equal_percent": "50"})
    assert response.status_code == 200
    assert "100 %" in response.content.decode()
    assert not ShareOutRule.objects.exists()


def test_the_rule_is_shown_to_the_voters_on_the_meeting_page(
    leader, member_client, share_out, meeting
):
    actions.share_out_rule_save(
        motion=share_out,
        fields={
            "reserve_percent": Decimal("10"),
            "equal_percent": Decimal("0"),
            "pro_rata_percent": Decimal("100"),
            "bonus": Decimal("20"),
            "bonus_min_hours": Decimal("30"),
            "departed_members": DepartedMembers.PRO_RATA,
        },
        by=leader,
    )
    page = member_client.get(reverse("governance:meeting_detail", args=[meeting.pk]))
    html = page.content.decode()
    assert 'data-testid="share-out-rule"' in html
    assert "une réserve de 10 % du résultat" in html
    assert "au moins 30 heures validées" in html


def test_the_rule_freezes_with_its_voted_motion(leader, share_out):
    rule = actions.share_out_rule_save(
        motion=share_out,
        fields={
            "reserve_percent": Decimal("10"),
            "equal_percent": Decimal("0"),
            "pro_rata_percent": Decimal("100"),
            "bonus": Decimal("0"),
            "bonus_min_hours": Decimal("0"),
            "departed_members": DepartedMembers.FULL,
        },
        by=leader,
    )
    Motion.objects.filter(pk=share_out.pk).update(status=Motion.Status.ADOPTED)
    rule.reserve_percent = Decimal("50")
    with pytest.raises(VotedRecordError):
        rule.save()
    with pytest.raises(VotedRecordError):
        rule.delete()
    with pytest.raises(DomainError):
        actions.share_out_rule_save(motion=share_out, fields={}, by=leader)


def test_only_a_share_out_motion_carries_a_rule(leader, leader_client, meeting):
    motion = MotionFactory(item=AgendaItemFactory(meeting=meeting), topic=Topic.GENERAL)
    response = leader_client.post(_url(motion), RULE)
    assert response.status_code == 200
    assert not ShareOutRule.objects.exists()


def test_who_may_set_the_rule(anonymous, member_client, leader_client, delegate_client, share_out):
    url = _url(share_out)
    assert anonymous.get(url).url.startswith(reverse("login"))
    assert member_client.get(url).status_code == 403
    assert member_client.post(url, RULE).status_code == 403
    assert leader_client.get(url).status_code == 200
    assert delegate_client(PLAN_MEETINGS).get(url).status_code == 200
    assert not ShareOutRule.objects.exists()


def test_the_rule_is_on_the_ballot_the_members_vote_on(leader, member_client, live_meeting):
    item = AgendaItemFactory(meeting=live_meeting, title="Répartition des excédents")
    motion = MotionFactory(item=item, topic=Topic.SHARE_OUT, title="Répartition")
    actions.share_out_rule_save(
        motion=motion,
        fields={"reserve_percent": Decimal("15"), "departed_members": DepartedMembers.EXCLUDED},
        by=leader,
    )
    ballot = actions.ballot_open(motion=motion, secret=False, by=leader)
    html = member_client.get(reverse("governance:ballot_detail", args=[ballot.pk])).content.decode()
    assert "une réserve de 15 % du résultat" in html
    assert "exclus de la répartition" in html
