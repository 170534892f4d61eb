"""A query compiled once reads its rows afresh each time, converted as the ORM converts them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext

from cjs.db import CompiledQuery, QueryShape
from members.models import Cooperative, Enrolment, Season
from tests.factories import ArchivedSeasonFactory, EnrolmentFactory, SeasonFactory

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


def test_instances_hold_their_related_objects_annotations_and_only_the_fields_asked():
    enrolment = EnrolmentFactory()
    query = (
        Enrolment.objects.select_related("season", "user")
        .only("left_on", "season__year", "user__username")
        .annotate(doubled=F("season__year") * 2)
    )
    (read,) = CompiledQuery.of(query).instances()
    with CaptureQueriesContext(connection) as queries:
        assert read == enrolment and read.left_on is None
        assert read.season.year == enrolment.season.year
        assert read.user.username == enrolment.user.username
        assert read.doubled == enrolment.season.year * 2
    assert len(queries) == 0  # nothing read lazily
    assert read.get_deferred_fields() == {
        f.attname for f in Enrolment._meta.concrete_fields if f.name not in {"id", "left_on"}
    } - {"season_id", "user_id"}


def test_queries_whose_rows_are_not_their_sql_alone_are_refused():
    with pytest.raises(TypeError):
        CompiledQuery.of(Season.objects.values_list("year")).instances()
    with pytest.raises(TypeError, match="Prefetched"):
        CompiledQuery.of(Season.objects.prefetch_related("enrolments"))


def test_the_cooperative_is_created_on_first_use_then_read():
    Cooperative.objects.all().delete()
    created = Cooperative.load()
    assert created.pk == 1 and Cooperative.objects.count() == 1
    Cooperative.objects.filter(pk=1).update(name="CJS Belleville")
    assert Cooperative.load().name == "CJS Belleville"


def test_a_query_shape_runs_with_each_value_it_is_given():
    first, second = SeasonFactory(year=2031), ArchivedSeasonFactory(year=2030)
    by_pk = QueryShape(lambda pk: Season.objects.filter(pk=pk), int)
    assert by_pk.instances(first.pk) == [first]
    assert by_pk.instances(second.pk) == [second]
    assert by_pk.instances(second.pk + 1000) == []
    assert by_pk.instances(2**70) == []  # no column holds it: no row, no error
    by_status = QueryShape(lambda status: Season.objects.filter(status=status), str)
    assert by_status.instances(second.status) == [second]


def test_a_query_shape_refuses_a_value_it_cannot_place():
    twice = QueryShape(lambda pk: Season.objects.filter(Q(pk=pk) | Q(pk__gt=pk)), int)
    with pytest.raises(ValueError, match="found 2 times"):
        twice.instances(1)

    # A value the ORM transforms (a year into a range of dates) cannot be placed either.
    transformed = QueryShape(lambda year: Season.objects.filter(starts_on__year=year), int)
    with pytest.raises(ValueError):
        transformed.instances(2031)


def test_raw_columns_are_named_as_they_stand_in_a_row(db):
    """``of_columns`` keeps the SELECT's order, which is not always the order asked (a
    translated model's ``values_list``, rewritten by modeltranslation): ``columns`` says
    which is where."""
    from members.models import Skill

    skill = Skill.objects.create(slug="zz-test", name_fr="Essai", name_en="Test", order=3)
    asked = ("pk", "slug", "name_fr", "name_en", "order")
    compiled = CompiledQuery.of_columns(Skill.objects.filter(pk=skill.pk).values_list(*asked))
    assert sorted(compiled.columns) == sorted(asked)
    (row,) = compiled.rows()
    named = dict(zip(compiled.columns, row, strict=True))
    assert named == {
        "pk": skill.pk,
        "slug": "zz-test",
        "name_fr": "Essai",
        "name_en": "Test",
        "order": 3,
    }
