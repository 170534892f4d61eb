"""Each member's own space (``/mon-espace/``), and the first-login link."""

from django.urls import path

from members.views import personal_data, space

app_name = "my"

urlpatterns = [
    path("", space.my_profile, name="profile"),
    path("absences/", space.my_absence_add, name="absence_add"),
    path("absences/<int:pk>/supprimer/", space.my_absence_delete, name="absence_delete"),
    path("roles/", space.rotation, name="rotation"),
    path("boite-a-competences/", space.portfolio, name="portfolio"),
    path("boite-a-competences/<int:pk>/", space.portfolio_edit, name="portfolio_edit"),
    path(
        "boite-a-competences/<int:pk>/supprimer/",
        space.portfolio_delete,
        name="portfolio_delete",
    ),
    path("attestation/", space.my_attestation, name="attestation"),
    path("attestation.pdf", space.my_attestation_pdf, name="attestation_pdf"),
    path("mes-donnees/", personal_data.my_data, name="data"),
    path("mes-donnees.json", personal_data.my_data, {"as_json": True}, name="data_json"),
    path("bienvenue/<str:token>/", space.first_login, name="first_login"),
]
