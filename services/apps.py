from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cjs import dashboard, reminders
        from cjs import demo as demo_registry
        from members import personal_data
        from members.portfolio import ActivitySource, register_activity_source
        from members.signals import member_leaving, member_left, season_started
        from members.work_records import WorkRecords, register_work_records
        from services import (
            actions,
            capabilities,  # noqa: F401  (registers the app's capabilities)
            demo,
            receivers,
            tasks,
        )
        from services import dashboard as panels
        from services.models import Claim, Job, Timesheet
        from services.queries import (
            attestation_jobs,
            hours_subquery,
            jobs_worked,
            member_sections,
            skill_hours_subquery,
        )

        register_activity_source(
            ActivitySource(model="services.Job", label=_("Job"), choices=jobs_worked)
        )
        register_work_records(
            WorkRecords(
                hours_subquery=hours_subquery,
                attestation_jobs=attestation_jobs,
                skill_hours_subquery=skill_hours_subquery,
            )
        )
        personal_data.register_member_source(member_sections)
        personal_data.register_member_eraser(actions.scrub_member)
        personal_data.register_retention(actions.apply_resident_retention)
        member_leaving.connect(receivers.release_seats, dispatch_uid="services.release_seats")
        season_started.connect(receivers.carry_over_requests, dispatch_uid="services.carry_over")
        member_left.connect(receivers.check_seats, dispatch_uid="services.check_seats")
        for model, saved, deleted in (
            (Claim, receivers.claim_saved, receivers.claim_deleted),
            (Timesheet, receivers.timesheet_saved, receivers.timesheet_deleted),
            (Job, receivers.job_saved, None),
        ):
            post_save.connect(saved, sender=model, dispatch_uid=f"services.tally.{saved.__name__}")
            if deleted:
                post_delete.connect(
                    deleted, sender=model, dispatch_uid=f"services.tally.{deleted.__name__}"
                )
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
