"""The minors' working-time limits of the country preset are the law: a cooperative may make
them stricter, never looser (model validation, database constraint, form error)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from members.models import Cooperative
from tests.factories import TownFactory
from tests.members.test_cooperative_settings import _form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "looser"),
    [
        ("minor_max_hours_per_day", Decimal("9")),
        ("minor_max_hours_per_week", Decimal("36")),
        ("minor_min_daily_rest_hours", 11),
        ("minor_min_consecutive_rest_days", 1),
        ("minor_night_start", dt.time(22, 30)),
        ("minor_night_end", dt.time(5, 30)),
        ("minor_no_public_holidays", False),
        ("minor_break_after_minutes", 300),
        ("minor_break_minutes", 20),
    ],
)
def test_a_limit_looser_than_the_french_law_is_refused_by_the_model_and_the_database(field, looser):
    cooperative = Cooperative.load()
    setattr(cooperative, field, looser)
    with pytest.raises(ValidationError) as refused:
        cooperative.full_clean()
    assert field in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Cooperative.objects.filter(pk=cooperative.pk).update(**{field: looser})


def test_stricter_limits_are_accepted():
    cooperative = Cooperative.load()
    cooperative.minor_max_hours_per_day = Decimal("7")
    cooperative.minor_max_hours_per_week = Decimal("30")
    cooperative.minor_min_daily_rest_hours = 13
    cooperative.minor_night_start = dt.time(21, 0)
    cooperative.minor_night_end = dt.time(7, 0)
    cooperative.full_clean()
    cooperative.save()


def test_quebec_allows_its_own_law_but_not_looser():
    cooperative = Cooperative.load()
    cooperative.country = Cooperative.Country.QUEBEC
    cooperative.apply_country_preset()
    cooperative.full_clean()
    cooperative.save()
    cooperative.minor_max_hours_per_week = Decimal("41")
    with pytest.raises(ValidationError):
        cooperative.full_clean()


def test_the_settings_form_says_which_value_the_law_allows(leader_client):
    cooperative = Cooperative.load()
    town = TownFactory()
    data = _form_data(cooperative, [town], minor_max_hours_per_week="40")
    response = leader_client.post(reverse("members:cooperative_edit"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["minor_max_hours_per_week"]
    assert errors == ["La loi (France) n’autorise pas de valeur moins stricte que 35."]
    cooperative.refresh_from_db()
    assert cooperative.minor_max_hours_per_week == Decimal("35")


def test_switching_to_the_french_preset_resets_looser_quebec_values(leader_client):
    cooperative = Cooperative.load()
    cooperative.country = Cooperative.Country.QUEBEC
    cooperative.apply_country_preset()
    cooperative.save()
    town = TownFactory()
    data = _form_data(
        cooperative,
        [town],
        country="FR",
        currency="EUR",
        minor_max_hours_per_week="40",
        apply_preset="on",
    )
    response = leader_client.post(reverse("members:cooperative_edit"), data)
    assert response.status_code == 302
    cooperative.refresh_from_db()
    assert cooperative.minor_max_hours_per_week == Decimal("35")
