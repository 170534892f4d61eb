"""What the services app does when the members app says a member leaves or a season starts
(``members.signals``); connected in ``ServicesConfig.ready``."""

from __future__ import annotations

from services.actions import member_claims_check, member_claims_release
from services.models import RequestStatus, ServiceRequest


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
