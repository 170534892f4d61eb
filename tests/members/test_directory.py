"""The leaders' directory, adding and editing members, and their departure."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from members import actions
from members.forms import DirectoryFilterForm
from members.models import (
    CommitteeMembership,
    Enrolment,
    MemberProfile,
    MemberSkill,
    RoleAssignment,
    Skill,
    User,
)
from tests.factories import (
    CommitteeMembershipFactory,
    EnrolmentFactory,
    MemberFactory,
    MemberSkillFactory,
    RoleAssignmentFactory,
    ServiceRequestFactory,
)
from tests.members.conftest import make_plan

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LEADER_URLS = [
    ("members:directory", False),
    ("members:directory_export", False),
    ("members:member_create", False),
    ("members:member_import", False),
    ("members:portfolio_queue", False),
    ("members:member_detail", True),
    ("members:member_edit", True),
    ("members:member_deactivate", True),
    ("members:attestation", True),
]


def _url(name: str, with_member: bool, member) -> str:
    return reverse(name, args=[member.pk]) if with_member else reverse(name)


@pytest.mark.parametrize(("name", "with_member"), LEADER_URLS)
def test_anonymous_is_sent_to_login(anonymous, member, name, with_member):
    response = anonymous.get(_url(name, with_member, member))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "with_member"), LEADER_URLS)
def test_a_resident_with_a_tracking_link_is_sent_to_login(
    client, season, member, name, with_member
):
    """The resident's private link opens their request only, never the members' pages."""
    request = ServiceRequestFactory(season=season)
    assert client.get(reverse("services:track", args=[request.token])).status_code == 200
    response = client.get(_url(name, with_member, member))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


LEADER_POSTS = [
    ("members:credentials_sheet", False),
    ("members:first_login_link", True),
    ("members:member_reactivate", True),
]


@pytest.mark.parametrize(("name", "with_member"), LEADER_POSTS)
def test_the_leaders_actions_refuse_everyone_else(
    anonymous, other_member_client, delegate_client, leader, member, name, with_member
):
    url = _url(name, with_member, member)
    data = {"members": [member.pk]}
    password = member.password
    response = anonymous.post(url, data)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert other_member_client.post(url, data).status_code == 403
    assert delegate_client.post(url, data).status_code == 403
    member.refresh_from_db()
    assert member.password == password and not member.must_change_password


@pytest.mark.parametrize(("name", "with_member"), LEADER_URLS)
def test_members_cannot_open_the_leaders_pages(other_member_client, member, name, with_member):
    assert other_member_client.get(_url(name, with_member, member)).status_code == 403


@pytest.mark.parametrize(("name", "with_member"), LEADER_URLS)
def test_a_delegate_cannot_open_them_either(delegate_client, member, name, with_member):
    """Minors' personal data is never delegated, whatever committee a member sits on."""
    assert delegate_client.get(_url(name, with_member, member)).status_code == 403


@pytest.mark.parametrize(("name", "with_member"), LEADER_URLS)
def test_leaders_open_them(leader_client, member, name, with_member):
    assert leader_client.get(_url(name, with_member, member)).status_code == 200


# --- Directory ---------------------------------------------------------------------------------


@pytest.fixture
def crew(season):
    gardening = Skill.objects.get(slug="jardinage")
    lea = MemberFactory(first_name="Léa", last_name="Martin", profile__minor=True)
    hugo = MemberFactory(first_name="Hugo", last_name="Bernard", profile__not_cleared=True)
    zoe = MemberFactory(first_name="Zoé", last_name="Morel")
    gone = MemberFactory(first_name="Enzo", last_name="Roux", is_active=False)
    for user in (lea, hugo, zoe, gone):
        EnrolmentFactory(season=season, user=user)
    MemberSkillFactory(user=lea, skill=gardening)
    return {"lea": lea, "hugo": hugo, "zoe": zoe, "gone": gone}


