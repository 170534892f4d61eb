"""Words that follow their numbers, colons spaced the way each language spaces them, one
period at the end of a sentence, and a tie that says it is one."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from governance import actions
from governance.minutes import MotionRecord, RoundRecord, minutes_draft, motion_result_sentence
from governance.minutes import round_sentence as round_text
from tests.factories import ConsultationFactory
from tests.governance.test_minutes_draft import _record

pytestmark = pytest.mark.django_db


def _english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(
    ("language", "papers", "blank", "expected"),
    [
        ("fr", 5, 1, "5 bulletins, 1 blanc."),
        ("fr", 5, 2, "5 bulletins, 2 blancs."),
        ("fr", 1, 0, "1 bulletin, 0 blanc."),
        ("en", 5, 1, "5 ballots, 1 blank."),
        ("en", 1, 0, "1 ballot, 0 blank."),
    ],
)
def test_ballots_and_blanks_each_follow_their_own_number(language, papers, blank, expected):
    with translation.override(language):
        sentence = round_text(RoundRecord(1, 1, True, papers, blank, (), "decided"))
    assert expected in sentence


@pytest.mark.parametrize(
    ("language", "abstain", "voters", "expected"),
    [
        ("fr", 1, 1, "(1 membre présent ou représenté) : 0 pour, 0 contre, 1 abstention."),
        ("fr", 2, 2, "(2 membres présents ou représentés) : 0 pour, 0 contre, 2 abstentions."),
        ("en", 1, 1, "(1 member present or represented): 0 for, 0 against, 1 abstention."),
        ("en", 0, 2, "(2 members present or represented): 0 for, 0 against, 0 abstentions."),
    ],
)
def test_abstentions_and_members_follow_their_number(language, abstain, voters, expected):
    motion = MotionRecord(
        "M", "t", majority_label="m", status="rejected", abstain=abstain, voters=voters
    )
    with translation.override(language):
        assert expected in motion_result_sentence(motion)


def test_a_time_ending_with_a_period_ends_the_sentence_once():
    with translation.override("en"):
        document = minutes_draft(_record(opened_at="5:30 p.m.", closed_at="6:57 p.m."))
    line = next(p for p in document.sections[0].paragraphs if p.startswith("The meeting"))
    assert line == "The meeting opened at 5:30 p.m. and closed at 6:57 p.m."
    with translation.override("fr"):
        document = minutes_draft(_record())
    assert "La séance est ouverte à 17:35 et levée à 18:40." in document.sections[0].paragraphs


def test_english_pages_put_no_space_before_colons(motion, member, other_member, leader):
    ballot = actions.ballot_open(motion=motion, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.ballot_close(ballot=ballot, by=leader)
    client = _english(member)
    meeting = client.get(reverse("governance:meeting_detail", args=[motion.item.meeting_id]))
    html = meeting.content.decode()
    assert "Chair: <strong>" in html and "Secretary: <strong>" in html
    result = client.get(reverse("governance:ballot_detail", args=[ballot.pk])).content.decode()
    assert "For: <strong>1</strong>" in result and " : <strong>" not in result
    french = Client()
    french.force_login(member)
    html = french.get(reverse("governance:ballot_detail", args=[ballot.pk])).content.decode()
    assert "Pour : <strong>1</strong>" in html


def test_the_quorum_card_follows_its_numbers(live_meeting, member, leader, make_members):
    (absent,) = make_members(1)
    actions.proxy_give(
        meeting=live_meeting, giver=absent, holder=member, by=leader, giver_asked=True
    )
    client = Client()
    client.force_login(leader)
    html = client.get(reverse("governance:meeting_detail", args=[live_meeting.pk])).content
    assert "<strong>2</strong> présent·es, <strong>1</strong> représenté·e / 3 membres" in (
        html.decode()
    )


def test_a_consultation_is_open_in_the_feminine(member_client, season):
    consultation = ConsultationFactory(season=season)
    html = member_client.get(
        reverse("governance:consultation_detail", args=[consultation.pk])
    ).content.decode()
    assert ">ouverte</span>" in html


def test_a_tied_motion_says_it_was_a_tie_and_how_many_votes_it_needed(
    motion, member, other_member, leader, member_client
):
    ballot = actions.ballot_open(motion=motion, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.vote_cast(ballot=ballot, voter=other_member, by=other_member, choice="no")
    actions.ballot_close(ballot=ballot, by=leader)
    html = member_client.get(reverse("governance:ballot_detail", args=[ballot.pk])).content
    html = html.decode()
    assert "Rejetée" in html
    assert "Égalité : la motion n’est pas adoptée." in html
    assert "Voix pour nécessaires : 2." in html
