"""The cooperative's own texts (committees, roles, skills, home page) in French and in
English: seeded in both, shown in the reader's language with French as the fallback, edited
by leaders in both languages side by side."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members import actions
from members.models import Committee, Cooperative, Role, Skill
from tests.factories import (
    EnrolmentFactory,
    MemberFactory,
    MemberSkillFactory,
    PermissionGrantFactory,
    RoleFactory,
    SkillFactory,
)
from tests.members.conftest import make_plan

pytestmark = pytest.mark.django_db


def in_english(client):
    client.cookies["cjs_language"] = "en"
    return client


def test_the_seeded_committees_roles_and_skills_have_an_english_text():
    board = Committee.objects.get(slug="ca")
    assert (board.name_fr, board.name_en) == ("Conseil d'administration", "Board of directors")
    assert Committee.objects.get(slug="finances").duties_en.startswith("Write the quotes\n")
    assert Role.objects.get(slug="secretariat").name_en == "Secretary"
    gardening = Skill.objects.get(slug="jardinage")
    assert (gardening.name_fr, gardening.name_en) == ("Jardinage", "Gardening")
    assert gardening.description_en == "Weeding, planting, trimming low hedges."


def test_a_translated_text_reads_in_the_active_language_and_falls_back_to_french():
    skill = SkillFactory(name="Bricolage", slug="bricolage")
    gardening = Skill.objects.get(slug="jardinage")
    with translation.override("en"):
        assert str(gardening) == "Gardening"
        assert skill.name == "Bricolage"  # no English text yet: the French one
    with translation.override("fr"):
        assert str(gardening) == "Jardinage"


def test_lookups_by_name_and_ordering_still_work_in_both_languages():
    with translation.override("fr"):
        assert Skill.objects.get(name="Jardinage").slug == "jardinage"
        assert list(Skill.objects.values_list("name", flat=True))[:2] == [
            "Jardinage",
            "Tonte de pelouse",
        ]
    with translation.override("en"):
        assert Skill.objects.get(name="Gardening").slug == "jardinage"
        assert list(Skill.objects.values_list("name", flat=True))[:2] == [
            "Gardening",
            "Lawn mowing",
        ]
        officers = Role.objects.filter(is_officer=True).order_by("order", "name")
        assert officers.first().slug == "presidence"


def test_two_skills_may_not_share_a_french_name():
    with pytest.raises(IntegrityError), transaction.atomic():
        Skill.objects.create(name_fr="Jardinage", name_en="Garden work", slug="jardin-2")


def test_the_home_page_reads_the_tagline_and_presentation_in_the_visitors_language(anonymous):
    cooperative = Cooperative.load()
    cooperative.tagline_fr, cooperative.tagline_en = "À votre service", "At your service"
    cooperative.public_description_fr = "Une vraie coopérative."
    cooperative.public_description_en = "A real cooperative."
    cooperative.save()
    french = anonymous.get(reverse("home")).content.decode()
    assert "À votre service" in french and "Une vraie coopérative." in french
    assert "At your service" not in french
    english = in_english(anonymous).get(reverse("home")).content.decode()
    assert "At your service" in english and "A real cooperative." in english
    assert "À votre service" not in english and "Une vraie coopérative." not in english


def test_the_home_page_shows_the_french_text_when_the_english_one_is_empty(anonymous):
    cooperative = Cooperative.load()
    cooperative.tagline_fr, cooperative.tagline_en = "À votre service", None
    cooperative.save()
    assert "À votre service" in in_english(anonymous).get(reverse("home")).content.decode()


def test_the_public_page_form_shows_french_and_english_side_by_side(leader_client):
    html = leader_client.get(reverse("members:public_page_edit")).content.decode()
    assert 'name="tagline_fr"' in html and 'name="tagline_en"' in html
    assert 'name="public_description_fr"' in html and 'name="public_description_en"' in html
    assert "Accroche (français)" in html and "Accroche (anglais)" in html
    english = in_english(leader_client).get(reverse("members:public_page_edit")).content.decode()
    assert "Tagline (French)" in english and "Tagline (English)" in english


def test_a_leader_writes_the_english_tagline_and_english_readers_see_it(leader_client, anonymous):
    response = leader_client.post(
        reverse("members:public_page_edit"),
        {
            "tagline_fr": "Des jeunes à votre service",
            "tagline_en": "Young people at your service",
            "public_description_fr": "Bonjour !",
            "public_description_en": "",
        },
    )
    assert response.status_code == 302
    cooperative = Cooperative.objects.get()
    assert cooperative.public_description_en is None  # empty: the French text shows
    assert "Young people at your service" in in_english(anonymous).get("/").content.decode()
    english = anonymous.get("/").content.decode()
    assert "Bonjour !" in english
    anonymous.cookies["cjs_language"] = "fr"
    assert "Des jeunes à votre service" in anonymous.get("/").content.decode()


def test_a_leader_renames_a_skill_in_english_in_the_back_office(leader_client, leader, season):
    skill = Skill.objects.get(slug="jardinage")
    change = reverse("admin:members_skill_change", args=[skill.pk])
    form = leader_client.get(change).content.decode()
    assert 'name="name_fr"' in form and 'name="name_en"' in form
    assert 'class="form-row field-name_fr field-name_en"' in form  # side by side
    assert "Nom (français)" in form and "Nom (anglais)" in form
    response = leader_client.post(
        change,
        {
            "name_fr": "Jardinage",
            "name_en": "Garden care",
            "slug": "jardinage",
            "description_fr": skill.description_fr,
            "description_en": skill.description_en,
            "order": skill.order,
        },
    )
    assert response.status_code == 302
    member = MemberFactory()
    EnrolmentFactory(season=season, user=member)
    MemberSkillFactory(user=member, skill=skill)
    detail = reverse("members:member_detail", args=[member.pk])
    assert "Garden care" in in_english(leader_client).get(detail).content.decode()
    leader_client.cookies["cjs_language"] = "fr"
    french = leader_client.get(detail).content.decode()
    assert "Jardinage" in french and "Garden care" not in french


def test_a_members_skills_read_in_english_on_their_profile(member_client, member):
    MemberSkillFactory(user=member, skill=Skill.objects.get(slug="peinture"))
    html = in_english(member_client).get(reverse("my:profile")).content.decode()
    assert "Painting" in html and "Peinture" not in html


def test_who_does_what_names_the_roles_and_their_duties_in_english(
    member_client, member, season, leader
):
    role = RoleFactory(
        name="Accueil téléphonique",
        name_en="Phone desk",
        slug="accueil-test",
        duties="Répondre au téléphone",
        duties_en="Answer the phone",
    )
    plan = make_plan(season, [role], [member], leader)
    actions.rotation_publish(plan=plan, today=season.starts_on, by=leader, notify=False)
    english = in_english(member_client).get(reverse("my:rotation")).content.decode()
    assert "Phone desk" in english and "Accueil téléphonique" not in english
    member_client.cookies["cjs_language"] = "fr"
    assert "Accueil téléphonique" in member_client.get(reverse("my:rotation")).content.decode()


def test_a_delegate_sees_the_committee_names_in_english_on_the_delegations_grid(leader_client):
    PermissionGrantFactory(
        capability="edit_public_page", committee=Committee.objects.get(slug="rh")
    )
    html = in_english(leader_client).get(reverse("members:grants_edit")).content.decode()
    assert "Human resources committee" in html and "Comité Ressources humaines" not in html


def test_the_demo_writes_its_home_page_and_weekly_roles_in_both_languages():
    call_command("seed_demo")
    cooperative = Cooperative.objects.get()
    assert cooperative.tagline_fr == "Des jeunes du territoire à votre service cet été"
    assert cooperative.tagline_en == "Young people of the area at your service this summer"
    assert cooperative.public_description_en.startswith("This summer, fifteen young people")
    phone = Role.objects.get(slug="accueil")
    assert (phone.name_fr, phone.name_en) == ("Accueil téléphonique", "Phone desk")
    assert phone.duties_en.startswith("Answer calls and messages")


def _queries(client, url: str, language: str) -> int:
    client.cookies["cjs_language"] = language
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_in_english_read_no_more_queries_than_in_french(
    member_client, member, season, leader
):
    """The English texts are columns of the same rows: no query more, whatever the size."""
    urls = [reverse("home"), reverse("my:profile"), reverse("my:rotation")]
    counts = []
    for size in (1, 4):
        roles = [
            RoleFactory(name=f"Rôle {size}-{n}", name_en=f"Role {size}-{n}", slug=f"r-{size}-{n}")
            for n in range(size)
        ]
        plan = make_plan(season, roles, [member], leader)
        actions.rotation_publish(plan=plan, today=season.starts_on, by=leader, notify=False)
        for skill in Skill.objects.exclude(holders__user=member)[:size]:
            MemberSkillFactory(user=member, skill=skill)
        french = [_queries(member_client, url, "fr") for url in urls]
        assert [_queries(member_client, url, "en") for url in urls] == french
        counts.append(french)
    assert counts[0] == counts[1]
