"""A proxy is recorded only at its giver's request: the chair who records it for an absent
member confirms the member asked, and the member is told by email who carries their vote."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from cjs.errors import DomainError
from governance import actions
from governance.models import Proxy

pytestmark = pytest.mark.django_db


def test_the_chair_cannot_record_a_proxy_without_confirming_the_member_asked(
    live_meeting, member, leader, make_members
):
    (absent,) = make_members(1)
    with pytest.raises(DomainError, match="a demandé cette procuration"):
        actions.proxy_give(meeting=live_meeting, giver=absent, holder=member, by=leader)
    assert not Proxy.objects.exists()


def test_the_chairs_form_without_the_confirmation_records_nothing_and_says_why(
    live_meeting, member, leader, make_members, client_for
):
    (absent,) = make_members(1)
    response = client_for(leader).post(
        reverse("governance:proxy_add", args=[live_meeting.pk]),
        {"giver": absent.pk, "holder": member.pk},
        follow=True,
    )
    assert "a demandé cette procuration" in response.content.decode()
    assert not Proxy.objects.exists()


def test_the_giver_is_told_by_email_who_carries_their_vote_and_how_to_take_it_back(
    live_meeting, member, leader, make_members, client_for, django_capture_on_commit_callbacks
):
    (absent,) = make_members(1)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(leader).post(
            reverse("governance:proxy_add", args=[live_meeting.pk]),
            {"giver": absent.pk, "holder": member.pk, "giver_asked": "on"},
        )
    proxy = Proxy.objects.get(giver=absent)
    assert (proxy.holder, proxy.recorded_by, proxy.giver_asked) == (member, leader, True)
    (email,) = mail.outbox
    assert email.to == [absent.email]
    assert str(member) in email.subject
    body = email.body
    assert str(member) in body and str(leader) in body
    assert reverse("governance:meeting_detail", args=[live_meeting.pk]) in body
    assert "reprenez-la" in body  # how to take it back


def test_a_members_own_proxy_needs_no_confirmation_and_sends_no_such_email(
    live_meeting, member, make_members, client_for, django_capture_on_commit_callbacks
):
    (absent,) = make_members(1)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(absent).post(
            reverse("governance:proxy_give_own", args=[live_meeting.pk]), {"holder": member.pk}
        )
    proxy = Proxy.objects.get(giver=absent)
    assert (proxy.holder, proxy.recorded_by, proxy.giver_asked) == (member, absent, True)
    assert mail.outbox == []
