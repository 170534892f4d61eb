"""The leaders' requests inbox: filters, search, counts, HTMX, query budget."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from services.capabilities import PLAN_JOBS, QUOTE_REQUESTS
from services.models import RequestStatus, ServiceRequest
from services.queries import inbox
from services.queries.requests import INBOX_COLUMNS
from tests.factories import QuoteFactory, ServiceFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db

URL = reverse("services:inbox")


@pytest.fixture
def requests(season, service):
    painting = ServiceFactory(slug="peinture", name_fr="Peinture")
    return {
        "perrin": ServiceRequestFactory(
            season=season, service=service, last_name="Perrin", town_name="Bourg-les-Saules"
        ),
        "gauthier": ServiceRequestFactory(
            season=season,
            service=painting,
            last_name="Gauthier",
            town_name="Vernay-sur-Loue",
            status=RequestStatus.QUOTED,
        ),
        "colin": ServiceRequestFactory(
            season=season,
            service=service,
            last_name="Colin",
            town_name="Vernay-sur-Loue",
            status=RequestStatus.DONE,
        ),
    }


def names(response) -> set[str]:
    return {item.last_name for item in response.context["page"].object_list}


def test_the_inbox_lists_the_season_requests_with_counts_per_status(leader_client, requests):
    response = leader_client.get(URL)
    assert response.status_code == 200
    assert names(response) == {"Perrin", "Gauthier", "Colin"}
    counts = {value: count for value, _label, count in response.context["status_choices"]}
    assert counts[""] == 3
    assert counts["new"] == counts["quoted"] == counts["done"] == 1
    assert counts["declined"] == 0


def test_filter_by_status(leader_client, requests):
    assert names(leader_client.get(URL, {"status": "quoted"})) == {"Gauthier"}


def test_filter_by_service(leader_client, requests, service):
    assert names(leader_client.get(URL, {"service": service.pk})) == {"Perrin", "Colin"}


@pytest.mark.parametrize(
    ("q", "expected"),
    [("perr", {"Perrin"}), ("vernay", {"Gauthier", "Colin"}), ("colin vernay", {"Colin"})],
)
def test_search_by_name_or_town(leader_client, requests, q, expected):
    assert names(leader_client.get(URL, {"q": q})) == expected


@pytest.mark.parametrize(
    "q", ["helene", "HÉLÈNE", "Hélène Dupré", "dupre", "st etienne", "saint-étienne", "42100"]
)
def test_search_ignores_accents_case_and_abbreviations(leader_client, season, service, q):
    ServiceRequestFactory(
        season=season,
        service=service,
        first_name="Hélène",
        last_name="Dupré",
        town_name="Saint-Étienne",
        postal_code="42100",
    )
    ServiceRequestFactory(season=season, service=service, first_name="Paul", last_name="Henry")
    assert names(leader_client.get(URL, {"q": q})) == {"Dupré"}


def test_the_search_follows_a_corrected_name(season, service):
    request = ServiceRequestFactory(season=season, service=service, last_name="Perin")
    request.last_name = "Perrin"
    request.save(update_fields=["last_name"])
    assert list(ServiceRequest.objects.search("perrin")) == [request]


def test_a_quote_past_its_validity_is_flagged_for_the_leaders(leader_client, requests, season):
    QuoteFactory(
        request=requests["gauthier"], valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    fresh = ServiceRequestFactory(season=season, last_name="Roux", status=RequestStatus.QUOTED)
    QuoteFactory(request=fresh, valid_until=timezone.localdate())  # still valid today
    response = leader_client.get(URL)
    lapsed = {item.last_name for item in response.context["page"].object_list if item.quote_lapsed}
    assert lapsed == {"Gauthier"}
    assert response.content.decode().count('data-testid="quote-lapsed"') == 1
    detail = leader_client.get(reverse("services:request_detail", args=[requests["gauthier"].pk]))
    assert "devis expiré" in detail.content.decode()
    assert (
        "devis expiré"
        not in leader_client.get(
            reverse("services:request_detail", args=[fresh.pk])
        ).content.decode()
    )


def test_the_counts_follow_the_search_but_not_the_status(leader_client, requests):
    response = leader_client.get(URL, {"q": "vernay", "status": "done"})
    counts = {value: count for value, _label, count in response.context["status_choices"]}
    assert names(response) == {"Colin"}
    assert counts[""] == 2
    assert counts["quoted"] == 1


def test_htmx_gets_only_the_results_fragment(leader_client, requests):
    response = leader_client.get(URL, {"status": "new"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-testid="request-list"' in html
    assert "Perrin" in html
    assert 'id="inbox-filters"' not in html


def test_the_back_button_after_an_htmx_swap_gets_the_whole_page(leader_client, requests):
    response = leader_client.get(
        URL, {"status": "new"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert 'id="inbox-filters"' in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_the_full_page_keeps_the_filters_in_the_url_for_htmx(leader_client, requests):
    html = leader_client.get(URL, {"q": "perr"}).content.decode()
    assert 'data-hx-push-url="true"' in html
    assert 'value="perr"' in html


def test_an_unknown_filter_value_shows_everything_instead_of_failing(leader_client, requests):
    response = leader_client.get(URL, {"service": "999999", "status": "bogus"})
    assert response.status_code == 200
    assert len(names(response)) == 3


def test_other_seasons_requests_stay_out(leader_client, requests, service):
    from tests.factories import ArchivedSeasonFactory

    ServiceRequestFactory(season=ArchivedSeasonFactory(), service=service, last_name="Ancien")
    assert "Ancien" not in names(leader_client.get(URL))


def test_the_inbox_paginates_and_keeps_the_filters(leader_client, season, service):
    ServiceRequestFactory.create_batch(30, season=season, service=service, town_name="Vernay")
    response = leader_client.get(URL, {"q": "vernay"})
    assert response.context["page"].paginator.num_pages == 2
    html = response.content.decode()
    assert "?q=vernay&amp;page=2" in html


@pytest.mark.parametrize("code", [QUOTE_REQUESTS, PLAN_JOBS])
def test_a_delegated_member_opens_the_inbox(delegate_client, requests, code):
    assert delegate_client(code).get(URL).status_code == 200


@pytest.mark.parametrize("size", [5, 40])
def test_the_inbox_runs_a_constant_number_of_queries(
    size, leader_client, season, service, django_assert_max_num_queries
):
    ServiceRequestFactory.create_batch(size, season=season, service=service)
    # session, user, season, counts per status (they also give the paginator its count),
    # page rows (with service), services of the filter, cooperative
    with django_assert_max_num_queries(7):
        response = leader_client.get(URL)
    assert response.status_code == 200
    # the fragment: no services nor cooperative
    with django_assert_max_num_queries(5):
        leader_client.get(URL, {"q": "a", "status": "new"}, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize("size", [5, 40])
def test_the_inbox_of_a_delegated_member_runs_a_constant_number_of_queries(
    size, delegate_client, season, service, django_assert_max_num_queries
):
    client = delegate_client(QUOTE_REQUESTS)
    ServiceRequestFactory.create_batch(size, season=season, service=service)
    # the same, plus the member's capabilities
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200


def test_the_migration_fills_the_search_of_existing_requests(season, service):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("services.migrations.0005_request_search_text")
    request = ServiceRequestFactory(season=season, service=service, first_name="Élodie")
    ServiceRequest.objects.filter(pk=request.pk).update(search_text="")
    migration.fill_search_text(apps, None)
    assert list(ServiceRequest.objects.search("elodie")) == [request]


def test_the_compiled_inbox_reads_its_rows_afresh_each_time(leader_client, season, service):
    """Its SQL is compiled once per filters, day and page: the rows and the counts are read
    again at each visit (a new request shows, a quote lapses the next day)."""
    ServiceRequestFactory.create_batch(26, season=season, service=service, last_name="Vernay")
    first = leader_client.get(URL)
    assert first.context["page"].paginator.num_pages == 2
    late = ServiceRequestFactory(season=season, service=service, last_name="Zola")
    second = leader_client.get(URL)
    assert second.context["page"].object_list[0].last_name == "Zola"
    counts = {value: count for value, _label, count in second.context["status_choices"]}
    assert counts[""] == 27
    page_two = leader_client.get(URL, {"page": 2})
    assert len(page_two.context["page"].object_list) == 2
    late.status = RequestStatus.QUOTED
    late.save()
    QuoteFactory(request=late, valid_until=timezone.localdate())
    today = leader_client.get(URL, {"status": RequestStatus.QUOTED}).context["page"]
    assert [row.quote_lapsed for row in today.object_list] == [False]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        later = list(inbox(season, {"status": RequestStatus.QUOTED}).ordered())
    assert [row[INBOX_COLUMNS.index("quote_lapsed")] for row in later] == [True]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_service_filter_lists_every_service_as_the_form_field_would(language, service):
    """The filter's options come from SQL compiled once: the field's queryset, offered
    services or not, in its order, named in the page's language, the chosen one selected."""
    from django.utils.translation import override

    from services.forms import InboxFilterForm
    from services.models import Service

    ServiceFactory(slug="vieux", name_fr="Ancien <b>", name_en="Former", is_active=False)
    ServiceFactory(slug="neuf", name_fr="Neuf", name_en="")
    with override(language):
        form = InboxFilterForm({"service": str(service.pk)})
        expected = [
            (s.pk, s.name, s.pk == service.pk) for s in form.fields["service"].queryset.all()
        ]
        assert form.service_options() == expected
        assert len(expected) == Service.objects.count() == 3
