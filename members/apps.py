from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from cjs import dashboard, mail, reminders
        from cjs import demo as demo_registry
        from members import (
            capabilities,  # noqa: F401  (registers the app's capabilities)
            demo,
            tasks,
        )
        from members import dashboard as panels
        from members.models import Cooperative
        from members.security import remember_login_time, update_last_login_untracked

        mail.register_sender(Cooperative.load)
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(update_last_login_untracked, dispatch_uid="update_last_login")
        user_logged_in.connect(remember_login_time, dispatch_uid="cjs_remember_login_time")
        dashboard.register(
            dashboard.Panels(
                app=self.name,
                leader=panels.leader_context,
                member=panels.member_context,
                archive=panels.archive_summary,
            )
        )
        demo_registry.register(self.name, demo.seed)
        for name, periodic in tasks.PERIODIC.items():
            reminders.register(name, periodic)
