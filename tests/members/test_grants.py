from __future__ import annotations

import pytest
from django.urls import reverse

from members.capabilities import EDIT_PUBLIC_PAGE
from members.models import Committee, PermissionGrant, Role

pytestmark = pytest.mark.django_db


def test_leader_delegates_a_capability_to_a_committee_and_a_role(leader_client, leader):
    marketing = Committee.objects.get(slug="marketing")
    secretary = Role.objects.get(slug="secretariat")
    response = leader_client.post(
        reverse("members:grants_edit"),
        {
            "grant": [
                f"{EDIT_PUBLIC_PAGE}:committee:{marketing.pk}",
                f"{EDIT_PUBLIC_PAGE}:role:{secretary.pk}",
            ]
        },
    )
    assert response.status_code == 302
    grants = PermissionGrant.objects.order_by("committee_id")
    assert {(g.committee_id, g.role_id) for g in grants} == {
        (marketing.pk, None),
        (None, secretary.pk),
    }
    assert all(g.granted_by == leader for g in grants)


def test_unticking_withdraws_the_delegation(leader_client):
    marketing = Committee.objects.get(slug="marketing")
    PermissionGrant.objects.create(capability=EDIT_PUBLIC_PAGE, committee=marketing)
    leader_client.post(reverse("members:grants_edit"), {})
    assert not PermissionGrant.objects.exists()


def test_an_unknown_capability_is_refused_and_nothing_changes(leader_client):
    marketing = Committee.objects.get(slug="marketing")
    PermissionGrant.objects.create(capability=EDIT_PUBLIC_PAGE, committee=marketing)
    response = leader_client.post(
        reverse("members:grants_edit"),
        {"grant": [f"launch_rockets:committee:{marketing.pk}"]},
        follow=True,
    )
    assert "Permission inconnue" in response.content.decode()
    assert PermissionGrant.objects.count() == 1


def test_grants_page_shows_the_matrix(leader_client):
    html = leader_client.get(reverse("members:grants_edit")).content.decode()
    assert "Comité Marketing" in html
    assert "Présidence" in html
    assert f'value="{EDIT_PUBLIC_PAGE}:committee:' in html


def test_member_cannot_change_delegations(member_client):
    response = member_client.post(reverse("members:grants_edit"), {})
    assert response.status_code == 403
