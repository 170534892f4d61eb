"""The audit trail: who changed what, with the old and new values, browsed and filtered by the
leaders on the history page (leaders only: it holds minors' personal data)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Ballot
from members.audit import _shown, tracked_kinds
from members.models import Cooperative, MemberProfile, PermissionGrant
from tests.factories import (
    TEST_PASSWORD,
    CommitteeFactory,
    LeaderFactory,
    MemberFactory,
    PermissionGrantFactory,
)
from tests.members.test_cooperative_settings import _form_data

pytestmark = pytest.mark.django_db

URL = reverse("members:history")


def _change_birth_date(profile: MemberProfile, day: dt.date, by) -> None:
    profile.date_of_birth = day
    profile._history_user = by
    profile.save()


def test_a_leader_sees_who_changed_a_birth_date_with_the_old_and_new_values(
    leader, leader_client, member
):
    profile = member.profile
    old = profile.date_of_birth
    _change_birth_date(profile, dt.date(2010, 3, 14), leader)
    last = profile.history.first()
    assert last.history_user == leader
    assert last.prev_record.date_of_birth == old

    response = leader_client.get(URL, {"kind": "members.memberprofile", "record": profile.pk})
    assert response.status_code == 200
    entry = response.context["entries"][0]
    assert entry.by == leader
    assert entry.action == "~"
    [change] = entry.changes
    assert change.old == old and change.new == dt.date(2010, 3, 14)
    html = response.content.decode()
    assert "14 mars 2010" in html
    assert "Date de naissance" in html


def test_the_cooperative_settings_form_records_the_leader_who_saved_it(leader, leader_client):
    cooperative = Cooperative.load()
    data = _form_data(cooperative, [], minor_max_hours_per_week="30")
    data["towns-TOTAL_FORMS"] = "1"
    data.update({"towns-0-name": "Bourg", "towns-0-postal_code": "71140"})
    assert leader_client.post(reverse("members:cooperative_edit"), data).status_code == 302
    record = cooperative.history.first()
    assert record.history_user == leader
    assert record.history_type == "~"
    assert record.minor_max_hours_per_week == 30


def test_delegations_granted_and_withdrawn_are_both_recorded(leader, leader_client):
    committee = CommitteeFactory()
    grant = PermissionGrantFactory(capability="edit_public_page", committee=committee)
    grant_pk = grant.pk
    grant.delete()
    kinds = [r.history_type for r in PermissionGrant.history.filter(id=grant_pk)]
    assert sorted(kinds) == ["+", "-"]
    response = leader_client.get(URL, {"kind": "members.permissiongrant"})
    assert [e.action for e in response.context["entries"]] == ["-", "+"]


def test_the_trail_does_not_keep_passwords_nor_logins(member):
    member.set_password("Un-nouveau-mot-de-passe")
    member.last_login = timezone.now()
    member.save()
    fields = {f.name for f in member.history.model._meta.get_fields()}
    assert "password" not in fields and "last_login" not in fields


def test_filters_by_person_by_date_and_by_kind(leader, leader_client, member, other_member):
    other_leader = LeaderFactory()
    _change_birth_date(member.profile, dt.date(2009, 1, 2), leader)
    _change_birth_date(other_member.profile, dt.date(2009, 5, 6), other_leader)
    by_leader = leader_client.get(URL, {"changed_by": leader.pk}).context["entries"]
    assert {e.record_id for e in by_leader} == {member.profile.pk}
    profiles = leader_client.get(URL, {"kind": "members.memberprofile"}).context["entries"]
    assert {e.kind.key for e in profiles} == {"members.memberprofile"}
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert not leader_client.get(URL, {"since": tomorrow.isoformat()}).context["entries"]
    today = timezone.localdate().isoformat()
    assert leader_client.get(URL, {"since": today, "until": today}).context["entries"]
    record = leader_client.get(
        URL, {"kind": "members.memberprofile", "record": other_member.profile.pk}
    ).context["entries"]
    assert record[0].by == other_leader


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("member_client", 403), ("delegate_client", 403), ("leader_client", 200)],
)
def test_only_leaders_read_the_history(request, persona, status):
    # The delegate holds a capability (plan_rotation): the trail is never delegated.
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == status


def _grow(count: int, leader) -> None:
    for _ in range(count):
        member = MemberFactory()
        _change_birth_date(member.profile, dt.date(2010, 1, 1), leader)
        PermissionGrantFactory(capability="edit_public_page", committee=CommitteeFactory())


@pytest.mark.parametrize("size", [3, 30])
def test_the_history_page_runs_a_constant_number_of_queries(
    size, leader, leader_client, django_assert_max_num_queries
):
    _grow(size, leader)
    # session, user, the filter's list of people, the page's count and rows (one UNION ALL),
    # then two per kind of record on the page (rows with authors, the rows they follow):
    # users, profiles, grants, committees here; the cooperative and season of the frame.
    with django_assert_max_num_queries(18):
        response = leader_client.get(URL)
    assert response.status_code == 200
    kept = sum(kind.history.objects.count() for kind in tracked_kinds().values())
    assert len(response.context["entries"]) == min(50, kept)
    assert kept > 3 * size


def test_a_login_leaves_no_line_in_the_trail(client, member):
    kept = member.history.count()
    response = client.post(
        reverse("login"), {"username": member.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.last_login is not None
    assert member.history.count() == kept


def test_values_are_shown_in_words(leader, leader_client):
    cooperative = Cooperative.load()
    cooperative.head_start_enabled = True
    cooperative.save()
    cooperative.head_start_enabled = False
    cooperative.country = Cooperative.Country.QUEBEC
    cooperative.apply_country_preset()
    cooperative._history_user = leader
    cooperative.save()
    response = leader_client.get(URL, {"kind": "members.cooperative"})
    changes = {c.field: (str(c.old), str(c.new)) for c in response.context["entries"][0].changes}
    assert changes["Priorité équitable sur les nouveaux chantiers"] == ("oui", "non")
    assert changes["Préréglage du pays"] == ("France", "Québec")


def test_the_history_shows_a_json_value_as_it_is():
    """A ballot's tally is a dict: it has no choice label to look up (it broke the page)."""
    tally = Ballot._meta.get_field("tally")
    assert _shown(tally, {"yes": 2, "no": 1}) == {"yes": 2, "no": 1}