def _names(response) -> set[str]:
    html = response.content.decode()
    return {
        name for name in ("Léa Martin", "Hugo Bernard", "Zoé Morel", "Enzo Roux") if name in html
    }


def test_the_directory_lists_active_members_with_age_and_not_cleared(leader_client, crew):
    response = leader_client.get(reverse("members:directory"))
    html = response.content.decode()
    assert _names(response) == {"Léa Martin", "Hugo Bernard", "Zoé Morel"}
    assert "non autorisé·e" in html
    assert html.count("non autorisé·e") == 1  # Hugo only
    assert ">16<" in html  # Léa's age


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "mart"}, {"Léa Martin"}),
        ({"q": "hugo bern"}, {"Hugo Bernard"}),
        ({"skill": "jardinage"}, {"Léa Martin"}),
        ({"status": "not_cleared"}, {"Hugo Bernard"}),
        ({"status": "minors"}, {"Léa Martin", "Hugo Bernard"}),
        ({"status": "adults"}, {"Zoé Morel"}),
        ({"status": "inactive"}, {"Enzo Roux"}),
    ],
)
def test_the_directory_filters(leader_client, crew, query, expected):
    assert _names(leader_client.get(reverse("members:directory"), query)) == expected


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_skill_filter_lists_the_skills_as_the_catalogue_orders_them(language, db):
    """Read as columns (``members.queries.skill_choices``): the same skills, names and order
    as the model instances give, an English name missing falling back to the French."""
    from django.utils import translation

    from members.queries import skill_choices
    from tests.factories import SkillFactory

    SkillFactory(slug="zz-peinture", name_fr="Peinture <b>", name_en="", order=0)
    SkillFactory(slug="aa-repassage", name_fr="Repassage", name_en="Ironing", order=99)
    with translation.override(language):
        expected = [(s.pk, s.slug, s.name) for s in Skill.objects.order_by("order", "name")]
        assert skill_choices() == expected
        form = DirectoryFilterForm({"skill": "aa-repassage"})
        assert form.is_valid() and form.cleaned_data["skill"] == expected[-1][0]
        html = str(form["skill"])
    assert '<option value="zz-peinture">Peinture &lt;b&gt;</option>' in html
    assert '<option value="aa-repassage" selected>' in html
    assert not DirectoryFilterForm({"skill": "nothing-like-it"}).is_valid()
    assert DirectoryFilterForm({"skill": ""}).is_valid()


