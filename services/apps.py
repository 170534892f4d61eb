from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self) -> None:
        from members.portfolio import ActivitySource, register_activity_source
        from members.signals import member_leaving, member_left, season_started
        from services import (
            capabilities,  # noqa: F401  (registers the app's capabilities)
            receivers,
        )
        from services.queries import jobs_worked

        register_activity_source(
            ActivitySource(model="services.Job", label=_("Job"), choices=jobs_worked)
        )
        member_leaving.connect(receivers.release_seats, dispatch_uid="services.release_seats")
        season_started.connect(receivers.carry_over_requests, dispatch_uid="services.carry_over")
        member_left.connect(receivers.check_seats, dispatch_uid="services.check_seats")
