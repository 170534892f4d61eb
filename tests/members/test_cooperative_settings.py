from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from members.models import Cooperative, Town
from tests.factories import TownFactory

pytestmark = pytest.mark.django_db


def _form_data(cooperative: Cooperative, towns: list[Town], **changes) -> dict:
    data = {
        "name": cooperative.name,
        "country": cooperative.country,
        "currency": cooperative.currency,
        "contact_email": "contact@example.org",
        "contact_phone": "03 85 00 00 00",
        "default_hourly_rate": "12.50",
        "minor_max_hours_per_day": "8",
        "minor_max_hours_per_week": "35",
        "minor_min_daily_rest_hours": "12",
        "minor_min_consecutive_rest_days": "2",
        "minor_night_start": "22:00",
        "minor_night_end": "06:00",
        "minor_no_public_holidays": "on",
        "minor_break_after_minutes": "270",
        "minor_break_minutes": "30",
        "head_start_enabled": "on",
        "head_start_hours": "2",
        "towns-TOTAL_FORMS": str(len(towns) + 1),
        "towns-INITIAL_FORMS": str(len(towns)),
        "towns-MIN_NUM_FORMS": "0",
        "towns-MAX_NUM_FORMS": "1000",
    }
    for index, town in enumerate(towns):
        data[f"towns-{index}-id"] = str(town.pk)
        data[f"towns-{index}-name"] = town.name
        data[f"towns-{index}-postal_code"] = town.postal_code
    data.update(changes)
    return data


def test_leader_edits_the_cooperative_and_adds_a_town(leader_client):
    cooperative = Cooperative.load()
    town = TownFactory(name="Bourg-les-Saules", postal_code="71140")
    data = _form_data(
        cooperative,
        [town],
        name="CJS du Val",
        **{"towns-1-name": "Vernay-sur-Loue", "towns-1-postal_code": "71 145"},
    )
    response = leader_client.post(reverse("members:cooperative_edit"), data)
    assert response.status_code == 302
    cooperative.refresh_from_db()
    assert cooperative.name == "CJS du Val"
    assert cooperative.default_hourly_rate == Decimal("12.50")
    assert set(Town.objects.values_list("postal_code", flat=True)) == {"71140", "71145"}


def test_quebec_preset_changes_currency_and_minor_limits(leader_client):
    cooperative = Cooperative.load()
    town = TownFactory(name="Gatineau", postal_code="J8X")
    data = _form_data(cooperative, [town], country="QC", apply_preset="on")
    assert leader_client.post(reverse("members:cooperative_edit"), data).status_code == 302
    cooperative.refresh_from_db()
    assert cooperative.currency == "CAD"
    assert cooperative.minor_night_start.hour == 23
    assert cooperative.minor_no_public_holidays is False


def test_removing_the_last_town_is_refused_and_nothing_is_saved(leader_client):
    cooperative = Cooperative.load()
    town = TownFactory(name="Bourg-les-Saules", postal_code="71140")
    data = _form_data(cooperative, [town], name="Nouveau nom", **{"towns-0-DELETE": "on"})
    response = leader_client.post(reverse("members:cooperative_edit"), data, follow=True)
    assert "au moins une commune" in response.content.decode()
    cooperative.refresh_from_db()
    assert cooperative.name != "Nouveau nom"
    assert Town.objects.filter(pk=town.pk).exists()


