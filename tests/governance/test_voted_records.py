"""What was voted stays as voted: a closed meeting, a decided motion, an election with its
result, a closed ballot and approved minutes are read-only everywhere, the admin included."""

from __future__ import annotations

import pytest
from django.urls import reverse

from governance import actions
from governance.models import Ballot, Election, Meeting, Minutes, Motion
from governance.models.records import VotedRecordError
from tests.factories import CandidateFactory, ElectionFactory, LeaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client_for):
    return client_for(LeaderFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def adopted_motion(motion, member, other_member, leader) -> Motion:
    ballot = actions.ballot_open(motion=motion, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.vote_cast(ballot=ballot, voter=other_member, by=other_member, choice="yes")
    actions.ballot_close(ballot=ballot, by=leader)
    return Motion.objects.get(pk=motion.pk)


def _is_read_only_form(html: str) -> bool:
    return 'name="_save"' not in html and "<textarea" not in html


def test_the_admin_shows_an_adopted_motion_read_only_and_a_post_changes_nothing(
    adopted_motion, admin_client_
):
    url = reverse("admin:governance_motion_change", args=[adopted_motion.pk])
    page = admin_client_.get(url)
    assert page.status_code == 200 and _is_read_only_form(page.content.decode())
    answer = admin_client_.post(
        url,
        {"title": "Autre chose", "text": "Réécrit", "status": "rejected", "majority": "simple"},
    )
    assert answer.status_code == 403
    stored = Motion.objects.get(pk=adopted_motion.pk)
    assert (stored.status, stored.title, stored.text) == (
        Motion.Status.ADOPTED,
        adopted_motion.title,
        adopted_motion.text,
    )
    delete = reverse("admin:governance_motion_delete", args=[adopted_motion.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    assert Motion.objects.filter(pk=adopted_motion.pk).exists()


def test_a_motion_still_to_be_voted_stays_editable_in_the_admin(motion, admin_client_):
    url = reverse("admin:governance_motion_change", args=[motion.pk])
    assert 'name="_save"' in admin_client_.get(url).content.decode()


def test_the_admin_shows_a_closed_meeting_read_only_and_a_post_changes_nothing(
    live_meeting, leader, admin_client_
):
    actions.meeting_close(meeting=live_meeting, by=leader)
    url = reverse("admin:governance_meeting_change", args=[live_meeting.pk])
    page = admin_client_.get(url)
    assert page.status_code == 200 and _is_read_only_form(page.content.decode())
    answer = admin_client_.post(url, {"title": "Réunion réécrite", "status": "planned"})
    assert answer.status_code == 403
    stored = Meeting.objects.get(pk=live_meeting.pk)
    assert (stored.status, stored.title) == (Meeting.Status.CLOSED, live_meeting.title)


def test_the_admin_shows_approved_minutes_read_only_and_a_post_changes_nothing(
    live_meeting, admin_client_
):
    minutes, _created = Minutes.objects.update_or_create(
        meeting=live_meeting,
        defaults={"status": Minutes.Status.APPROVED, "introduction": "Approuvé."},
    )
    url = reverse("admin:governance_minutes_change", args=[minutes.pk])
    page = admin_client_.get(url)
    assert page.status_code == 200 and _is_read_only_form(page.content.decode())
    answer = admin_client_.post(url, {"introduction": "Réécrit", "status": "draft"})
    assert answer.status_code == 403
    assert Minutes.objects.get(pk=minutes.pk).introduction == "Approuvé."


def test_an_election_with_its_result_is_read_only_in_the_admin(live_meeting, admin_client_):
    election = ElectionFactory(item__meeting=live_meeting, status=Election.Status.DECIDED)
    CandidateFactory(election=election)
    url = reverse("admin:governance_election_change", args=[election.pk])
    page = admin_client_.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client_.post(url, {"title": "Réécrite"}).status_code == 403


def test_a_voted_motion_refuses_a_new_status_or_text_and_deletion(adopted_motion):
    adopted_motion.status = Motion.Status.REJECTED
    with pytest.raises(VotedRecordError, match="a été voté"):
        adopted_motion.save()
    motion = Motion.objects.get(pk=adopted_motion.pk)
    motion.text = "Un autre texte"
    with pytest.raises(VotedRecordError):
        motion.save(update_fields=["text"])
    with pytest.raises(VotedRecordError):
        Motion.objects.get(pk=adopted_motion.pk).delete()
    assert Motion.objects.get(pk=adopted_motion.pk).text == adopted_motion.text


def test_a_voted_motion_refreshed_from_the_database_is_frozen_too(motion, member, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="no")
    actions.ballot_close(ballot=ballot, by=leader)
    motion.refresh_from_db()
    motion.status = Motion.Status.ADOPTED
    with pytest.raises(VotedRecordError):
        motion.save()


def test_closed_ballots_meetings_and_approved_minutes_refuse_changes(
    adopted_motion, leader, live_meeting
):
    ballot = Ballot.objects.get(motion=adopted_motion)
    ballot.tally = {"yes": 0, "no": 2, "abstain": 0}
    with pytest.raises(VotedRecordError):
        ballot.save()
    actions.meeting_close(meeting=live_meeting, by=leader)
    meeting = Meeting.objects.get(pk=live_meeting.pk)
    meeting.title = "Autre"
    with pytest.raises(VotedRecordError):
        meeting.save()
    Minutes.objects.update_or_create(meeting=meeting, defaults={"status": "approved"})
    minutes = Minutes.objects.get(meeting=meeting)
    minutes.other_business = "Ajouté après coup"
    with pytest.raises(VotedRecordError):
        minutes.save()
