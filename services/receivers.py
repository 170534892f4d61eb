"""What the services app does when the members app says a member leaves or a season starts
(``members.signals``), and the members' working time kept with the claims, hours and jobs it
sums (``WorkTally``, whatever writes them: an action, the back office, a factory); connected
in ``ServicesConfig.ready``."""

from __future__ import annotations

from services.actions import member_claims_check, member_claims_release, tally_refresh
from services.models import Claim, Job, RequestStatus, ServiceRequest

# The fields whose change moves a member's working time (``services.queries.work_sums``):
# a save restricted to other fields (a reminder's date, a note) leaves the tally alone.
CLAIM_FIELDS = frozenset({"status", "job", "job_id", "member", "member_id"})
TIMESHEET_FIELDS = frozenset({"hours", "validated_at", "claim", "claim_id"})
JOB_FIELDS = frozenset({"status", "starts_at", "ends_at", "season", "season_id"})


def _moves(update_fields, fields: frozenset[str]) -> bool:
    return update_fields is None or not fields.isdisjoint(update_fields)


def claim_saved(sender, *, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or not _moves(update_fields, CLAIM_FIELDS):
        return
    tally_refresh(season_id=instance.job.season_id, member_ids=[instance.member_id])


def claim_deleted(sender, *, instance, **kwargs) -> None:
    season = Job.objects.filter(pk=instance.job_id).values_list("season_id", flat=True).first()
    if season is not None:
        tally_refresh(season_id=season, member_ids=[instance.member_id], create=False)


def timesheet_saved(sender, *, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or not _moves(update_fields, TIMESHEET_FIELDS):
        return
    _timesheet_changed(instance, create=True)


def timesheet_deleted(sender, *, instance, **kwargs) -> None:
    _timesheet_changed(instance, create=False)


def _timesheet_changed(timesheet, *, create: bool) -> None:
    found = Claim.objects.filter(pk=timesheet.claim_id).values_list("job__season_id", "member_id")
    for season, member in found:  # none: the claim is deleted with it (its receiver acts)
        tally_refresh(season_id=season, member_ids=[member], create=create)


def job_saved(sender, *, instance, created=False, raw=False, update_fields=None, **kwargs) -> None:
    """A job's times or status count for every member on it (a new job has nobody yet)."""
    if raw or created or not _moves(update_fields, JOB_FIELDS):
        return
    members = Claim.objects.filter(job_id=instance.pk).values_list("member_id", flat=True)
    tally_refresh(season_id=instance.season_id, member_ids=members)


def release_seats(sender, *, user, on, by, **kwargs) -> None:
    member_claims_release(member=user, after=on, by=by)


def carry_over_requests(sender, *, season, previous, **kwargs) -> None:
    """Requests still waiting for an answer, a quote or a plan when a new season starts
    (residents write off-season too) move into it instead of freezing in the archive."""
    if previous is None:
        return
    ServiceRequest.objects.filter(
        season=previous,
        status__in=(RequestStatus.NEW, RequestStatus.QUOTED, RequestStatus.ACCEPTED),
    ).update(season=season)


def check_seats(sender, *, user, on, **kwargs) -> None:
    member_claims_check(member=user, after=on)
