"""The back office is the leaders' (not only superusers'), covers every model of the
cooperative's apps, and logs in through the site's throttled login page."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import TEST_PASSWORD, LeaderFactory

pytestmark = pytest.mark.django_db

# Kept out of the back office on purpose: putting voters next to votes would break the secret
# ballot, and results are read in the app where the rules of each ballot apply. The members'
# working time per season is derived from their claims and hours (which the back office
# shows): an edit there would only be overwritten, or out of step until then.
NOT_IN_ADMIN = {
    "governance.Ballot",
    "governance.Participation",
    "governance.NamedVote",
    "governance.SecretCount",
    "services.WorkTally",
}


def _covered_models() -> set[str]:
    covered = set()
    for model, model_admin in admin.site._registry.items():
        covered.add(model._meta.label)
        covered.update(inline.model._meta.label for inline in model_admin.inlines)
    return covered


def test_every_model_of_the_cooperative_is_in_the_back_office_or_excluded_on_purpose():
    ours = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in {"members", "services", "governance"}
        # The audit trail's tables (django-simple-history) are read on the leaders' history
        # page, where the secret ballot and minors' data rules apply.
        and not hasattr(model, "instance_type")
    }
    missing = ours - _covered_models() - NOT_IN_ADMIN
    assert missing == set()


@pytest.fixture
def plain_leader_client(client):
    """A leader who is neither superuser nor staff, as leaders added from the app are."""
    leader = LeaderFactory(is_staff=False, is_superuser=False)
    client.force_login(leader)
    return client


def test_a_leader_who_is_not_superuser_opens_every_back_office_list_and_form(
    plain_leader_client, season
):
    opened = 0
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"members", "services", "governance"}:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        response = plain_leader_client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert response.status_code == 200, model._meta.label
        opened += 1
        if model_admin.has_add_permission(response.wsgi_request):
            response = plain_leader_client.get(reverse("admin:{}_{}_add".format(*info)))
            assert response.status_code == 200, model._meta.label
    assert opened > 30


def test_the_admin_login_is_the_sites_throttled_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_member_is_refused_the_back_office_without_a_redirect_loop(member_client):
    response = member_client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403


def test_a_leader_logs_in_on_the_site_and_reaches_the_back_office(client):
    leader = LeaderFactory(is_staff=False)
    response = client.post(
        f"{reverse('login')}?next=/admin/",
        {"username": leader.username, "password": TEST_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
