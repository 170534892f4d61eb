from django.urls import path

from services.views import catalogue, jobs, public, requests

app_name = "services"

urlpatterns = [
    # Residents (public, French URLs).
    path("demande/", public.request_create, name="request_create"),
    path("demande/envoyee/<str:token>/", public.request_thanks, name="request_thanks"),
    path("suivi/<str:token>/", public.track, name="track"),
    path("suivi/<str:token>/accepter-le-devis/", public.track_accept, name="track_accept"),
    path("suivi/<str:token>/refuser-le-devis/", public.track_decline, name="track_decline"),
    path("suivi/<str:token>/annuler/", public.track_cancel, name="track_cancel"),
    path("suivi/<str:token>/avis/", public.track_rate, name="track_rate"),
    path("confidentialite/", public.privacy, name="privacy"),
    # Leaders and delegated members.
    path("gestion/demandes/", requests.inbox, name="inbox"),
    path("gestion/demandes/<int:pk>/", requests.request_detail, name="request_detail"),
    path("gestion/demandes/<int:pk>/devis/", requests.quote_create, name="quote_create"),
    path("gestion/demandes/<int:pk>/refuser/", requests.request_decline, name="request_decline"),
    path("gestion/demandes/<int:pk>/annuler/", requests.request_cancel, name="request_cancel"),
    path("gestion/demandes/<int:pk>/note/", requests.request_note, name="request_note"),
    path("gestion/demandes/<int:pk>/chantiers/nouveau/", jobs.job_create, name="job_create"),
    path("gestion/chantiers/<int:pk>/modifier/", jobs.job_edit, name="job_edit"),
    path("gestion/chantiers/<int:pk>/termine/", jobs.job_done, name="job_done"),
    path("gestion/chantiers/<int:pk>/annuler/", jobs.job_cancel, name="job_cancel"),
    path("gestion/catalogue/", catalogue.catalogue, name="catalogue"),
    path("gestion/catalogue/nouveau/", catalogue.service_edit, name="service_create"),
    path("gestion/catalogue/<int:pk>/", catalogue.service_edit, name="service_edit"),
]
