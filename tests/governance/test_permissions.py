"""Every governance page per role: anonymous, member, leader, a member holding a delegated
capability, and the chair and secretary of a meeting (who need no delegation)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import actions
from governance.capabilities import CHAIR_MEETINGS, PLAN_MEETINGS, RUN_CONSULTATIONS
from governance.models import AgendaItem, Ballot, Minutes
from members.models import Committee, Role
from tests.factories import (
    AgendaItemFactory,
    CommitteeMembershipFactory,
    ConsultationFactory,
    MemberFactory,
    MotionFactory,
    PermissionGrantFactory,
    RoleAssignmentFactory,
)

pytestmark = pytest.mark.django_db


def _pages(meeting, ballot, item):
    return {
        "list": reverse("governance:meeting_list"),
        "detail": reverse("governance:meeting_detail", args=[meeting.pk]),
        "ballot": reverse("governance:ballot_detail", args=[ballot.pk]),
        "minutes": reverse("governance:minutes_detail", args=[meeting.pk]),
        "register": reverse("governance:register"),
        "create": reverse("governance:meeting_create"),
        "edit": reverse("governance:meeting_edit", args=[meeting.pk]),
        "item_add": reverse("governance:item_add", args=[meeting.pk]),
        "attendance": reverse("governance:attendance", args=[meeting.pk]),
        "minutes_edit": reverse("governance:minutes_edit", args=[meeting.pk]),
        "rules": reverse("governance:rules_edit"),
        "consult": reverse("governance:consultation_create"),
        "motion_add": reverse("governance:motion_add", args=[item.pk]),
    }


@pytest.fixture
def pages(motion, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    return _pages(motion.item.meeting, ballot, motion.item)


EVERYONE = {"list", "detail", "ballot", "minutes", "register"}
PLANNERS = {"create", "edit", "item_add", "motion_add"}
CHAIRS = {"attendance"}
SECRETARIES = {"minutes_edit"}
LEADERS = {"rules"}
CONSULTERS = {"consult"}


def _expect(pages, client, allowed):
    for name, url in pages.items():
        expected = 200 if name in allowed else 403
        assert client.get(url).status_code == expected, name


def test_anonymous_is_sent_to_the_login_page(anonymous, pages):
    for url in pages.values():
        response = anonymous.get(url)
        assert response.status_code == 302 and "/compte/connexion/" in response.url


def test_member_reads_but_does_not_run_meetings(member_client, pages):
    _expect(pages, member_client, EVERYONE)


def test_leader_opens_every_page(leader_client, pages):
    _expect(pages, leader_client, set(pages))


def test_member_not_enrolled_this_season_sees_nothing(client_for, pages):
    client = client_for(MemberFactory())
    _expect(pages, client, set())


def test_member_with_delegated_capabilities(client_for, member, pages, season):
    committee = Committee.objects.get(slug="rh")
    CommitteeMembershipFactory(season=season, committee=committee, user=member)
    for code in (PLAN_MEETINGS, CHAIR_MEETINGS, RUN_CONSULTATIONS):
        PermissionGrantFactory(capability=code, committee=committee)
    _expect(pages, client_for(member), EVERYONE | PLANNERS | CHAIRS | CONSULTERS)


def test_the_secretary_of_the_week_writes_the_minutes_without_delegation(
    season, member, other_member, client_for, leader
):
    RoleAssignmentFactory(season=season, role=Role.objects.get(slug="secretariat"), user=member)
    meeting = actions.meeting_create(
        season=season,
        kind="board",
        title="CA",
        starts_at=_tonight(),
        by=leader,
    )
    assert meeting.secretary == member
    item = AgendaItemFactory(meeting=meeting)
    secretary, someone_else = client_for(member), client_for(other_member)
    url = reverse("governance:minutes_item_notes", args=[item.pk])
    assert someone_else.post(url, {"notes": "Non."}).status_code == 403
    response = secretary.post(url, {"notes": "Débat sur les tarifs."}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Enregistré à" in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).notes == "Débat sur les tarifs."
    edit = secretary.post(
        reverse("governance:minutes_edit", args=[meeting.pk]),
        {"introduction": "Bonne humeur."},
        HTTP_HX_REQUEST="true",
    )
    assert edit.status_code == 200
    assert Minutes.objects.get(meeting=meeting).introduction == "Bonne humeur."
    assert secretary.get(reverse("governance:attendance", args=[meeting.pk])).status_code == 200


def _tonight():
    return timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)


def test_the_chair_of_a_meeting_runs_its_votes_without_delegation(
    live_meeting, member, other_member, client_for
):
    live_meeting.chair = member
    live_meeting.save()
    motion = MotionFactory(item=AgendaItemFactory(meeting=live_meeting))
    chair, other = client_for(member), client_for(other_member)
    url = reverse("governance:motion_vote_open", args=[motion.pk])
    assert other.post(url).status_code == 403
    response = chair.post(url, {"secret": "1"})
    ballot = Ballot.objects.get(motion=motion)
    assert response.status_code == 302 and ballot.secret
    close = reverse("governance:ballot_close", args=[ballot.pk])
    assert other.post(close).status_code == 403
    assert chair.post(close, {"empty": "1"}).status_code == 302  # nobody voted: said so
    ballot.refresh_from_db()
    assert not ballot.is_open


def test_member_votes_from_their_phone(motion, member, member_client, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    response = member_client.post(
        reverse("governance:ballot_vote", args=[ballot.pk]),
        {"voter": member.pk, "choice": "yes"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'data-testid="voted"' in response.content.decode()


def test_a_member_absent_sees_why_they_cannot_vote(
    live_meeting, member, leader, client_for, make_members
):
    (absent,) = make_members(1)
    motion = MotionFactory(item=AgendaItemFactory(meeting=live_meeting))
    ballot = actions.ballot_open(motion=motion, by=leader)
    page = client_for(absent).get(reverse("governance:ballot_detail", args=[ballot.pk]))
    assert "Seuls les membres notés présents votent" in page.content.decode()
    refused = client_for(absent).post(
        reverse("governance:ballot_vote", args=[ballot.pk]),
        {"voter": absent.pk, "choice": "yes"},
        HTTP_HX_REQUEST="true",
    )
    assert "Seuls les membres présents votent" in refused.content.decode()


def test_leader_is_told_they_do_not_vote(motion, leader_client, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    page = leader_client.get(reverse("governance:ballot_detail", args=[ballot.pk]))
    assert "ne votent pas" in page.content.decode()


def test_a_member_gives_their_proxy_from_their_phone(meeting, member, other_member, member_client):
    response = member_client.post(
        reverse("governance:proxy_give_own", args=[meeting.pk]), {"holder": other_member.pk}
    )
    assert response.status_code == 302
    assert meeting.proxies.get().holder == other_member


def test_members_answer_consultations_and_only_runners_conclude(
    member_client, leader_client, season
):
    consultation = ConsultationFactory(season=season)
    url = reverse("governance:consultation_detail", args=[consultation.pk])
    assert member_client.post(url, {"choice": "yes", "reason": "Bonne idée"}).status_code == 302
    assert consultation.responses.get().reason == "Bonne idée"
    outcome = reverse("governance:consultation_outcome", args=[consultation.pk])
    assert member_client.post(outcome, {"outcome": "Oui"}).status_code == 403
    close = reverse("governance:consultation_close", args=[consultation.pk])
    assert member_client.post(close).status_code == 403
    assert leader_client.post(close).status_code == 302
    leader_client.post(outcome, {"outcome": "Adopté.", "adopted": "yes"})
    consultation.refresh_from_db()
    assert consultation.outcome == "Adopté." and consultation.outcome_adopted is True


def test_pages_refuse_unexpected_methods(leader_client, pages):
    assert leader_client.delete(pages["detail"]).status_code == 405
    assert leader_client.get(reverse("governance:meeting_open", args=[1])).status_code == 405
