from django.urls import path

from members.views import (
    audit,
    cooperative,
    directory,
    grants,
    importing,
    people,
    personal_data,
    portfolio,
    rotation,
    seasons,
    skills,
)

app_name = "members"

urlpatterns = [
    path("cooperative/", cooperative.cooperative_edit, name="cooperative_edit"),
    path("cooperative/page-publique/", cooperative.public_page_edit, name="public_page_edit"),
    path("saisons/", seasons.season_list, name="season_list"),
    path("saisons/nouvelle/", seasons.season_start, name="season_start"),
    path("saisons/<int:year>/consulter/", seasons.season_view, name="season_view"),
    path("delegations/", grants.grants_edit, name="grants_edit"),
    path("historique/", audit.history, name="history"),
    path("securite/", audit.security, name="security"),
    path("securite/<int:pk>/debloquer/", audit.lockout_lift, name="lockout_lift"),
    # Members (leaders)
    path("membres/", directory.directory, name="directory"),
    path("membres/export.csv", directory.directory_export, name="directory_export"),
    path("membres/nouveau/", people.member_create, name="member_create"),
    path("membres/import/", importing.member_import, name="member_import"),
    path("membres/import/modele.csv", importing.import_template, name="import_template"),
    path("membres/identifiants/", people.credentials_sheet, name="credentials_sheet"),
    path("membres/<int:pk>/", people.member_detail, name="member_detail"),
    path("membres/<int:pk>/modifier/", people.member_edit, name="member_edit"),
    path("membres/<int:pk>/lien/", people.first_login_link, name="first_login_link"),
    path("membres/<int:pk>/depart/", people.member_deactivate, name="member_deactivate"),
    path("membres/<int:pk>/retour/", people.member_reactivate, name="member_reactivate"),
    path("membres/<int:pk>/donnees/", personal_data.member_data, name="member_data"),
    path(
        "membres/<int:pk>/donnees.json",
        personal_data.member_data,
        {"as_json": True},
        name="member_data_json",
    ),
    path("membres/<int:pk>/effacer/", personal_data.member_erase, name="member_erase"),
    path("membres/<int:pk>/absences/", people.member_absence_add, name="member_absence_add"),
    path(
        "membres/<int:pk>/absences/<int:absence_pk>/supprimer/",
        people.member_absence_delete,
        name="member_absence_delete",
    ),
    path("membres/<int:pk>/attestation/", portfolio.attestation, name="attestation"),
    path("membres/<int:pk>/attestation.pdf", portfolio.attestation_pdf, name="attestation_pdf"),
    path("competences/", portfolio.portfolio_queue, name="portfolio_queue"),
    path("competences/<int:pk>/confirmer/", portfolio.portfolio_confirm, name="portfolio_confirm"),
    # Declared skills (leaders and the HR committee)
    path("competences-declarees/", skills.skills_queue, name="skills_queue"),
    path("competences-declarees/<int:pk>/confirmer/", skills.skill_confirm, name="skill_confirm"),
    # Rotation (leaders and delegates)
    path("rotation/", rotation.rotation_list, name="rotation_list"),
    path("rotation/nouvelle/", rotation.rotation_create, name="rotation_create"),
    path("rotation/<int:pk>/", rotation.rotation_board, name="rotation_board"),
    path("rotation/<int:pk>/places/<int:seat_pk>/", rotation.seat_set, name="seat_set"),
    path("rotation/<int:pk>/places/<int:seat_pk>/deplacer/", rotation.seat_move, name="seat_move"),
    path("rotation/<int:pk>/placer/", rotation.seat_place, name="seat_place"),
    path("rotation/<int:pk>/echanger/", rotation.seats_swap, name="seats_swap"),
    path("rotation/<int:pk>/replanifier/", rotation.rotation_replan, name="rotation_replan"),
    path("rotation/<int:pk>/accueillir/", rotation.rotation_take_in, name="rotation_take_in"),
    path("rotation/<int:pk>/publier/", rotation.rotation_publish, name="rotation_publish"),
    path("rotation/<int:pk>/supprimer/", rotation.rotation_delete, name="rotation_delete"),
]
