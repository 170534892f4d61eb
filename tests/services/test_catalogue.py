"""The service catalogue: managed by leaders (or delegates), shown to residents."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from members.models import Skill
from services.capabilities import MANAGE_CATALOGUE
from services.models import Service
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def service_data(**overrides) -> dict:
    return {
        "name_fr": "Lavage de voiture",
        "name_en": "Car washing",
        "description_fr": "Lavage à la main.",
        "description_en": "Hand wash.",
        "pricing": "fixed",
        "hourly_rate": "",
        "fixed_price": "15",
        "skills": [Skill.objects.get(slug="lavage-auto").pk],
        "minimum_age": "",
        "is_active": "on",
        "order": "3",
        **overrides,
    }


def test_a_leader_adds_a_service(leader_client):
    response = leader_client.post(reverse("services:service_create"), service_data())
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.slug == "lavage-de-voiture"
    assert service.fixed_price == Decimal("15")
    assert [s.slug for s in service.skills.all()] == ["lavage-auto"]


def test_a_fixed_price_service_needs_its_price(leader_client):
    response = leader_client.post(reverse("services:service_create"), service_data(fixed_price=""))
    assert "fixed_price" in response.context["form"].errors
    assert not Service.objects.exists()


def test_the_database_refuses_a_fixed_price_service_without_price(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceFactory(pricing="fixed", fixed_price=None)


def test_a_delegated_member_edits_the_catalogue(delegate_client, service):
    client = delegate_client(MANAGE_CATALOGUE)
    assert client.get(reverse("services:catalogue")).status_code == 200
    client.post(
        reverse("services:service_edit", args=[service.pk]),
        service_data(name_fr="Tonte", pricing="hourly", hourly_rate="13", fixed_price=""),
    )
    service.refresh_from_db()
    assert (service.name_fr, service.hourly_rate, service.slug) == ("Tonte", Decimal("13"), "tonte")


def test_the_catalogue_page_follows_the_chosen_order(leader_client):
    ServiceFactory(slug="b", name_fr="B", order=2)
    ServiceFactory(slug="a", name_fr="A", order=3)
    ServiceFactory(slug="c", name_fr="C", order=1)
    services = leader_client.get(reverse("services:catalogue")).context["services"]
    assert [service.slug for service in services] == ["c", "b", "a"]


def test_names_follow_the_language_with_french_as_fallback(service):
    from django.utils import translation

    with translation.override("en"):
        assert service.name == "Lawn mowing"
    with translation.override("fr"):
        assert service.name == "Tonte de pelouse"
    service.name_en = ""
    with translation.override("en"):
        assert service.name == "Tonte de pelouse"


def test_the_home_page_lists_the_offered_services_with_prices(anonymous, service):
    ServiceFactory(slug="lavage", name_fr="Lavage", pricing="fixed", fixed_price=Decimal("15"))
    ServiceFactory(slug="ancien", name_fr="Ramonage", is_active=False)
    default_rate = ServiceFactory(slug="menage", name_fr="Ménage", hourly_rate=None)
    html = anonymous.get(reverse("home")).content.decode()
    assert "Tonte de pelouse" in html
    assert "12,00\xa0€" in html
    assert "15,00\xa0€" in html
    assert "Ramonage" not in html
    assert f"{reverse('services:request_create')}?service=tonte" in html
    assert default_rate.name_fr in html
    anonymous.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = anonymous.get(reverse("home")).content.decode()
    assert "Lawn mowing" in html
    assert "€12.00" in html


def test_the_home_page_links_to_the_request_form(anonymous):
    assert reverse("services:request_create") in anonymous.get(reverse("home")).content.decode()


@pytest.mark.parametrize("size", [3, 20])
def test_the_home_page_runs_a_constant_number_of_queries(
    size, anonymous, django_assert_max_num_queries
):
    ServiceFactory.create_batch(size)
    # cooperative, towns, services
    with django_assert_max_num_queries(4):
        anonymous.get(reverse("home"))


@pytest.mark.parametrize("size", [3, 20])
def test_the_catalogue_page_runs_a_constant_number_of_queries(
    size, leader_client, django_assert_max_num_queries
):
    for service in ServiceFactory.create_batch(size):
        service.skills.set(Skill.objects.all()[:2])
    # session, user, services with counts, their skills, cooperative
    with django_assert_max_num_queries(6):
        assert leader_client.get(reverse("services:catalogue")).status_code == 200
