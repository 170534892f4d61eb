"""The request story in a real browser: a resident submits, a leader quotes, the resident
accepts, the leader creates a job."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from services.models import Job, RequestStatus, ServiceRequest
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, LeaderFactory, SeasonFactory, ServiceFactory, TownFactory

# An autouse fixture: the live server counts the form's rate limit on keys of this test only.

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_submits_a_leader_quotes_the_resident_accepts_a_job_is_planned(new_page):
    SeasonFactory()
    TownFactory(name="Bourg-les-Saules", postal_code="71140")
    ServiceFactory(slug="tonte", name_fr="Tonte de pelouse", name_en="Lawn mowing")
    LeaderFactory(username="leader1", first_name="Camille", last_name="Rousseau")
    wished = timezone.localdate() + dt.timedelta(days=2)

    # The resident, on a phone, from the home page.
    resident = new_page()
    resident.goto("/")
    resident.get_by_role("link", name="Le demander").first.click()
    resident.wait_for_url("**/demande/?service=tonte")
    resident.get_by_label("De quoi avez-vous besoin ?").fill("Tondre la pelouse, 300 m².")
    resident.get_by_label("À partir du").fill(wished.isoformat())
    resident.get_by_label("le matin").check()
    resident.get_by_label("Numéro et rue").fill("12 rue des Tilleuls")
    resident.get_by_label("Code postal").fill("75011")
    resident.get_by_label("Commune").fill("Paris")
    resident.get_by_label("Prénom").fill("Monique")
    resident.locator("#id_last_name").fill("Perrin")
    resident.get_by_label("Téléphone").fill("06 12 34 56 78")
    resident.get_by_label("E-mail").fill("monique.perrin@example.fr")
    resident.get_by_label(re.compile("J’accepte que la coopérative")).check()
    resident.get_by_role("button", name="Envoyer ma demande").click()
    # Outside the territory: a friendly refusal naming the towns served.
    assert resident.get_by_text(re.compile("Bourg-les-Saules \\(71140\\)")).first.is_visible()
    assert ServiceRequest.objects.count() == 0
    resident.get_by_label("Code postal").fill("71140")
    resident.get_by_label("Commune").fill("Bourg-les-Saules")
    resident.get_by_role("button", name="Envoyer ma demande").click()
    resident.wait_for_url("**/demande/envoyee/**")
    assert resident.get_by_role("heading", name="Merci, Monique !").is_visible()
    resident.get_by_role("link", name="Suivre ma demande").click()
    resident.wait_for_url("**/suivi/**")
    tracking_url = resident.url
    assert resident.get_by_test_id("request-status").inner_text() == "Nouvelle"

    # The leader finds it in the inbox (HTMX search), opens it and quotes.
    leader = new_page()
    log_in(leader, "leader1", TEST_PASSWORD)
    leader.goto("/gestion/demandes/")
    leader.get_by_placeholder("Nom, commune ou code postal").fill("perrin")
    leader.wait_for_url("**/gestion/demandes/?*q=perrin*")  # the URL keeps the filter
    leader.get_by_role("link", name=re.compile("Monique Perrin")).click()
    leader.get_by_role("link", name="Envoyer un devis").click()
    leader.get_by_label("Heures de travail").fill("4")
    leader.get_by_label("Tarif horaire").fill("12")
    # The total is written by services.js, deferred: filled before it ran, the fields are
    # read when it does; wait for it rather than read the output at once.
    expect(leader.locator("[data-quote-total]")).to_have_text("48,00\xa0€")
    leader.get_by_role("button", name="Envoyer le devis à l’habitant·e").click()
    assert leader.get_by_text("Le devis est envoyé à l’habitant·e.").is_visible()

    # The resident reloads the tracking page and accepts.
    resident.goto(tracking_url)
    assert resident.get_by_test_id("quote-amount").inner_text() == "48,00\xa0€"
    resident.get_by_role("button", name="Accepter le devis").click()
    assert resident.get_by_text("Merci ! Le devis est accepté").is_visible()
    assert resident.get_by_test_id("request-status").inner_text() == "Acceptée"

    # The leader plans the job.
    leader.reload()
    leader.get_by_role("link", name="Planifier un chantier").click()
    leader.get_by_label("Coopérants nécessaires").fill("2")
    leader.get_by_label("Notes pour l’équipe").fill("Prendre la tondeuse du local.")
    leader.get_by_role("button", name="Planifier le chantier").click()
    assert leader.get_by_text("Chantier planifié le").is_visible()

    job = Job.objects.get()
    assert (job.seats, job.date, job.starts_at) == (2, wished, dt.time(9, 0))
    assert ServiceRequest.objects.get().status == RequestStatus.SCHEDULED
    resident.reload()
    assert resident.get_by_test_id("request-status").inner_text() == "Planifiée"
    assert resident.get_by_test_id("job").first.is_visible()
