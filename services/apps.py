from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def ready(self) -> None:
        from cjs import dashboard
        from members.portfolio import ActivitySource, register_activity_source
        from members.signals import member_leaving, member_left, season_started
        from members.work_records import WorkRecords, register_work_records
        from services import capabilities  # noqa: F401  (registers the app's capabilities)
        from services import dashboard as panels
        from services.queries import attestation_jobs, hours_subquery

        register_activity_source(
            ActivitySource(model="services.Job", label=_("Job"), choices=_jobs_worked)
        )
        register_work_records(
            WorkRecords(hours_subquery=hours_subquery, attestation_jobs=attestation_jobs)
        )
        member_leaving.connect(_release_seats, dispatch_uid="services.release_seats")
        season_started.connect(_carry_over_requests, dispatch_uid="services.carry_over")
        member_left.connect(_check_seats, dispatch_uid="services.check_seats")
        dashboard.register(
            dashboard.Panels(
                app=self.name,
                leader=panels.leader_context,
                member=panels.member_context,
                archive=panels.archive_summary,
            )
        )


def _release_seats(sender, *, user, on, by, **kwargs) -> None:
    from services.staffing import member_claims_release

    member_claims_release(member=user, after=on, by=by)


def _carry_over_requests(sender, *, season, previous, **kwargs) -> None:
    """Requests still waiting for an answer, a quote or a plan when a new season starts
    (residents write off-season too) move into it instead of freezing in the archive."""
    if previous is None:
        return
    from services.models import RequestStatus, ServiceRequest

    ServiceRequest.objects.filter(
        season=previous,
        status__in=(RequestStatus.NEW, RequestStatus.QUOTED, RequestStatus.ACCEPTED),
    ).update(season=season)


def _check_seats(sender, *, user, on, **kwargs) -> None:
    from services.staffing import member_claims_check

    member_claims_check(member=user, after=on)


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
