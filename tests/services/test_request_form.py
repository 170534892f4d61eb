"""The residents' public request form: territory, consent, honeypot, double submission."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from services.models import EventKind, RequestStatus, ServiceRequest
from tests.factories import ArchivedSeasonFactory, ServiceFactory
from tests.services.conftest import form_data

pytestmark = pytest.mark.django_db

URL = reverse("services:request_create")


def test_the_form_opens_without_an_account(anonymous, season, service, towns):
    response = anonymous.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tonte de pelouse" in html
    assert reverse("services:privacy") in html
    assert 'name="website"' in html  # the honeypot is there, hidden from people
    assert 'name="form_token"' in html


def test_a_leader_looking_at_an_archived_season_sends_the_form_into_the_current_one(
    leader_client, season, service, towns
):
    archive = ArchivedSeasonFactory()
    leader_client.post(reverse("members:season_view", args=[archive.year]))
    assert leader_client.get(URL).context["season"] == archive  # the page's banner
    response = leader_client.post(URL, form_data(service))
    assert response.status_code == 302
    assert ServiceRequest.objects.get().season == season


def test_the_form_preselects_the_service_asked_for_on_the_home_page(anonymous, season, service):
    response = anonymous.get(URL, {"service": "tonte"})
    assert response.context["form"].initial["service"] == service


def test_the_form_lists_only_offered_services_with_their_price(anonymous, season, service):
    ServiceFactory(name_fr="Ramonage", is_active=False)
    html = anonymous.get(URL).content.decode()
    assert "Ramonage" not in html
    assert "12,00\xa0€" in html


def test_a_resident_submits_a_request_and_lands_on_the_confirmation(
    anonymous, season, service, towns
):
    response = anonymous.post(URL, form_data(service))
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("services:request_thanks", args=[request.token])
    assert request.status == RequestStatus.NEW
    assert request.season == season
    assert request.town == towns[0]
    assert request.consented_at is not None
    assert request.language == "fr"
    assert list(request.events.values_list("kind", flat=True)) == [EventKind.SUBMITTED]
    page = anonymous.get(response.url)
    assert "Merci, Monique" in page.content.decode()
    assert request.get_tracking_url() in page.content.decode()


def test_the_tracking_token_is_long_random_and_not_the_id(anonymous, season, service, towns):
    anonymous.post(URL, form_data(service))
    anonymous.post(URL, form_data(service))
    first, second = ServiceRequest.objects.order_by("pk")
    assert len(first.token) >= 24
    assert first.token != second.token
    assert str(first.pk) not in first.get_tracking_url().split("/")


def test_a_postal_code_outside_the_territory_is_refused_naming_the_towns_served(
    anonymous, season, service, towns
):
    response = anonymous.post(URL, form_data(service, postal_code="75011", town_name="Paris"))
    assert response.status_code == 200
    assert ServiceRequest.objects.count() == 0
    error = response.context["form"].errors["postal_code"][0]
    assert "75011" in error
    assert "Bourg-les-Saules (71140)" in error
    assert "Vernay-sur-Loue (71145)" in error


def test_a_postal_code_shared_by_two_towns_asks_which_one(anonymous, season, service, towns):
    from tests.factories import TownFactory

    TownFactory(name="Saint-Aubin-des-Prés", postal_code="71140")
    response = anonymous.post(URL, form_data(service, town_name="Ailleurs"))
    assert ServiceRequest.objects.count() == 0
    assert "Saint-Aubin-des-Prés" in response.context["form"].errors["town_name"][0]

    anonymous.post(URL, form_data(service, town_name="st aubin des pres"))
    assert ServiceRequest.objects.get().town.name == "Saint-Aubin-des-Prés"


def test_consent_is_required(anonymous, season, service, towns):
    response = anonymous.post(URL, form_data(service, consent=None))
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert ServiceRequest.objects.count() == 0


def test_a_filled_honeypot_records_nothing(anonymous, season, service, towns, mailoutbox):
    response = anonymous.post(URL, form_data(service, website="http://spam.example"))
    assert response.status_code == 200
    assert ServiceRequest.objects.count() == 0
    assert mailoutbox == []
    assert response.context["form"].honeypot_filled


def test_the_same_form_sent_twice_creates_one_request(
    anonymous, season, service, towns, mailoutbox, django_capture_on_commit_callbacks
):
    data = form_data(service)
    with django_capture_on_commit_callbacks(execute=True):
        first = anonymous.post(URL, data)
        second = anonymous.post(URL, data)  # double click, back button, second tab
    assert ServiceRequest.objects.count() == 1
    assert first.url == second.url
    resident_mails = [m for m in mailoutbox if m.to == ["monique.perrin@example.fr"]]
    assert len(resident_mails) == 1


def test_two_forms_make_two_requests(anonymous, season, service, towns):
    anonymous.post(URL, form_data(service))
    anonymous.post(URL, form_data(service, form_token=str(uuid.uuid4())))
    assert ServiceRequest.objects.count() == 2


def test_a_form_without_its_token_is_sent_back_with_a_fresh_one(anonymous, season, service, towns):
    response = anonymous.post(URL, form_data(service, form_token=None))
    assert ServiceRequest.objects.count() == 0
    form = response.context["form"]
    assert uuid.UUID(form.data["form_token"])
    assert form.non_field_errors()


def test_bad_input_is_explained_field_by_field(anonymous, season, service, towns):
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = anonymous.post(
        URL, form_data(service, wished_from=yesterday, phone="abc", email="pas-un-email")
    )
    errors = response.context["form"].errors
    assert {"wished_from", "phone", "email"} <= set(errors)
    assert ServiceRequest.objects.count() == 0


def test_the_end_of_the_period_cannot_come_before_its_start(anonymous, season, service, towns):
    start = timezone.localdate() + dt.timedelta(days=5)
    response = anonymous.post(
        URL,
        form_data(
            service,
            wished_from=start.isoformat(),
            wished_until=(start - dt.timedelta(days=1)).isoformat(),
        ),
    )
    assert "wished_until" in response.context["form"].errors


def test_an_english_visitor_gets_emails_in_english(
    anonymous, season, service, towns, mailoutbox, django_capture_on_commit_callbacks
):
    anonymous.post(reverse("set_language"), {"language": "en", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(URL, form_data(service))
    request = ServiceRequest.objects.get()
    assert request.language == "en"
    resident_mail = next(m for m in mailoutbox if m.to == [request.email])
    assert "We have received your request" in resident_mail.subject


def test_without_a_current_season_the_form_says_the_cooperative_is_on_a_break(
    anonymous, service, towns
):
    ArchivedSeasonFactory()
    response = anonymous.get(URL)
    assert response.status_code == 200
    assert "form" not in response.context
    response = anonymous.post(URL, form_data(service))
    assert ServiceRequest.objects.count() == 0


def test_the_privacy_page_is_public(anonymous):
    response = anonymous.get(reverse("services:privacy"))
    assert response.status_code == 200
    assert "CNIL" in response.content.decode()


@pytest.mark.parametrize("size", [1, 12])
def test_the_form_runs_a_constant_number_of_queries(
    size, anonymous, season, service, towns, django_assert_max_num_queries
):
    from tests.factories import TownFactory

    for n in range(size):
        ServiceFactory()
        TownFactory(name=f"Commune {n}", postal_code=f"7{n:04d}")
    # the current season (the form's and the page's), services (the choices), cooperative,
    # towns (the list of towns served)
    with django_assert_max_num_queries(4):
        assert anonymous.get(URL).status_code == 200
    # The same, sent back with a mistake: the rate limit counts in the cache (no SQL); the
    # chosen service, the territory check, the model's constraint checks (a savepoint, the
    # service's existence, the check itself, the release), then the page as above.
    with django_assert_max_num_queries(10):
        response = anonymous.post(URL, form_data(service, phone="?"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_the_confirmation_runs_a_constant_number_of_queries(
    size, anonymous, make_request, django_assert_max_num_queries
):
    for _ in range(size):
        request = make_request()
    # the request (with its service and season), the cooperative
    with django_assert_max_num_queries(3):
        response = anonymous.get(reverse("services:request_thanks", args=[request.token]))
    assert response.status_code == 200


def test_a_form_token_replayed_from_another_browser_gets_no_tracking_link(
    anonymous, season, service, towns
):
    data = form_data(service)
    first = anonymous.post(URL, data)
    assert first.status_code == 302
    service_request = ServiceRequest.objects.get()
    other_browser = Client()
    replay = other_browser.post(URL, data)
    html = replay.content.decode()
    assert replay.status_code == 200
    assert service_request.token not in html
    assert service_request.token not in replay.get("Location", "")
    assert "Ce formulaire a déjà été envoyé" in html
    assert ServiceRequest.objects.count() == 1


def test_the_request_form_is_never_cached(anonymous, season, service, towns):
    response = anonymous.get(URL)
    assert "no-store" in response["Cache-Control"]


def test_a_postal_code_and_a_town_that_do_not_match_are_refused(anonymous, season, service, towns):
    response = anonymous.post(URL, form_data(service, postal_code="71140", town_name="Paris"))
    assert response.status_code == 200
    error = response.context["form"].errors["town_name"][0]
    assert "71140 est le code postal de Bourg-les-Saules, pas de Paris" in error
    assert ServiceRequest.objects.count() == 0
    ok = anonymous.post(URL, form_data(service, postal_code="71140", town_name="bourg les saules"))
    assert ok.status_code == 302


def test_the_one_line_address_field_asks_the_browser_for_one_line(anonymous, season, towns):
    html = anonymous.get(URL).content.decode()
    assert 'autocomplete="address-line1"' in html
    assert "street-address" not in html  # a multi-line value the single input cannot hold
