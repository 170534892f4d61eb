from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from cjs import views
from members.views import PasswordChangeView, two_factor
from members.views.accounts import LoginView, PasswordResetView
from members.views.public import home

admin.site.site_header = _("CJS back office")
admin.site.site_title = _("CJS back office")

auth_patterns = [
    path("connexion/", LoginView.as_view(), name="login"),
    path("connexion/code/", two_factor.login_verify, name="login_verify"),
    path("securite/", two_factor.two_factor, name="two_factor"),
    path("securite/activer/", two_factor.two_factor_start, name="two_factor_start"),
    path("securite/confirmer/", two_factor.two_factor_confirm, name="two_factor_confirm"),
    path("securite/desactiver/", two_factor.two_factor_disable, name="two_factor_disable"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "mot-de-passe/oublie/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

handler500 = views.server_error

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("bench/baseline/", views.bench_baseline, name="bench_baseline"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("compte/", include(auth_patterns)),
    path("langue/", login_not_required(set_language), name="set_language"),
    path("gestion/", include("members.urls")),
    path("", include("services.urls")),
    path("mon-espace/", include("members.urls_space")),
    path("vie-democratique/", include("governance.urls")),
    path("finances/", include("finance.urls")),
    path("admin/", admin.site.urls),
]