def test_filtering_with_htmx_returns_only_the_results(leader_client, crew):
    response = leader_client.get(reverse("members:directory"), {"q": "zoé"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="directory-results">')
    assert _names(response) == {"Zoé Morel"}
    full = leader_client.get(reverse("members:directory")).content.decode()
    assert 'data-hx-push-url="true"' in full  # the address keeps the filters


def test_the_csv_export_follows_the_filters(leader_client, crew):
    response = leader_client.get(reverse("members:directory_export"), {"status": "minors"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nom", "Prénom", "Identifiant"]
    assert sorted(row[1] for row in rows[1:]) == ["Hugo", "Léa"]
    hugo = next(row for row in rows if row[1] == "Hugo")
    assert hugo[6] == "non"  # not cleared


def test_the_csv_export_neutralises_formulas(leader_client, season):
    user = MemberFactory(first_name="=HYPERLINK(1)", last_name="Test")
    EnrolmentFactory(season=season, user=user)
    content = leader_client.get(reverse("members:directory_export")).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content


@pytest.mark.parametrize("size", [3, 24])
def test_the_directory_runs_a_constant_number_of_queries(
    size, leader_client, season, roles, django_assert_max_num_queries
):
    skill = Skill.objects.get(slug="menage")
    committee = CommitteeMembershipFactory(season=season).committee
    for index in range(size):
        user = MemberFactory(profile__minor=index % 2 == 0)
        EnrolmentFactory(season=season, user=user)
        MemberSkillFactory(user=user, skill=skill)
        RoleAssignmentFactory(
            season=season,
            user=user,
            role=roles[index % 3],
            starts_on=season.starts_on + dt.timedelta(weeks=index),
            ends_on=season.starts_on + dt.timedelta(weeks=index, days=6),
        )
        CommitteeMembershipFactory(season=season, user=user, committee=committee)
    # session, user, season, cooperative, skills of the filter, members (+ profiles), their
    # skills, roles, committees, enrolments
    with django_assert_max_num_queries(10):
        response = leader_client.get(reverse("members:directory"))
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        leader_client.get(reverse("members:directory_export"))


# --- Adding and editing --------------------------------------------------------------------------


def _member_data(**changes) -> dict:
    data = {
        "first_name": "Jade",
        "last_name": "Garcia",
        "username": "",
        "email": "jade@example.org",
        "phone": "06 11 22 33 44",
        "date_of_birth": "2010-05-04",
        "guardian_name": "Nadia Garcia",
        "guardian_phone": "06 55 44 33 22",
        "guardian_email": "",
        "parental_authorization_received_on": "",
        "emergency_contact_name": "",
        "emergency_contact_phone": "",
        "skills": [],
        "availability": ["0-0", "0-1", "2-0"],
    }
    data.update(changes)
    return data


def test_leader_adds_a_member_enrolled_in_the_season(leader_client, season):
    babysitting = Skill.objects.get(slug="garde-enfants")
    response = leader_client.post(
        reverse("members:member_create"),
        _member_data(
            skills=[babysitting.pk],
            **{f"certificate_{babysitting.pk}": "2027-06-30"},
        ),
    )
    user = User.objects.get(username="jade.garcia")
    assert response.status_code == 302
    assert response.url == reverse("members:member_detail", args=[user.pk])
    assert user.is_member and user.must_change_password and not user.has_usable_password()
    assert Enrolment.objects.filter(season=season, user=user, left_on__isnull=True).exists()
    profile = user.profile
    assert profile.guardian_name == "Nadia Garcia"
    assert profile.is_available_at(0, False) and not profile.is_available_at(1, False)
    assert not user.is_cleared_on(timezone.localdate())  # no authorization yet
    held = MemberSkill.objects.get(user=user)
    assert held.certificate_until == dt.date(2027, 6, 30)


def test_a_minor_needs_a_guardian(leader_client, season):
    response = leader_client.post(
        reverse("members:member_create"), _member_data(guardian_name="", guardian_phone="")
    )
    assert response.status_code == 200
    assert response.content.decode().count("Obligatoire pour un·e mineur·e.") == 2
    assert not User.objects.filter(first_name="Jade").exists()


def test_an_implausible_date_of_birth_is_refused(leader_client, season):
    response = leader_client.post(
        reverse("members:member_create"), _member_data(date_of_birth="2024-01-01")
    )
    assert "Vérifiez la date de naissance" in response.content.decode()


def test_a_username_taken_is_refused(leader_client, season, member):
    response = leader_client.post(
        reverse("members:member_create"), _member_data(username=member.username.upper())
    )
    assert "Cet identifiant est déjà pris." in response.content.decode()


def test_two_members_with_the_same_name_get_different_usernames(leader, season):
    details = actions.MemberDetails(
        first_name="Léa", last_name="Martin", date_of_birth=dt.date(2010, 1, 1)
    )
    first = actions.member_create(details=details, season=season, by=leader)
    second = actions.member_create(
        details=actions.MemberDetails(first_name="Léa", last_name="Martin"),
        season=season,
        by=leader,
    )
    assert (first.username, second.username) == ("lea.martin", "lea.martin2")


def test_leader_edits_everything(leader_client, member):
    response = leader_client.post(
        reverse("members:member_edit", args=[member.pk]),
        _member_data(
            first_name="Léa",
            last_name="Martin",
            username=member.username,
            parental_authorization_received_on=timezone.localdate().isoformat(),
        ),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    profile = MemberProfile.objects.get(user=member)
    assert profile.date_of_birth == dt.date(2010, 5, 4)
    assert member.is_cleared_on(timezone.localdate())


def test_a_future_authorization_date_is_refused(leader_client, member):
    response = leader_client.post(
        reverse("members:member_edit", args=[member.pk]),
        _member_data(
            parental_authorization_received_on=(
                timezone.localdate() + dt.timedelta(days=2)
            ).isoformat()
        ),
    )
    assert "Cette date est dans le futur." in response.content.decode()


def test_leaders_manage_a_members_dates_away_with_htmx(leader_client, member):
    start = timezone.localdate() + dt.timedelta(days=5)
    response = leader_client.post(
        reverse("members:member_absence_add", args=[member.pk]),
        {"starts_on": start.isoformat(), "ends_on": (start + dt.timedelta(days=3)).isoformat()},
        **HTMX,
    )
    assert response.status_code == 200
    assert '<div id="absences">' in response.content.decode()
    absence = member.absences.get()
    leader_client.post(
        reverse("members:member_absence_delete", args=[member.pk, absence.pk]), **HTMX
    )
    assert not member.absences.exists()


# --- Leaving -------------------------------------------------------------------------------------


def test_a_departure_keeps_the_history_and_frees_the_coming_seats(
    leader_client, leader, season, roles, enrolled
):
    today = timezone.localdate()
    plan = make_plan(season, roles, enrolled, leader)
    actions.rotation_publish(plan=plan, today=today, by=leader)
    leaving = enrolled[0]
    past = RoleAssignment.objects.filter(user=leaving, ends_on__lt=today).count()
    future = plan.seats.filter(user=leaving, period_start__gt=today).count()
    assert past and future
    response = leader_client.post(
        reverse("members:member_deactivate", args=[leaving.pk]),
        {"left_on": today.isoformat()},
        follow=True,
    )
    assert f"{future} places de la rotation sont libres" in response.content.decode()
    leaving.refresh_from_db()
    assert not leaving.is_active
    assert Enrolment.objects.get(season=season, user=leaving).left_on == today
    assert RoleAssignment.objects.filter(user=leaving, ends_on__lt=today).count() == past
    assert not RoleAssignment.objects.filter(user=leaving, starts_on__gt=today).exists()
    assert not plan.seats.filter(user=leaving, period_start__gt=today).exists()
    plan.refresh_from_db()
    assert plan.changed_since_publication
    assert not leaving.can_work_on(today)
    # Re-planning fills the freed seats with the others.
    actions.rotation_replan(plan=plan, today=today)
    coming = plan.seats.filter(period_start__gt=today)
    assert not coming.filter(user=leaving).exists()
    assert not coming.filter(user__isnull=True).exists()
    # The way back.
    leader_client.post(reverse("members:member_reactivate", args=[leaving.pk]))
    leaving.refresh_from_db()
    assert leaving.is_active
    assert Enrolment.objects.get(season=season, user=leaving).left_on is None


def test_a_committee_membership_running_is_shortened_on_departure(leader, season, member):
    membership = CommitteeMembershipFactory(season=season, user=member)
    actions.member_deactivate(user=member, on=timezone.localdate(), by=leader)
    membership.refresh_from_db()
    assert membership.ends_on == timezone.localdate()
    assert CommitteeMembership.objects.filter(user=member).exists()


@pytest.mark.parametrize(
    "name",
    ["admin:members_rotationplan_changelist", "admin:members_portfolioentry_changelist"],
)
def test_the_back_office_lists_rotations_and_portfolios(leader_client, plan, name):
    assert leader_client.get(reverse(name)).status_code == 200


def test_the_back_office_shows_a_members_profile(leader_client, member):
    response = leader_client.get(reverse("admin:members_user_change", args=[member.pk]))
    assert response.status_code == 200
    assert "parental_authorization_received_on" in response.content.decode()
