"""``cjs.db.UpdateShape`` runs an ``UPDATE`` compiled once: it must change exactly the rows,
to exactly the values, that ``queryset.update(**values)`` changes, for every value of its
ids, an id standing more than once in the SQL included, and the ORM must not build it
again."""

from __future__ import annotations

import pytest
from django.db.models import F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cjs.db import UpdateShape
from services.models import Claim, Job
from tests.factories import ClaimFactory, JobFactory

pytestmark = pytest.mark.django_db


def seats_from_claims(request_id: int, season_id: int):
    """Each job of a request and season: its seats set to its claims' count plus one, its
    notes rewritten (the season's id in the WHERE and in the subquery)."""
    claims = (
        Claim.objects.filter(job=OuterRef("pk"), job__season_id=season_id)
        .order_by()
        .values("job")
        .annotate(n=Sum(Value(1)))
        .values("n")
    )
    jobs = Job.objects.filter(request_id=request_id, season_id=season_id)
    return jobs, {"seats": Coalesce(Subquery(claims), 0) + 1, "notes": Value("recompté")}


def state() -> list[tuple]:
    return list(Job.objects.order_by("pk").values_list("pk", "seats", "notes"))


def test_the_rows_changed_are_those_the_orm_changes_to_the_same_values():
    job = JobFactory(seats=5)
    ClaimFactory.create_batch(2, job=job)
    sibling = JobFactory(request=job.request, season=job.season, seats=5)
    other = JobFactory(seats=5)
    ClaimFactory(job=other)
    shape = UpdateShape(seats_from_claims, 2)

    assert shape.run(job.request_id, job.season_id) == 2
    compiled = state()
    Job.objects.update(seats=5, notes="")
    queryset, values = seats_from_claims(job.request_id, job.season_id)
    assert queryset.update(**values) == 2
    assert compiled == state()
    assert dict((pk, seats) for pk, seats, _notes in compiled) == {
        job.pk: 3,
        sibling.pk: 1,
        other.pk: 5,
    }
    # Another request's jobs: its own rows only.
    assert shape.run(other.request_id, other.season_id) == 1
    assert Job.objects.get(pk=other.pk).seats == 2


def test_the_update_is_built_once_per_process(django_assert_num_queries):
    job = JobFactory(seats=5)
    built = []

    def build(pk):
        built.append(pk)
        return Job.objects.filter(pk=pk), {"seats": F("seats") + 1}

    shape = UpdateShape(build, 1)
    with django_assert_num_queries(2):
        assert shape.run(job.pk) == 1
        assert shape.run(job.pk + 1000) == 0
    with django_assert_num_queries(0):
        assert shape.run(2**63) == 0  # no column holds it: no row, as the ORM answers
    assert len(built) == 1
    assert Job.objects.get(pk=job.pk).seats == 6


def test_an_id_the_sql_does_not_hold_or_the_wrong_count_is_refused():
    job = JobFactory()
    unused = UpdateShape(lambda pk: (Job.objects.all(), {"seats": 1}), 1)
    with pytest.raises(ValueError, match="not found"):
        unused.run(job.pk)
    shape = UpdateShape(lambda pk: (Job.objects.filter(pk=pk), {"seats": 1}), 1)
    with pytest.raises(ValueError, match="1 ids expected"):
        shape.run(job.pk, job.pk)
    assert Job.objects.get(pk=job.pk).seats == job.seats
