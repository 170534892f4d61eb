"""The audit trail of the team decisions: approvals and refusals are kept with their reason,
and hours with their validation, for the leaders' history page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from services import actions
from services.models import Claim, ClaimStatus

pytestmark = pytest.mark.django_db


def test_a_refusal_is_kept_with_its_reason(make_job, member, leader, leader_client):
    claim = actions.job_claim(job=make_job(), member=member)
    actions.claim_reject(claim=claim, by=leader, reason="Équipe déjà prévue.")
    last = Claim.history.filter(id=claim.pk).first()
    assert last.status == ClaimStatus.REJECTED
    assert last.history_change_reason == "Équipe déjà prévue."
    assert last.prev_record.status == ClaimStatus.PENDING

    response = leader_client.get(
        reverse("members:history"), {"kind": "services.claim", "record": claim.pk}
    )
    entry = response.context["entries"][0]
    assert entry.reason == "Équipe déjà prévue."
    assert ("Statut", "en attente de validation", "non retenue") in {
        (c.field, str(c.old), str(c.new)) for c in entry.changes
    }
    assert ("Décidé par", "None", str(leader)) in {
        (c.field, str(c.old), str(c.new)) for c in entry.changes
    }
