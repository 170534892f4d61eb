"""A day before a consultation closes, the members who have not answered are reminded, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from governance import actions
from governance.models import VoteChoice
from tests.factories import ConsultationFactory, EnrolmentFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_members_who_have_not_answered_are_reminded_once(
    season, member, other_member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    closing = ConsultationFactory(season=season, closes_at=timezone.now() + dt.timedelta(hours=20))
    ConsultationFactory(season=season, closes_at=timezone.now() + dt.timedelta(days=3))
    actions.consultation_respond(consultation=closing, user=other_member, choice=VoteChoice.YES)
    left = MemberFactory()
    EnrolmentFactory(season=season, user=left, left_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.consultations_closing_remind() == 1
        assert actions.consultations_closing_remind() == 0
    assert [message.to for message in mailoutbox] == [[member.email]]
    assert closing.title in mailoutbox[0].subject
    assert "Bientôt close" in mailoutbox[0].subject
    assert f"/{closing.pk}/" in mailoutbox[0].body


def test_a_closed_consultation_is_not_reminded(season, member, mailoutbox):
    ConsultationFactory(season=season, closes_at=timezone.now() + dt.timedelta(days=2))
    later = timezone.now() + dt.timedelta(days=3)
    assert actions.consultations_closing_remind(now=later) == 0
