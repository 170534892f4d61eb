"""Importing members from a CSV file: preview with every error, then all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Enrolment, MemberSkill, User
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "prenom;nom;date_naissance;telephone;email;responsable_legal;telephone_responsable;competences"
)
GOOD = "\n".join(
    [
        HEADER,
        "Léa;Martin;14/03/2010;06 12 34 56 78;lea@example.org;Sophie Martin;06 98 76 54 32;"
        "Jardinage|Ménage",
        "Hugo;Bernard;2007-01-20;06 11 11 11 11;;;;tonte",
        "",
        "Chloé;Dubois;01/09/2009;;;Karim Dubois;07 00 00 00 00;",
    ]
)


def _upload(client, text: str, encoding: str = "utf-8", name: str = "membres.csv"):
    upload = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    return client.post(reverse("members:member_import"), {"file": upload})


def test_a_right_file_is_previewed_then_imported(leader_client, season):
    preview = _upload(leader_client, GOOD)
    html = preview.content.decode()
    assert "Le fichier est correct : 3 membres sont prêts à être importés." in html
    assert "lea.martin" in html  # the usernames they will get
    assert not User.objects.filter(first_name="Léa").exists()  # nothing yet

    response = leader_client.post(
        reverse("members:member_import"), {"content": preview.context["confirm"]["content"].value()}
    )
    assert "3 membres importés." in response.content.decode()
    lea = User.objects.get(username="lea.martin")
    assert lea.profile.guardian_name == "Sophie Martin"
    assert lea.must_change_password and not lea.has_usable_password()
    assert set(MemberSkill.objects.filter(user=lea).values_list("skill__slug", flat=True)) == {
        "jardinage",
        "menage",
    }
    assert (
        Enrolment.objects.filter(
            season=season, user__username__in=["lea.martin", "hugo.bernard", "chloe.dubois"]
        ).count()
        == 3
    )
    # The next step offers the credentials sheet for exactly these members.
    assert response.content.decode().count('name="members"') == 3


def test_a_file_with_bad_rows_imports_nothing_and_shows_every_error(leader_client, season):
    MemberFactory(first_name="Hugo", last_name="Bernard", profile__date_of_birth="2007-01-20")
    text = "\n".join(
        [
            HEADER,
            "Léa;Martin;14/03/2010;;;;;",  # a minor without guardian
            "Hugo;Bernard;20/01/2007;;;;;",  # already a member
            ";Dubois;31/02/2009;;pas-un-email;;;",  # no first name, no such date, bad email
            "Zoé;Morel;01/01/2008;;;;;plongée",  # unknown skill
            "Ok;Parfait;01/01/2007;;;;;",
            "Ok;Parfait;01/01/2007;;;;;",  # twice in the file
        ]
    )
    response = _upload(leader_client, text)
    html = response.content.decode()
    preview = response.context["preview"]
    assert not preview.is_valid
    errors = {row.line: " ".join(row.errors) for row in preview.rows}
    assert "Obligatoire pour un·e mineur·e." in errors[2]
    assert "Ce membre est déjà inscrit." in errors[3]
    assert "Prénom" in errors[4] and "Date de naissance" in errors[4] and "E-mail" in errors[4]
    assert "Compétence inconnue : plongée." in errors[5]
    assert 6 not in {line for line, text in errors.items() if text}
    assert "Même membre qu’à la ligne 6." in errors[7]
    assert "rien ne sera importé" in html
    assert 'name="content"' not in html  # no import button
    assert not User.objects.filter(last_name__in=["Martin", "Morel", "Parfait"]).exists()


def test_a_confirmation_is_checked_again_and_refused_if_wrong(leader_client, season):
    """The file travels back with the confirmation: it is read and checked again."""
    response = leader_client.post(
        reverse("members:member_import"), {"content": HEADER + "\nLéa;;14/03/2010;;;;;"}
    )
    assert "rien ne sera importé" in response.content.decode()
    assert not User.objects.filter(first_name="Léa").exists()


def test_columns_missing_or_unknown_are_named(leader_client, season):
    html = _upload(leader_client, "prenom;age\nLéa;16").content.decode()
    assert "Colonne inconnue : age." in html
    assert "Colonne manquante : nom." in html
    assert "Colonne manquante : date_naissance." in html


def test_excel_files_with_commas_or_windows_encoding_are_read(leader_client, season):
    text = "Prénom,Nom,Date de naissance\nJérôme,Lefèvre,05/06/2007\n"
    preview = _upload(leader_client, text, encoding="cp1252").context["preview"]
    assert preview.is_valid
    assert preview.rows[0].details.first_name == "Jérôme"


def test_an_empty_file_is_refused(leader_client, season):
    assert "Le fichier ne contient aucun membre." in _upload(leader_client, HEADER).content.decode()


def test_the_model_file_is_a_valid_import(leader_client, season):
    template = leader_client.get(reverse("members:import_template")).content.decode("utf-8-sig")
    preview = _upload(leader_client, template).context["preview"]
    assert preview.is_valid, [row.errors for row in preview.rows]


def test_row_errors_name_the_field_with_the_colon_of_each_language(season):
    from django.utils import translation

    from members.importing import read_members_csv

    text = "\n".join([HEADER, ";Dubois;01/09/2009;;;Karim Dubois;07 00 00 00 00;"])
    with translation.override("en"):
        (row,) = read_members_csv(text).rows
        assert any(error.startswith("First name: ") for error in row.errors), row.errors
    with translation.override("fr"):
        (row,) = read_members_csv(text).rows
        assert any(error.startswith("Prénom : ") for error in row.errors), row.errors


def test_skills_are_found_by_their_french_or_english_name_in_either_language(leader_client, season):
    leader_client.cookies["cjs_language"] = "en"
    text = "\n".join(
        [HEADER, "Léa;Martin;14/03/2010;;;Sophie Martin;06 98 76 54 32;Tonte de pelouse|Housework"]
    )
    preview = _upload(leader_client, text)
    assert "Unknown skill" not in preview.content.decode()
    leader_client.post(
        reverse("members:member_import"), {"content": preview.context["confirm"]["content"].value()}
    )
    lea = User.objects.get(username="lea.martin")
    assert set(MemberSkill.objects.filter(user=lea).values_list("skill__slug", flat=True)) == {
        "tonte",
        "menage",
    }
