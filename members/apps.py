from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from cjs import access, dashboard, mail, reminders
        from cjs import demo as demo_registry
        from members import (
            capabilities,  # noqa: F401  (registers the app's capabilities)
            demo,
            tasks,
        )
        from members import dashboard as panels
        from members.actions.two_factor import two_factor_device_deleted
        from members.models import Cooperative
        from members.permissions import second_factor_redirect
        from members.security import remember_login_time, update_last_login_untracked

        mail.register_sender(Cooperative.load)
        access.register_minors_data_guard(second_factor_redirect)
        post_delete.connect(
            two_factor_device_deleted, sender=TOTPDevice, dispatch_uid="cjs_two_factor_deleted"
        )
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
