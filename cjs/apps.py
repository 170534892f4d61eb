from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CjsConfig(AppConfig):
    name = "cjs"
    verbose_name = _("Cooperative site")
    default = True

    def ready(self) -> None:
        from cjs import admin_records  # noqa: F401  (registers the emails and reminders)


class CJSAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that lets leaders in."""

    default = False
    default_site = "cjs.admin.CJSAdminSite"