def test_bad_values_re_render_the_form_with_messages(leader_client):
    cooperative = Cooperative.load()
    town = TownFactory(name="Bourg-les-Saules", postal_code="71140")
    data = _form_data(cooperative, [town], default_hourly_rate="-3", contact_email="pas-un-email")
    response = leader_client.post(reverse("members:cooperative_edit"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "default_hourly_rate" in errors
    assert "contact_email" in errors


def test_territory_matches_french_and_quebec_postal_codes():
    TownFactory(name="Bourg-les-Saules", postal_code="71140")
    TownFactory(name="Gatineau", postal_code="J8X")
    assert Town.objects.serving(" 71140").get().name == "Bourg-les-Saules"
    assert Town.objects.serving("j8x 3b2").get().name == "Gatineau"
    assert not Town.objects.serving("75001").exists()
    assert not Town.objects.serving("").exists()


def test_the_cooperative_is_a_single_record():
    first = Cooperative.load()
    second = Cooperative(name="Autre")
    second.save()
    assert Cooperative.objects.count() == 1
    assert second.pk == first.pk


def test_a_french_cooperative_refuses_postal_codes_that_are_not_five_digits(leader_client):
    cooperative = Cooperative.load()
    town = TownFactory(name="Bourg-les-Saules", postal_code="71140")
    for wrong in ["7114", "711400", "H2X 1Y4", "71A40"]:
        data = _form_data(
            cooperative,
            [town],
            name="Nouveau nom",
            **{"towns-1-name": "Vernay-sur-Loue", "towns-1-postal_code": wrong},
        )
        response = leader_client.post(reverse("members:cooperative_edit"), data)
        assert response.status_code == 200, wrong
        assert "cinq chiffres" in response.content.decode(), wrong
    assert not Town.objects.filter(name="Vernay-sur-Loue").exists()
    cooperative.refresh_from_db()
    assert cooperative.name != "Nouveau nom"


def test_a_quebec_cooperative_takes_canadian_codes_or_their_first_three_characters(
    leader_client,
):
    cooperative = Cooperative.load()
    town = TownFactory(name="Gatineau", postal_code="J8X")
    # The country chosen in the same form decides the format.
    for wrong in ["71140", "D2X", "H2X 1Y", "W2X 1Y4", "H2X 1O4"]:
        data = _form_data(
            cooperative,
            [town],
            country="QC",
            **{"towns-1-name": "Montréal", "towns-1-postal_code": wrong},
        )
        response = leader_client.post(reverse("members:cooperative_edit"), data)
        assert response.status_code == 200, wrong
        assert "H2X 1Y4" in response.content.decode(), wrong
    data = _form_data(
        cooperative,
        [town],
        country="QC",
        **{"towns-1-name": "Montréal", "towns-1-postal_code": "h2x 1y4"},
    )
    assert leader_client.post(reverse("members:cooperative_edit"), data).status_code == 302
    assert set(Town.objects.values_list("postal_code", flat=True)) == {"J8X", "H2X1Y4"}


def test_a_town_listed_twice_gets_a_clear_message(leader_client):
    cooperative = Cooperative.load()
    town = TownFactory(name="Bourg-les-Saules", postal_code="71140")
    TownFactory(name="Vernay-sur-Loue", postal_code="71145")
    data = _form_data(
        cooperative,
        [town],
        **{"towns-1-name": "Vernay-sur-Loue", "towns-1-postal_code": "71 145"},
    )
    response = leader_client.post(reverse("members:cooperative_edit"), data)
    assert response.status_code == 200
    assert "déjà dans la liste avec ce code postal" in response.content.decode()
    assert Town.objects.filter(name="Vernay-sur-Loue").count() == 1


def test_the_back_office_checks_postal_codes_too(leader_client):
    url = reverse("admin:members_town_add")
    refused = leader_client.post(url, {"name": "Vernay-sur-Loue", "postal_code": "7114"})
    assert refused.status_code == 200
    assert "cinq chiffres" in refused.content.decode()
    added = leader_client.post(url, {"name": "Vernay-sur-Loue", "postal_code": "71 145"})
    assert added.status_code == 302
    assert Town.objects.get(name="Vernay-sur-Loue").postal_code == "71145"
    again = leader_client.post(url, {"name": "Vernay-sur-Loue", "postal_code": "71145"})
    assert "déjà dans la liste avec ce code postal" in again.content.decode()
