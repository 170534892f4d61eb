from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finances")

    def ready(self) -> None:
        from cjs import dashboard, reminders
        from cjs import demo as demo_registry
        from finance import (
            capabilities,  # noqa: F401  (registers the app's capabilities)
            demo,
            tasks,
        )
        from finance import dashboard as panels
        from finance.actions import resident_invoices_forget
        from finance.queries import resident_invoices, tracking_panel
        from services.actions import register_resident_eraser
        from services.queries import register_resident_source
        from services.tracking import TrackingPanel, register_tracking_panel

        demo_registry.register(self.name, demo.seed)
        dashboard.register(
            dashboard.Panels(
                app=self.name, leader=panels.leader_context, member=panels.member_context
            )
        )
        register_tracking_panel(TrackingPanel(app=self.name, render=tracking_panel))
        for name, reminder in tasks.PERIODIC.items():
            reminders.register(name, reminder)
        register_resident_source(resident_invoices)
        register_resident_eraser(resident_invoices_forget)
