"""A query compiled once reads its rows afresh each time, converted as the ORM converts them."""

import datetime as dt

import pytest

from cjs.db import CompiledQuery
from members.models import Cooperative, Season
from tests.factories import ArchivedSeasonFactory, SeasonFactory

pytestmark = pytest.mark.django_db


def test_compiled_instances_equal_what_the_orm_reads():
    season = SeasonFactory()
    ArchivedSeasonFactory(year=season.year - 1)
    compiled = CompiledQuery.of(Season.objects.order_by("year"))
    read = compiled.instances()
    expected = list(Season.objects.order_by("year"))
    assert read == expected
    for got, want in zip(read, expected, strict=True):
        for field in Season._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(want, field.attname)
            assert type(getattr(got, field.attname)) is type(getattr(want, field.attname))
    assert read[-1]._state.adding is False and read[-1]._state.db == "default"


def test_compiled_rows_are_converted_like_the_orm_values():
    SeasonFactory(is_demo=True)
    query = Season.objects.values_list("starts_on", "is_demo", "created_at", "year")
    assert CompiledQuery.of(query).rows() == list(query)
    starts_on, is_demo, created_at, _year = CompiledQuery.of(query).rows()[0]
    assert isinstance(starts_on, dt.date) and is_demo is True
    assert isinstance(created_at, dt.datetime) and created_at.tzinfo is not None
    flat = Season.objects.values_list("year", flat=True)
    assert [year for (year,) in CompiledQuery.of(flat).rows()] == list(flat)


def test_rows_reworked_in_python_are_not_compiled():
    # modeltranslation's values_list fills a missing translation from the default language.
    with pytest.raises(TypeError, match="cannot be compiled"):
        CompiledQuery.of(Cooperative.objects.values_list("name"))


def test_a_compiled_query_reads_the_rows_of_the_moment():
    compiled = CompiledQuery.of(Season.objects.values_list("year"))
    assert compiled.rows() == []
    SeasonFactory(year=2031)
    assert compiled.rows() == [(2031,)]


def test_a_partial_model_query_cannot_be_read_as_instances():
    with pytest.raises(ValueError, match="every concrete field"):
        CompiledQuery.of(Season.objects.only("year"))
    with pytest.raises(TypeError):
        CompiledQuery.of(Season.objects.values_list("year")).instances()


def test_the_cooperative_is_created_on_first_use_then_read():
    Cooperative.objects.all().delete()
    created = Cooperative.load()
    assert created.pk == 1 and Cooperative.objects.count() == 1
    Cooperative.objects.filter(pk=1).update(name="CJS Belleville")
    assert Cooperative.load().name == "CJS Belleville"
