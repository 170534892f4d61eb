from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from cjs import dashboard, reminders
        from cjs import demo as demo_registry
        from governance import (
            capabilities,  # noqa: F401  (registers the app's capabilities)
            demo,
            signals,  # noqa: F401  (SQLite connections zero what they free)
            tasks,
        )
        from governance import dashboard as panels
        from governance.actions.consultations import consultation_reasons_forget
        from governance.queries import meetings_attended
        from governance.queries.personal_data import member_sections
        from members.personal_data import register_member_eraser, register_member_source
        from members.portfolio import ActivitySource, register_activity_source

        # A skills portfolio entry may tell what a member learned at a meeting they attended.
        register_activity_source(
            ActivitySource(
                model="governance.Meeting", label=_("Meeting"), choices=meetings_attended
            )
        )
        register_member_source(member_sections)
        register_member_eraser(consultation_reasons_forget)
        dashboard.register(
            dashboard.Panels(
                app=self.name,
                leader=panels.leader_context,
                member=panels.member_context,
                archive=panels.archive_summary,
            )
        )
        demo_registry.register(self.name, demo.seed)
        for name, reminder in tasks.PERIODIC.items():
            reminders.register(name, reminder)
