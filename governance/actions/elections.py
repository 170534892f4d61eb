"""Elections: candidates, secret ballot request, applying the result to roles and committees."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from governance.actions.common import (
    _lock_for_secret_request,
    _lock_open_meeting,
    _writable,
)
from governance.models import (
    AgendaItem,
    Candidate,
    Election,
)
from governance.queries import (
    meeting_members,
)
from governance.rules import (
    uncovered_days,
)
from members.models import (
    Committee,
    CommitteeMembership,
    Role,
    RoleAssignment,
    Season,
    User,
)


def election_add(
    *,
    item: AgendaItem,
    title: str,
    role: Role | None = None,
    committee: Committee | None = None,
    seats: int = 1,
    method: str = Election.Method.PER_SEAT,
    absolute_majority_first_round: bool = True,
    term_starts_on: dt.date | None = None,
    term_ends_on: dt.date | None = None,
    by: User,
) -> Election:
    if role is not None and committee is not None:
        raise DomainError(_("An election fills a role or a committee, not both."))
    if role is not None and seats != 1:
        raise DomainError(_("A role is held by one member: one seat."))
    with transaction.atomic():
        meeting = _lock_open_meeting(item.meeting)
        starts = term_starts_on or meeting.day
        ends = term_ends_on or meeting.season.ends_on
        if ends < starts:
            raise DomainError(_("The term must end after it starts."))
        return Election.objects.create(
            item=item,
            title=title,
            role=role,
            committee=committee,
            seats=seats,
            method=method,
            absolute_majority_first_round=absolute_majority_first_round,
            term_starts_on=starts,
            term_ends_on=ends,
        )


def candidate_add(*, election: Election, user: User, by: User) -> Candidate:
    with transaction.atomic():
        meeting = _lock_open_meeting(election.item.meeting)
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status != Election.Status.DRAFT:
            raise DomainError(_("Candidacies are closed: the vote has started."))
        if not meeting_members(meeting).filter(pk=user.pk).exists():
            raise DomainError(_("Only a member of the meeting can stand."))
        candidate, _created = Candidate.objects.get_or_create(election=election, user=user)
    return candidate


def candidate_remove(*, candidate: Candidate, by: User) -> None:
    with transaction.atomic():
        _lock_open_meeting(candidate.election.item.meeting)
        election = Election.objects.select_for_update().get(pk=candidate.election_id)
        if election.status != Election.Status.DRAFT:
            raise DomainError(_("Candidacies are closed: the vote has started."))
        candidate.delete()


def election_request_secret(*, election: Election, by: User) -> Election:
    """Any member convened may ask for a secret ballot in an election; its next rounds are
    then secret."""
    with transaction.atomic():
        _lock_for_secret_request(election.item.meeting, by)
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status not in (Election.Status.DRAFT, Election.Status.VOTING):
            raise DomainError(_("This election is over."))
        if election.secret_requested_by_id is None:
            election.secret_requested_by = by
            election.save(update_fields=["secret_requested_by"])
    return election


def election_apply(*, election: Election, by: User) -> int:
    """Give the elected members their role or committee seat for the term, in one go. A role
    holder whose term started before is relieved the day before; a later assignment of the
    role (planned by the rotation) is a conflict a person must settle first. Returns how many
    members' seats changed."""
    with transaction.atomic():
        election = (
            Election.objects.select_for_update(of=("self",))
            .select_related("item__meeting__season", "role", "committee")
            .get(pk=election.pk)
        )
        season = election.item.meeting.season
        _writable(season)
        if election.status == Election.Status.APPLIED:
            raise DomainError(_("This result was already applied."))
        if election.status != Election.Status.DECIDED:
            raise DomainError(_("The election is not decided yet."))
        if election.role_id is None and election.committee_id is None:
            raise DomainError(_("This election fills no role nor committee."))
        elected = list(election.candidates.filter(elected=True).select_related("user"))
        if not elected:
            raise DomainError(_("Nobody was elected."))
        start, end = election.term_starts_on, election.term_ends_on
        if election.role_id is not None:
            rows = RoleAssignment.objects.select_for_update().filter(
                season=season, role=election.role, ends_on__gte=start, starts_on__lte=end
            )
            later = [row for row in rows if row.starts_on >= start]
            if later:
                raise DomainError(
                    _(
                        "%(role)s is already assigned to %(name)s from %(day)s: change that "
                        "assignment first."
                    )
                    % {
                        "role": election.role,
                        "name": later[0].user,
                        "day": later[0].starts_on.strftime("%d/%m"),
                    }
                )
            for row in rows:
                row.ends_on = start - dt.timedelta(days=1)
                row.save(update_fields=["ends_on"])
            RoleAssignment.objects.create(
                season=season,
                role=election.role,
                user=elected[0].user,
                starts_on=start,
                ends_on=end,
            )
            changed = 1
        else:
            changed = _committee_seats_cover(election, elected, season)
        election.status = Election.Status.APPLIED
        election.applied_at = timezone.now()
        election.applied_by = by
        election.save(update_fields=["status", "applied_at", "applied_by"])
    return changed


def _committee_seats_cover(election: Election, elected: list[Candidate], season: Season) -> int:
    """Seat each elected member on the committee for the whole term: the days their present
    seats (a rotation's, say) leave uncovered get a seat of their own. Returns how many
    members gained days on the committee."""
    start, end = election.term_starts_on, election.term_ends_on
    seats: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for row in CommitteeMembership.objects.select_for_update().filter(
        season=season,
        committee=election.committee,
        user__in=[candidate.user_id for candidate in elected],
        ends_on__gte=start,
        starts_on__lte=end,
    ):
        seats.setdefault(row.user_id, []).append((row.starts_on, row.ends_on))
    new_seats = [
        CommitteeMembership(
            season=season,
            committee=election.committee,
            user_id=candidate.user_id,
            starts_on=gap_start,
            ends_on=gap_end,
        )
        for candidate in elected
        for gap_start, gap_end in uncovered_days(start, end, seats.get(candidate.user_id, []))
    ]
    CommitteeMembership.objects.bulk_create(new_seats)
    return len({seat.user_id for seat in new_seats})
