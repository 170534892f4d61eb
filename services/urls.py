from django.urls import path

from services.views import board, catalogue, jobs, personal_data, public, requests, team

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
    path("suivi/<str:token>/mes-donnees/", personal_data.track_data, name="track_data"),
    path(
        "suivi/<str:token>/mes-donnees.json",
        personal_data.track_data_json,
        name="track_data_json",
    ),
    path("confidentialite/", public.privacy, name="privacy"),
    # Leaders and delegated members.
    path("gestion/demandes/", requests.inbox, name="inbox"),
    path("gestion/demandes/<int:pk>/", requests.request_detail, name="request_detail"),
    path("gestion/demandes/<int:pk>/devis/", requests.quote_create, name="quote_create"),
    path("gestion/demandes/<int:pk>/refuser/", requests.request_decline, name="request_decline"),
    path("gestion/demandes/<int:pk>/annuler/", requests.request_cancel, name="request_cancel"),
    path("gestion/demandes/<int:pk>/note/", requests.request_note, name="request_note"),
    path("gestion/demandes/<int:pk>/donnees/", personal_data.resident_data, name="resident_data"),
    path(
        "gestion/demandes/<int:pk>/donnees.json",
        personal_data.resident_data,
        {"as_json": True},
        name="resident_data_json",
    ),
    path(
        "gestion/demandes/<int:pk>/effacer/",
        personal_data.resident_erase,
        name="resident_erase",
    ),
    path("gestion/demandes/<int:pk>/chantiers/nouveau/", jobs.job_create, name="job_create"),
    path("gestion/chantiers/<int:pk>/modifier/", jobs.job_edit, name="job_edit"),
    path("gestion/chantiers/<int:pk>/termine/", jobs.job_done, name="job_done"),
    path("gestion/chantiers/<int:pk>/annuler/", jobs.job_cancel, name="job_cancel"),
    path("gestion/catalogue/", catalogue.catalogue, name="catalogue"),
    # Members: the job board, my jobs, hours, replacements, calendar.
    path("chantiers/", board.job_board, name="job_board"),
    path("chantiers/<int:pk>/", board.job_detail, name="job_detail"),
    path("chantiers/<int:pk>/prendre/", board.job_claim, name="job_claim"),
    path("chantiers/<int:pk>/calendrier.ics", board.job_ics, name="job_ics"),
    path("chantiers/demandes/<int:pk>/retirer/", board.claim_withdraw, name="claim_withdraw"),
    path("mes-chantiers/", board.my_jobs, name="my_jobs"),
    path("mes-chantiers/<int:pk>/heures/", board.hours_log, name="hours_log"),
    path("mes-chantiers/<int:pk>/remplacement/", board.replacement_ask, name="replacement_ask"),
    path(
        "mes-chantiers/calendrier/nouvelle-adresse/",
        board.calendar_reset,
        name="calendar_reset",
    ),
    path("remplacements/<int:pk>/prendre/", board.replacement_take, name="replacement_take"),
    path("remplacements/<int:pk>/annuler/", board.replacement_cancel, name="replacement_cancel"),
    path("calendrier/<str:token>.ics", board.calendar_feed, name="calendar_feed"),
    # Approvers and hours validators.
    path("gestion/equipes/", team.approvals, name="approvals"),
    path("gestion/equipes/accepter/", team.claims_bulk_approve, name="claims_bulk_approve"),
    path("gestion/equipes/<int:pk>/accepter/", team.claim_approve, name="claim_approve"),
    path("gestion/equipes/<int:pk>/refuser/", team.claim_reject, name="claim_reject"),
    path("gestion/chantiers/<int:pk>/equipe/", team.job_team, name="job_team"),
    path("gestion/chantiers/<int:pk>/equipe/ajouter/", team.job_assign, name="job_assign"),
    path(
        "gestion/remplacements/<int:pk>/mettre/",
        team.replacement_assign,
        name="replacement_assign",
    ),
    path("gestion/heures/", team.hours_queue, name="hours_queue"),
    path("gestion/heures/<int:pk>/", team.hours_validate, name="hours_validate"),
    path("gestion/catalogue/nouveau/", catalogue.service_edit, name="service_create"),
    path("gestion/catalogue/<int:pk>/", catalogue.service_edit, name="service_edit"),
]
