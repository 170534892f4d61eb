"""Minutes on screen, printable and in PDF; results and the decisions register in CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from governance import actions, demo
from governance.models import ConsultationResponse, Election, Meeting, Minutes, Motion, Topic
from members.models import Season
from tests.factories import AgendaItemFactory, ConsultationFactory, MotionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(motion, member, other_member, leader):
    motion.item.notes = "Le comité Finances a comparé trois devis."
    motion.item.save()
    ballot = actions.ballot_open(motion=motion, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.vote_cast(ballot=ballot, voter=other_member, by=other_member, choice="no")
    rules = MotionFactory(
        item=motion.item,
        title="Règlement intérieur",
        text="Article 1 : ponctualité.",
        topic=Topic.INTERNAL_RULES,
    )
    actions.ballot_close(ballot=ballot, by=leader)
    ballot = actions.ballot_open(motion=rules, secret=True, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.ballot_close(ballot=ballot, by=leader)
    return motion.item.meeting


def test_minutes_page_is_drafted_from_the_meeting(decided, member_client, member):
    html = member_client.get(reverse("governance:minutes_detail", args=[decided.pk])).content
    html = html.decode()
    assert "Procès-verbal" in html
    assert f"Présents (2) : {member}" in html or "Présents (2) :" in html
    assert "le quorum est atteint" in html
    assert "Le comité Finances a comparé trois devis." in html
    assert "1 pour, 1 contre, 0 abstention." in html  # French: 0 and 1 take the singular
    assert "Égalité : la motion n’est pas adoptée" in html
    assert "La présidence de séance" in html and "Le secrétariat de séance" in html
    assert "data-print" in html  # the print button, wired by static/js/governance.js


def test_minutes_pdf_is_a_real_pdf(decided, member_client):
    response = member_client.get(reverse("governance:minutes_pdf", args=[decided.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 1500


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_results_export_gives_rule_counts_and_result(decided, member_client):
    rows = _csv_rows(member_client.get(reverse("governance:results_csv", args=[decided.pk])))
    assert rows[0] == [
        "Point",
        "Type",
        "Titre",
        "Règle",
        "Scrutin",
        "Siège",
        "Tour",
        "Membres présents ou représentés",
        "Bulletins",
        "Blancs",
        "Pour",
        "Contre",
        "Abstentions",
        "Voix par candidat·e",
        "Résultat",
    ]
    assert rows[1][1:] == [
        "Motion",
        "Acheter une tondeuse",
        "majorité simple des suffrages exprimés",
        "nominatif",
        "",
        "",
        "2",
        "2",
        "",
        "1",
        "1",
        "0",
        "",
        "rejetée",
    ]
    assert rows[2][2] == "Règlement intérieur"
    assert rows[2][4] == "secret" and rows[2][8] == "1" and rows[2][-1] == "adoptée"


def test_results_export_gives_each_round_of_an_election(
    live_meeting, member, other_member, leader, member_client, make_members
):
    """Elections are results too: one row per round, with the votes of each candidate."""
    ines = make_members(1)[0]
    actions.attendance_set(meeting=live_meeting, user=ines, status="present", by=leader)
    election = actions.election_add(
        item=AgendaItemFactory(meeting=live_meeting, title="Bureau"),
        title="Trésorerie",
        absolute_majority_first_round=True,
        by=leader,
    )
    lea = actions.candidate_add(election=election, user=member, by=leader)
    hugo = actions.candidate_add(election=election, user=other_member, by=leader)
    first = actions.ballot_open(election=election, secret=True, by=leader)
    for voter, pick in ((member, lea), (other_member, hugo), (ines, None)):
        picks = [pick.pk] if pick else []
        actions.vote_cast(ballot=first, voter=voter, by=voter, candidates=picks)
    actions.ballot_close(ballot=first, by=leader)
    second = actions.ballot_open(election=election, secret=False, by=leader)
    for voter, pick in ((member, lea), (other_member, lea), (ines, hugo)):
        actions.vote_cast(ballot=second, voter=voter, by=voter, candidates=[pick.pk])
    actions.ballot_close(ballot=second, by=leader)

    rows = _csv_rows(member_client.get(reverse("governance:results_csv", args=[live_meeting.pk])))
    elections = [row for row in rows if row[1] == "Élection"]
    assert [row[3:10] for row in elections] == [
        ["majorité absolue des bulletins", "secret", "1", "1", "", "3", "1"],
        ["le plus de voix", "nominatif", "1", "2", "", "3", "0"],
    ]
    assert elections[0][13] == "Hugo Bernard : 1, Léa Martin : 1"
    assert elections[0][14] == "Pas de majorité absolue : un second tour."
    assert elections[1][13] == "Léa Martin : 2, Hugo Bernard : 1"
    assert elections[1][14] == "Élu·e : Léa Martin."


def test_register_lists_adopted_decisions_and_the_rules_in_force(decided, member_client, season):
    ConsultationFactory(
        season=season, title="T-shirts", outcome="On les porte.", outcome_adopted=True
    )
    html = member_client.get(reverse("governance:register")).content.decode()
    assert "Règlement intérieur en vigueur" in html
    assert "Article 1 : ponctualité." in html
    assert "Acheter une tondeuse" not in html  # rejected
    assert "On les porte." in html
    found = member_client.get(reverse("governance:register"), {"q": "ponctualité"}).content
    assert "Article 1" in found.decode()
    none = member_client.get(reverse("governance:register"), {"q": "piscine"}).content
    assert "Aucune décision ne correspond" in none.decode()


def test_register_exports_as_csv(decided, member_client):
    response = member_client.get(reverse("governance:register_csv"))
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8-sig")
    assert "Règlement intérieur;Article 1 : ponctualité." in text
    assert "tondeuse" not in text


def test_register_export_gives_rule_and_ballot_in_date_order(
    decided, member_client, season, leader, member, other_member
):
    """Motions and consultations mixed by date, the latest first, each with its rule and
    its kind of ballot."""
    now = timezone.now()
    rules = Motion.objects.get(item__meeting=decided, title="Règlement intérieur")
    Motion.objects.filter(pk=rules.pk).update(decided_at=now - dt.timedelta(days=3))
    named = MotionFactory(item=rules.item, title="Tarif tonte", text="12 € de l'heure.")
    ballot = actions.ballot_open(motion=named, by=leader)
    for voter in (member, other_member):
        actions.vote_cast(ballot=ballot, voter=voter, by=voter, choice="yes")
    actions.ballot_close(ballot=ballot, by=leader)
    Motion.objects.filter(pk=named.pk).update(decided_at=now - dt.timedelta(days=1))
    consultation = ConsultationFactory(
        season=season,
        title="T-shirts",
        outcome="On les porte.",
        outcome_adopted=True,
        outcome_at=now - dt.timedelta(days=2),
    )
    consultation.responses.create(user=member, choice="yes")

    rows = _csv_rows(member_client.get(reverse("governance:register_csv")))
    assert rows[0][4:7] == ["Sujet", "Règle", "Scrutin"]
    assert [row[2] for row in rows[1:]] == ["Tarif tonte", "T-shirts", "Règlement intérieur"]
    assert rows[1][5:10] == ["majorité simple des suffrages exprimés", "nominatif", "2", "0", "0"]
    assert rows[2][1] == "Consultation" and rows[2][7:10] == ["1", "0", "0"]
    assert rows[3][5:7] == ["majorité simple des suffrages exprimés", "secret"]
    html = member_client.get(reverse("governance:register")).content.decode()
    decisions = html[html.index('data-testid="decisions"') :]
    assert decisions.index("Tarif tonte") < decisions.index("T-shirts")
    assert decisions.index("T-shirts") < decisions.index("Article 1")


def test_agenda_reorders_with_htmx(meeting, leader_client):
    first = AgendaItemFactory(meeting=meeting, position=1, title="Premier point")
    AgendaItemFactory(meeting=meeting, position=2, title="Second point")
    response = leader_client.post(
        reverse("governance:item_down", args=[first.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.strip().startswith('<section id="agenda"')
    assert html.index("Second point") < html.index("Premier point")


def test_meeting_create_form_plans_the_first_board(leader_client, season, leader):
    response = leader_client.post(
        reverse("governance:meeting_create"),
        {
            "kind": "board",
            "title": "Premier CA",
            "day": season.starts_on.isoformat(),
            "time": "14:00",
            "place": "Centre social",
            "template": "first_board",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert Election.objects.filter(item__meeting=meeting).count() == 4
    assert Minutes.objects.filter(meeting=meeting).exists()


def test_meeting_create_form_explains_errors(leader_client, season):
    response = leader_client.post(
        reverse("governance:meeting_create"),
        {
            "kind": "committee",
            "title": "Comité",
            "day": season.starts_on.isoformat(),
            "time": "10:00",
        },
    )
    assert response.status_code == 200
    assert "Choisissez le comité qui se réunit." in response.content.decode()
    assert not Meeting.objects.exists()


def test_seed_demo_tells_the_story_of_a_season():
    call_command("seed_demo")
    season = Season.objects.current()
    meetings = Meeting.objects.filter(season=season)
    first = meetings.get(title="Premier conseil d'administration")
    adopted = set(
        Motion.objects.filter(item__meeting=first, status="adopted").values_list("topic", flat=True)
    )
    assert {Topic.NAME, Topic.INTERNAL_RULES, Topic.SHARE_OUT} <= adopted
    assert Election.objects.filter(item__meeting=first, status="applied").count() == 4
    board = meetings.filter(kind="board", status="closed")
    assert board.count() >= 2
    assert Minutes.objects.filter(meeting__in=board, status="approved").exists()
    assert meetings.filter(kind="committee").exists()
    assert season.consultations.filter(outcome="").exists()  # one still open
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    if season.contains(tomorrow):
        assert meetings.filter(starts_at__date=tomorrow, status="planned").exists()
    # Members give reasons that fit their answer ("for: I work that day" would not).
    responses = ConsultationResponse.objects.select_related("consultation")
    assert responses.exclude(reason="").exists()
    for response in responses:
        fitting = demo.REASONS[response.consultation.title][response.choice]
        assert response.reason in ("", *fitting), (response.choice, response.reason)
    # The first board meeting is chaired by a member; the leaders ran it.
    assert first.chair.is_member and first.secretary.is_member


def test_member_dashboard_shows_the_next_meetings(member_client, season, member):
    from tests.factories import MeetingFactory

    MeetingFactory(
        season=season, title="CA de demain", starts_at=timezone.now() + dt.timedelta(days=1)
    )
    MeetingFactory(
        season=season, title="CA dans un mois", starts_at=timezone.now() + dt.timedelta(days=30)
    )
    html = member_client.get(reverse("dashboard")).content.decode()
    assert "CA de demain" in html
    assert "CA dans un mois" not in html


def test_amending_a_motion_through_the_form(motion, leader_client):
    url = reverse("governance:motion_add", args=[motion.item_id])
    page = leader_client.get(url, {"amends": motion.pk}).content.decode()
    assert "Amendement à : Acheter une tondeuse" in page
    response = leader_client.post(
        url,
        {
            "amends": motion.pk,
            "title": "Moins cher",
            "text": "Pour 90 €.",
            "majority": "simple",
            "topic": "general",
        },
    )
    assert response.status_code == 302
    assert motion.amendments.get().title == "Moins cher"
    assert leader_client.get(url, {"amends": "x"}).status_code == 404


def test_member_dashboard_asks_for_the_consultations_not_answered(
    member_client, other_member, season, member
):
    """Not every member has an email: the dashboard asks them for their position."""
    open_one = ConsultationFactory(season=season, title="Stand de crêpes samedi ?")
    ConsultationFactory(
        season=season,
        title="T-shirts obligatoires ?",
        closes_at=timezone.now() - dt.timedelta(hours=1),
    )
    actions.consultation_respond(consultation=open_one, user=other_member, choice="yes")
    html = member_client.get(reverse("dashboard")).content.decode()
    assert "Stand de crêpes samedi ?" in html and "donner ma position" in html
    assert "T-shirts obligatoires ?" not in html
    actions.consultation_respond(consultation=open_one, user=member, choice="no")
    assert "Stand de crêpes" not in member_client.get(reverse("dashboard")).content.decode()


def test_item_notes_with_a_nul_character_are_refused_and_the_notes_kept(meeting, leader_client):
    """PostgreSQL cannot store a NUL character: saved as posted, it was a server error."""
    item = AgendaItemFactory(meeting=meeting, notes="Débat sur les tarifs.")
    response = leader_client.post(
        reverse("governance:minutes_item_notes", args=[item.pk]),
        {"notes": "Vote\x00 à main levée"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Enregistré à" not in response.content.decode()
    item.refresh_from_db()
    assert item.notes == "Débat sur les tarifs."
