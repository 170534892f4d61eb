"""The meeting page reads what it shows and no more: the meeting whose minutes wait for
approval comes as its name (its SQL built once per meeting)."""

from __future__ import annotations

import pytest
from django.urls import reverse, set_script_prefix
from django.utils.html import escape

from governance import actions
from governance.models import Motion, Topic
from governance.queries import previous_meeting_to_approve
from governance.queries.roster import previous_minutes_to_approve
from governance.templatetags.governance_tags import pk_link
from tests.factories import ArchivedSeasonFactory, MeetingFactory
from tests.governance.test_meetings import _closed_meeting, _tonight

pytestmark = pytest.mark.django_db


def test_the_page_names_the_meeting_whose_minutes_wait(season, leader, leader_client):
    morning = _closed_meeting(season, leader)
    evening = actions.meeting_create(
        season=season, kind="board", title="CA <du> soir", starts_at=_tonight(), by=leader
    )
    assert previous_minutes_to_approve(evening) is None  # its approval is on the agenda
    actions.motion_postpone(
        motion=Motion.objects.get(item__meeting=evening, topic=Topic.MINUTES), by=leader
    )
    for _ in range(2):  # the second time from the SQL built the first time
        assert previous_minutes_to_approve(evening) == str(previous_meeting_to_approve(evening))
        page = leader_client.get(reverse("governance:meeting_detail", args=[evening.pk]))
        sentence = f"Le procès-verbal de {escape(str(morning))} attend son approbation."
        assert sentence in page.content.decode()


def test_a_meeting_is_found_only_in_the_season_viewed(season, meeting, leader_client):
    """``meeting_for`` (its SQL compiled once): the meeting with its chair, of the season
    viewed; another season's meeting, an unknown id and one no column holds are not found."""
    archived = MeetingFactory(season=ArchivedSeasonFactory(), title="CA d’antan")
    for _ in range(2):
        page = leader_client.get(reverse("governance:meeting_detail", args=[meeting.pk]))
        assert page.status_code == 200 and escape(meeting.title) in page.content.decode()
        for pk in (archived.pk, meeting.pk + 1000, 2**63):
            url = reverse("governance:meeting_detail", args=[pk])
            assert leader_client.get(url).status_code == 404


def test_pk_link_writes_what_the_url_tag_wrote():
    """``|pk_link`` (the meeting and ballot pages' links, reversed once per process) gives
    ``{% url name pk %}``, under another script prefix too."""
    names = ("governance:item_up", "governance:motion_edit", "finance:share_out_season")
    for prefix in ("/", "/cjs/"):
        set_script_prefix(prefix)
        try:
            for name in names:
                for pk in (1, 4242):
                    assert pk_link(pk, name) == reverse(name, args=[pk])
        finally:
            set_script_prefix("/")
    assert pk_link(7, "governance:ballot_detail").startswith("/vie-democratique/")
