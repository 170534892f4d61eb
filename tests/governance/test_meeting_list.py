"""The meeting list: the meetings to come and the past ones, as the meeting querysets define
them (``for_member``, ``upcoming``), read as rows with SQL built once per season and viewer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from governance.models import ConsultationResponse, Meeting, MeetingKind
from tests.factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    ConsultationFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("governance:meeting_list")


@pytest.fixture
def meetings(season, member):
    now = timezone.now()
    mine = CommitteeFactory(name="Comité des fêtes", name_en="Party committee")
    other = CommitteeFactory(name="Comité <b>travaux</b>")
    CommitteeMembershipFactory(season=season, committee=mine, user=member)
    hours = dt.timedelta(hours=1)
    return {
        "closed": MeetingFactory(season=season, starts_at=now - 48 * hours, status="closed"),
        "tomorrow": MeetingFactory(season=season, starts_at=now + 24 * hours, place=""),
        "started": MeetingFactory(season=season, starts_at=now - 6 * hours, status="in_progress"),
        "forgotten": MeetingFactory(season=season, starts_at=now - 13 * hours),
        "mine": MeetingFactory(
            season=season, kind=MeetingKind.COMMITTEE, committee=mine, starts_at=now + hours
        ),
        "theirs": MeetingFactory(
            season=season, kind=MeetingKind.COMMITTEE, committee=other, starts_at=now + 2 * hours
        ),
    }


def _expected(season, user):
    """The two lists as the querysets define them."""
    meetings = Meeting.objects.filter(season=season)
    if not user.is_leader:
        meetings = meetings.for_member(user, season)
    upcoming = list(meetings.upcoming().order_by("starts_at").values_list("pk", flat=True))
    past = meetings.exclude(pk__in=upcoming).order_by("-starts_at").values_list("pk", flat=True)
    return upcoming, list(past)


@pytest.mark.parametrize("persona", ["leader", "member"])
def test_the_list_holds_the_meetings_the_querysets_define(meetings, season, request, persona):
    user = request.getfixturevalue(persona)
    client = request.getfixturevalue(f"{persona}_client")
    for _ in range(2):  # the second time, from the SQL built the first time
        response = client.get(LIST)
        upcoming = [row["pk"] for row in response.context["upcoming"]]
        past = [row["pk"] for row in response.context["past"]]
        assert (upcoming, past) == _expected(season, user)
    assert meetings["forgotten"].pk in past and meetings["started"].pk in upcoming
    assert (meetings["theirs"].pk in upcoming) == (persona == "leader")


def test_a_row_shows_what_the_meeting_shows(meetings, member_client):
    html = member_client.get(LIST).content.decode()
    tomorrow = meetings["tomorrow"]
    day = timezone.localtime(tomorrow.starts_at)
    with translation.override("fr"):
        shown = formats.date_format(day, "l j F, H:i")
    assert f'href="{reverse("governance:meeting_detail", args=[tomorrow.pk])}"' in html
    assert f"{shown}</span>" in html  # no place, no committee
    assert "Comité des fêtes" in html and "en cours" in html
    member_client.cookies["cjs_language"] = "en"
    english = member_client.get(LIST).content.decode()
    assert "Party committee" in english and "in progress" in english


def test_a_hostile_title_and_committee_are_escaped(season, leader, leader_client):
    committee = CommitteeFactory(name="Comité <b>travaux</b>")
    MeetingFactory(
        season=season, kind=MeetingKind.COMMITTEE, committee=committee, title="<script>x</script>"
    )
    html = leader_client.get(LIST).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "Comité &lt;b&gt;travaux&lt;/b&gt;" in html


def test_open_consultations_say_whether_i_answered(season, member, member_client):
    answered = ConsultationFactory(season=season, title="Déjà répondu")
    ConsultationFactory(season=season, title="Pas encore")
    ConsultationFactory(season=season, title="Fermée", closes_at=timezone.now())
    ConsultationResponse.objects.create(consultation=answered, user=member, choice="yes")
    response = member_client.get(LIST)
    rows = {row["title"]: row["answered"] for row in response.context["consultations"]}
    assert rows == {"Déjà répondu": True, "Pas encore": False}
    assert response.content.decode().count('data-testid="answered"') == 1


def test_each_member_sees_their_own_meetings_and_answers_from_the_same_sql(
    meetings, season, member, other_member, client_for
):
    """The list's SQL is built once for every member, each request giving its member's id:
    the second member's list is theirs, not the first one's."""
    consultation = ConsultationFactory(season=season, title="Qui a répondu ?")
    ConsultationResponse.objects.create(consultation=consultation, user=member, choice="yes")
    for user, answered in ((member, True), (other_member, False), (member, True)):
        response = client_for(user).get(LIST)
        upcoming = [row["pk"] for row in response.context["upcoming"]]
        assert (upcoming, [row["pk"] for row in response.context["past"]]) == _expected(
            season, user
        )
        assert (meetings["mine"].pk in upcoming) == (user == member)
        assert [row["answered"] for row in response.context["consultations"]] == [answered]
        panel = client_for(user).get(reverse("dashboard")).context
        assert (meetings["mine"].pk in [row["pk"] for row in panel["governance_meetings"]]) == (
            user == member
        )
        waiting = [row["pk"] for row in panel["governance_consultations"]]
        assert waiting == ([] if answered else [consultation.pk])
