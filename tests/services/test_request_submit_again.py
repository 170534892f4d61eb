"""``request_submit`` looks for the form's earlier request only when the form cannot be
recorded (its token already used, or a check refusing it): a form sent again still leads to
its request, whatever changed meanwhile, and a new form is still refused."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from cjs.errors import DomainError
from members.models import Season
from services import actions
from services.models import ServiceRequest
from tests.services.conftest import RESIDENT

pytestmark = pytest.mark.django_db


def _submit(season, service, town, form_token):
    return actions.request_submit(
        season=season,
        service=service,
        town=town,
        form_token=form_token,
        fields={**RESIDENT, "wished_from": timezone.localdate() + dt.timedelta(days=2)},
        language="fr",
    )


def test_a_form_sent_again_leads_to_its_request(season, service, towns):
    token = uuid.uuid4()
    first, created = _submit(season, service, towns[0], token)
    assert created
    again, created_again = _submit(season, service, towns[0], token)
    assert (again, created_again) == (first, False)
    assert ServiceRequest.objects.count() == 1


@pytest.mark.parametrize("change", ["service withdrawn", "season archived"])
def test_a_form_sent_again_after_a_change_leads_to_its_request(change, season, service, towns):
    token = uuid.uuid4()
    first, _created = _submit(season, service, towns[0], token)
    if change == "service withdrawn":
        service.is_active = False
        service.save()
    else:
        season.status = Season.Status.ARCHIVED
        season.save()
    assert _submit(season, service, towns[0], token) == (first, False)
    with pytest.raises(DomainError):
        _submit(season, service, towns[0], uuid.uuid4())
    assert ServiceRequest.objects.count() == 1
