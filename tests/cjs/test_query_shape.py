"""``cjs.db.QueryShape`` runs a queryset's SQL compiled once: its rows must be the
instances the queryset itself gives (values converted alike, related objects, annotations),
for every parameter value, and the ORM must not build the query again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat

from cjs.db import QueryShape
from services.models import EventKind, Job, Quote, RequestEvent, ServiceRequest
from tests.factories import JobFactory, QuoteFactory, ServiceRequestFactory


def fields_of(obj) -> dict:
    values = {k: v for k, v in vars(obj).items() if not k.startswith("_")}
    related = {
        name: fields_of(cached) if cached is not None else None
        for name, cached in obj._state.fields_cache.items()
    }
    return {"type": type(obj), "values": values, "related": related, "db": obj._state.db}


def same_rows(compiled: list, queryset) -> bool:
    expected = list(queryset)
    return bool(expected) and [fields_of(o) for o in compiled] == [fields_of(o) for o in expected]


@pytest.fixture
def job(db):
    job = JobFactory(notes="Portail <vert> & chien", hourly_rate=Decimal("12.50"))
    RequestEvent.objects.create(
        request=job.request,
        job=job,
        kind=EventKind.JOB_PLANNED,
        data={"date": "2026-07-01", "amount": "12.50", "names": ["Léa", "Noé"]},
        message="Première\nligne",
    )
    QuoteFactory(request=job.request, valid_until=dt.date(2026, 7, 14))
    return job


def test_rows_are_the_querysets_own_with_their_related_objects(job):
    by_token = QueryShape(
        lambda token: ServiceRequest.objects.select_related("service", "season").filter(
            token=token
        ),
        str,
    )
    token = job.request.token
    assert same_rows(
        by_token.instances(token),
        ServiceRequest.objects.select_related("service", "season").filter(token=token),
    )
    assert by_token.instances("nothing-like-a-token") == []
    other = ServiceRequestFactory()
    assert by_token.instances(other.token)[0].pk == other.pk


def test_converted_values_annotations_and_null_relations_are_read_alike(job):
    def events(request_id):
        return (
            RequestEvent.objects.filter(request_id=request_id)
            .select_related("actor", "job")
            .annotate(label=Concat(F("kind"), Value(" – "), F("message"), output_field=TextField()))
        )

    compiled = QueryShape(events, int)
    rows = compiled.instances(job.request_id)
    assert same_rows(rows, events(job.request_id))
    assert rows[0].data["names"] == ["Léa", "Noé"]
    assert rows[0].actor is None and rows[0].job.hourly_rate == Decimal("12.50")
    assert rows[0].label == "job_planned – Première\nligne"
    assert same_rows(
        QueryShape(lambda pk: Quote.objects.filter(request_id=pk), int).instances(job.request_id),
        Quote.objects.filter(request_id=job.request_id),
    )


def test_the_query_is_built_once_per_process(job, django_assert_num_queries):
    built = []

    def jobs(request_id):
        built.append(request_id)
        return Job.objects.filter(request_id=request_id)

    compiled = QueryShape(jobs, int)
    with django_assert_num_queries(2):
        assert [j.pk for j in compiled.instances(job.request_id)] == [job.pk]
        assert compiled.instances(job.request_id + 1000) == []
    with django_assert_num_queries(0):
        # As the ORM answers: no such row.
        assert compiled.instances(2**63) == compiled.instances(-(2**63) - 1) == []
    assert len(built) == 1


def test_a_parameter_must_be_found_once_and_prefetching_is_refused(job):
    twice = QueryShape(lambda pk: Job.objects.filter(request_id=pk, season_id=pk), int)
    with pytest.raises(ValueError, match="2 times"):
        twice.instances(job.request_id)
    unused = QueryShape(lambda pk: Job.objects.all(), int)
    with pytest.raises(ValueError, match="0 times"):
        unused.instances(job.request_id)
    prefetching = QueryShape(lambda pk: Job.objects.prefetch_related("claims"), int)
    with pytest.raises(TypeError):
        prefetching.instances(job.request_id)
    values = QueryShape(lambda pk: Job.objects.filter(pk=pk).values("pk"), int)
    with pytest.raises(TypeError):
        values.instances(job.pk)
