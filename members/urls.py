from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("cooperative/", views.cooperative_edit, name="cooperative_edit"),
    path("cooperative/page-publique/", views.public_page_edit, name="public_page_edit"),
    path("saisons/", views.season_list, name="season_list"),
    path("saisons/nouvelle/", views.season_start, name="season_start"),
    path("saisons/<int:year>/consulter/", views.season_view, name="season_view"),
    path("delegations/", views.grants_edit, name="grants_edit"),
]
