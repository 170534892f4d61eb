from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self) -> None:
        from members.portfolio import ActivitySource, register_activity_source
        from services import capabilities  # noqa: F401  (registers the app's capabilities)

        register_activity_source(
            ActivitySource(model="services.Job", label=_("Job"), choices=_jobs_worked)
        )


def _jobs_worked(user, season):
    """The jobs a member was on this season and that have started (for the portfolio)."""
    from django.utils import timezone

    from services.models import ClaimStatus, Job, JobStatus

    return (
        Job.objects.filter(
            season=season,
            claims__member=user,
            claims__status__in=(ClaimStatus.APPROVED,),
            date__lte=timezone.localdate(),
        )
        .exclude(status=JobStatus.CANCELLED)
        .select_related("service")
        .distinct()
        .order_by("-date", "-starts_at")
    )
