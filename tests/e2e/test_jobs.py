"""The whole story of a job in a real browser: a resident submits, a leader quotes, the
resident accepts, the leader plans a two-seat job, two members claim it from their phones,
the leader approves, both log their hours, the leader validates, the resident rates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from services.models import Claim, ClaimStatus, Job, JobStatus, RequestStatus, ServiceRequest
from tests.e2e.conftest import log_in
from tests.factories import (
    TEST_PASSWORD,
    ClaimFactory,
    EnrolmentFactory,
    JobFactory,
    LeaderFactory,
    MemberFactory,
    SeasonFactory,
    ServiceFactory,
    TownFactory,
)

# An autouse fixture: the live server counts the form's rate limit on keys of this test only.

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_the_request_to_the_rating_through_the_job_board(new_page):
    season = SeasonFactory()
    TownFactory(name="Bourg-les-Saules", postal_code="71140")
    ServiceFactory(slug="tonte", name_fr="Tonte de pelouse", name_en="Lawn mowing")
    LeaderFactory(username="leader1", first_name="Camille", last_name="Rousseau")
    for username, first in (("lea", "Léa"), ("hugo", "Hugo")):
        EnrolmentFactory(season=season, user=MemberFactory(username=username, first_name=first))
    wished = timezone.localdate() + dt.timedelta(days=2)

    # The resident asks, on a phone.
    resident = new_page()
    resident.goto("/demande/?service=tonte")
    resident.get_by_label("De quoi avez-vous besoin ?").fill("Tondre la pelouse, 300 m².")
    resident.get_by_label("À partir du").fill(wished.isoformat())
    resident.get_by_label("le matin").check()
    resident.get_by_label("Numéro et rue").fill("12 rue des Tilleuls")
    resident.get_by_label("Code postal").fill("71140")
    resident.get_by_label("Commune").fill("Bourg-les-Saules")
    resident.get_by_label("Prénom").fill("Monique")
    resident.locator("#id_last_name").fill("Perrin")
    resident.get_by_label("Téléphone").fill("06 12 34 56 78")
    resident.get_by_label("E-mail").fill("monique.perrin@example.fr")
    resident.get_by_label(re.compile("J’accepte que la coopérative")).check()
    resident.get_by_role("button", name="Envoyer ma demande").click()
    resident.get_by_role("link", name="Suivre ma demande").click()
    resident.wait_for_url("**/suivi/**")
    tracking_url = resident.url

    # The leader quotes; the resident accepts; the leader plans a job for two.
    leader = new_page()
    log_in(leader, "leader1", TEST_PASSWORD)
    leader.goto(ServiceRequest.objects.get().get_absolute_url())
    leader.get_by_role("link", name="Envoyer un devis").click()
    leader.get_by_label("Heures de travail").fill("6")
    leader.get_by_label("Tarif horaire").fill("12")
    leader.get_by_role("button", name="Envoyer le devis à l’habitant·e").click()
    resident.goto(tracking_url)
    resident.get_by_role("button", name="Accepter le devis").click()
    assert resident.get_by_test_id("request-status").inner_text() == "Acceptée"
    leader.reload()
    leader.get_by_role("link", name="Planifier un chantier").click()
    leader.get_by_label("Coopérants nécessaires").fill("2")
    leader.get_by_role("button", name="Planifier le chantier").click()
    assert leader.get_by_text("Chantier planifié le").is_visible()
    job = Job.objects.get()

    # Two members claim it from their phones, each in their own browser.
    phones = {}
    for username in ("lea", "hugo"):
        phone = new_page()
        log_in(phone, username, TEST_PASSWORD)
        phone.goto("/chantiers/")
        card = phone.locator(f'[data-job="{job.pk}"]')
        assert "Tonte de pelouse" in card.inner_text()
        assert "36,00\xa0€" in card.inner_text()  # 3 h x 12 EUR
        card.get_by_role("button", name="Je le prends").click()
        # The card updates in place (htmx): no page load.
        assert card.get_by_test_id("claim-status").inner_text().strip() == (
            "Candidature envoyée : en attente de validation"
        )
        phones[username] = phone
    assert Claim.objects.filter(status=ClaimStatus.PENDING).count() == 2

    # The leader approves both with one tap each.
    leader.goto("/gestion/equipes/")
    for done in (1, 2):
        leader.get_by_test_id("approve").first.click()
        leader.wait_for_function(
            "n => document.querySelectorAll('[data-testid=claim-outcome]').length >= n",
            arg=done,
        )
    assert Claim.objects.filter(status=ClaimStatus.APPROVED).count() == 2
    assert Job.objects.get().status == JobStatus.STAFFED
    resident.goto(tracking_url)
    assert re.search(
        "Votre équipe : (Hugo, Léa|Léa, Hugo)", resident.get_by_test_id("team").inner_text()
    )

    # The day of the job comes and goes.
    Job.objects.filter(pk=job.pk).update(date=timezone.localdate() - dt.timedelta(days=1))

    # Both log their hours from their phones.
    for username, end in (("lea", "12:00"), ("hugo", "12:15")):
        phone = phones[username]
        phone.goto("/mes-chantiers/")
        phone.get_by_test_id("past").get_by_role("link").first.click()
        phone.locator("#id_started_at").fill("09:00")
        phone.locator("#id_ended_at").fill(end)
        phone.get_by_role("button", name="Enregistrer mes heures").click()
        assert phone.get_by_text("Vos heures sont enregistrées").is_visible()

    # The leader validates them; the job and the request are done.
    leader.goto("/gestion/heures/")
    for done in (1, 2):
        leader.get_by_test_id("validate-hours").first.click()
        leader.wait_for_function(
            "n => document.querySelectorAll('[data-testid=hours-validated]').length >= n",
            arg=done,
        )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert ServiceRequest.objects.get().status == RequestStatus.DONE

    # The resident rates the work.
    resident.goto(tracking_url)
    for label in ("Ponctualité", "Qualité du travail", "Politesse"):
        resident.get_by_role("group", name=label).get_by_text("5", exact=True).click()
    resident.get_by_role("button", name="Envoyer ma réponse").click()
    assert resident.get_by_text("Merci pour votre réponse").is_visible()
    assert ServiceRequest.objects.get().satisfaction.quality == 5


def test_saying_no_on_a_phone_takes_two_taps_and_sends_the_reason(new_page):
    season = SeasonFactory()
    LeaderFactory(username="leader1")
    member = MemberFactory(username="lea", first_name="Léa")
    EnrolmentFactory(season=season, user=member)
    job = JobFactory(request__season=season, created_at=timezone.now() - dt.timedelta(days=1))
    claim = ClaimFactory(job=job, member=member)

    leader = new_page()
    log_in(leader, "leader1", TEST_PASSWORD)
    leader.goto("/gestion/equipes/")
    row = leader.locator(f"#claim-{claim.pk}")
    row.get_by_test_id("reject").click()  # opens the reason, sends nothing
    assert Claim.objects.get().status == ClaimStatus.PENDING
    row.get_by_label("Raison, envoyée au ou à la membre (facultatif)").fill(
        "Il faut un permis pour ce chantier."
    )
    row.get_by_role("button", name="Confirmer : prévenir Léa").click()
    leader.wait_for_selector(f"#claim-{claim.pk} [data-testid=claim-outcome]")
    assert row.get_by_test_id("claim-outcome").inner_text() == "Non retenue"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    assert claim.decision_note == "Il faut un permis pour ce chantier."
