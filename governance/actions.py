"""Business operations of the governance app. Each validates, locks what it changes, writes
atomically and raises ``DomainError`` with a readable message when a rule refuses.

Who may call them (the chair, the secretary, a capability) is checked by the views through
``governance.access``; the rules of the democracy itself (only members present vote, once each,
quorum before a vote...) are checked here, whoever asks.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from cjs.mail import send_after_commit
from governance.agendas import TEMPLATES
from governance.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Candidate,
    Consultation,
    ConsultationResponse,
    Election,
    Meeting,
    MeetingKind,
    Minutes,
    Motion,
    NamedVote,
    Participation,
    Proxy,
    SecretVote,
    Topic,
    VoteChoice,
)
from governance.queries import (
    default_officers,
    meeting_members,
    meeting_record_data,
    meeting_roster,
    member_ids,
    previous_meeting_to_approve,
)
from governance.rules import (
    Choice,
    MajorityRule,
    RoundOutcome,
    election_round,
    motion_result,
    uncovered_days,
)
from members.models import (
    Committee,
    CommitteeMembership,
    Cooperative,
    Enrolment,
    Role,
    RoleAssignment,
    Season,
    User,
)

_shuffle = random.SystemRandom().shuffle


def _writable(season: Season) -> None:
    if season.is_archived:
        raise DomainError(_("This season is archived: it can no longer be changed."))


def _lock_meeting(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().select_related("season").get(pk=meeting.pk)
    _writable(locked.season)
    return locked


def _not_closed(meeting: Meeting) -> None:
    if meeting.is_closed:
        raise DomainError(_("This meeting is closed: it can no longer be changed."))


def _in_progress(meeting: Meeting) -> None:
    if not meeting.is_in_progress:
        raise DomainError(_("The meeting must be in progress (open it first)."))


# Meetings ---------------------------------------------------------------------------------


def meeting_create(
    *,
    season: Season,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    place: str = "",
    committee: Committee | None = None,
    chair: User | None = None,
    secretary: User | None = None,
    template: str = "",
    by: User,
) -> Meeting:
    """Plan a meeting. Without a chair or a secretary, the holders of the présidence and the
    secrétariat on that day take the seat, if they are members of the meeting. The approval
    of the previous minutes of the same body is added to the agenda when they wait for it."""
    _writable(season)
    if (kind == MeetingKind.COMMITTEE) != (committee is not None):
        raise DomainError(_("A committee meeting needs its committee, and only it does."))
    day = timezone.localtime(starts_at).date()
    if not season.contains(day):
        raise DomainError(_("The meeting must take place during the season."))
    if template and template not in TEMPLATES:
        raise DomainError(_("Unknown agenda template."))
    meeting = Meeting(
        season=season,
        kind=kind,
        committee=committee,
        title=title,
        starts_at=starts_at,
        place=place,
        chair=chair,
        secretary=secretary,
        created_by=by,
    )
    default_chair, default_secretary = default_officers(season=season, day=day, kind=kind)
    convened = set(
        meeting_members(meeting)
        .filter(pk__in=[u.pk for u in (default_chair, default_secretary) if u is not None])
        .values_list("pk", flat=True)
    )
    # The officers of the day take the seats when they belong to the meeting (a committee
    # meeting is chaired by one of its members).
    if chair is None and default_chair is not None and default_chair.pk in convened:
        meeting.chair = default_chair
    if secretary is None and default_secretary is not None and default_secretary.pk in convened:
        meeting.secretary = default_secretary
    _check_officers(meeting)
    with transaction.atomic():
        meeting.save()
        Minutes.objects.create(meeting=meeting)
        _put_minutes_to_approval(meeting)
        if template:
            _apply_template(meeting, TEMPLATES[template])
    return meeting


def _put_minutes_to_approval(meeting: Meeting) -> Motion | None:
    """Put the approval of the previous minutes of the same body first on the agenda, when
    they wait for it. Returns the motion, or None when there is nothing to approve."""
    previous = previous_meeting_to_approve(meeting)
    if previous is None:
        return None
    AgendaItem.objects.filter(meeting=meeting).update(position=F("position") + 1)
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        title=_("Approval of the minutes of the previous meeting"),
    )
    return Motion.objects.create(
        item=item,
        title=_("Approval of the minutes of %(meeting)s") % {"meeting": previous},
        text=_("The minutes of %(meeting)s are approved as they were sent.")
        % {"meeting": previous},
        topic=Topic.MINUTES,
        approves_minutes_of=previous,
    )


def minutes_approval_add(*, meeting: Meeting, by: User) -> Motion:
    """Put the approval of the previous minutes on the agenda of ``meeting`` by hand (when
    the minutes were not ready, or their approval was postponed or rejected)."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _not_closed(meeting)
        motion = _put_minutes_to_approval(meeting)
        if motion is None:
            raise DomainError(_("No previous minutes are waiting for approval."))
    return motion


def _apply_template(meeting: Meeting, template) -> None:
    position = AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("position"))["m"] or 0
    officers = list(Role.objects.filter(is_officer=True).order_by("order", "name"))
    season = meeting.season
    for entry in template.items:
        position += 1
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=str(entry.title),
            description=str(entry.description),
        )
        if entry.motion is not None:
            Motion.objects.create(
                item=item,
                title=str(entry.motion.title),
                text=str(entry.motion.text),
                topic=entry.motion.topic,
                majority=entry.motion.majority,
            )
        if entry.elect_officers:
            for role in officers:
                Election.objects.create(
                    item=item,
                    title=role.name,
                    role=role,
                    seats=1,
                    term_starts_on=meeting.day,
                    term_ends_on=season.ends_on,
                )


def meeting_update(*, meeting: Meeting, fields: dict, by: User) -> Meeting:
    allowed = {"title", "starts_at", "place", "chair", "secretary"}
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _not_closed(meeting)
        for name, value in fields.items():
            if name not in allowed:
                raise ValueError(name)
            setattr(meeting, name, value)
        if not meeting.season.contains(meeting.day):
            raise DomainError(_("The meeting must take place during the season."))
        _check_officers(meeting)
        meeting.save()
    return meeting


def _check_officers(meeting: Meeting) -> None:
    """The chair and the secretary of a meeting are among its members: youth leaders run a
    meeting alongside them (they hold the capabilities) but never chair it nor take its
    minutes, and the chair's casting vote is a member's."""
    members = meeting_members(meeting)
    if meeting.chair is not None and not members.filter(pk=meeting.chair.pk).exists():
        raise DomainError(
            _("%(name)s cannot chair this meeting: the chair is one of its members.")
            % {"name": meeting.chair}
        )
    if meeting.secretary is not None and not members.filter(pk=meeting.secretary.pk).exists():
        raise DomainError(
            _("%(name)s cannot take the minutes: the secretary is one of the meeting's members.")
            % {"name": meeting.secretary}
        )


def meeting_convene(*, meeting: Meeting, by: User) -> int:
    """Email the convocation with the agenda to every member convened who has an address.
    Returns how many emails were queued."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _not_closed(meeting)
        items = list(meeting.items.prefetch_related("motions", "elections"))
        if not items:
            raise DomainError(_("Write the agenda before sending the convocation."))
        recipients = list(meeting_members(meeting).exclude(email="").order_by("pk"))
        link = reverse("governance:meeting_detail", args=[meeting.pk])
        for user in recipients:
            send_after_commit(
                template="governance/convocation",
                to=[user.email],
                context={"meeting": meeting, "items": items, "user": user, "path": link},
            )
        meeting.convened_at = timezone.now()
        meeting.save(update_fields=["convened_at"])
    return len(recipients)


def meeting_open(*, meeting: Meeting, by: User) -> Meeting:
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if not meeting.is_planned:
            raise DomainError(_("Only a planned meeting can be opened."))
        meeting.status = Meeting.Status.IN_PROGRESS
        meeting.opened_at = timezone.now()
        meeting.save(update_fields=["status", "opened_at"])
    return meeting


def meeting_close(*, meeting: Meeting, by: User) -> Meeting:
    """Close the meeting. Motions not voted are postponed; the minutes stay a draft until the
    next meeting approves them: the next planned meeting of the same body gets their approval
    on its agenda."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _in_progress(meeting)
        if meeting.ballots.filter(status=Ballot.Status.OPEN).exists():
            raise DomainError(_("A vote is still open: close it before closing the meeting."))
        _no_tie_waiting(meeting)
        Motion.objects.filter(item__meeting=meeting, status=Motion.Status.DRAFT).update(
            status=Motion.Status.POSTPONED
        )
        # The roster as it stands now is the meeting's record: enrolments and rules may
        # change later, the minutes of this meeting will not.
        meeting.closing_roster = meeting_roster(meeting).snapshot()
        meeting.status = Meeting.Status.CLOSED
        meeting.closed_at = timezone.now()
        meeting.save(update_fields=["status", "closed_at", "closing_roster"])
        # Weekly meetings are planned ahead: the next one of the same body approves these
        # minutes.
        following = (
            Meeting.objects.select_for_update()
            .filter(
                season=meeting.season_id,
                kind=meeting.kind,
                committee=meeting.committee_id,
                status=Meeting.Status.PLANNED,
                starts_at__gt=meeting.starts_at,
            )
            .order_by("starts_at", "pk")
            .first()
        )
        if following is not None:
            _put_minutes_to_approval(following)
    return meeting


# Agenda -----------------------------------------------------------------------------------


def agenda_item_add(*, meeting: Meeting, title: str, description: str = "", by: User) -> AgendaItem:
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _not_closed(meeting)
        last = meeting.items.aggregate(m=Max("position"))["m"] or 0
        return AgendaItem.objects.create(
            meeting=meeting, position=last + 1, title=title, description=description
        )


def agenda_item_update(*, item: AgendaItem, title: str, description: str, by: User) -> AgendaItem:
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting)
        _not_closed(meeting)
        item.title, item.description = title, description
        item.save(update_fields=["title", "description"])
    return item


def agenda_item_move(*, item: AgendaItem, offset: int, by: User) -> None:
    """Swap the item with its neighbour above (-1) or below (+1); positions are renumbered
    1, 2, 3... so that the order is always clean."""
    if offset not in (-1, 1):
        raise ValueError(offset)
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting)
        _not_closed(meeting)
        items = list(meeting.items.order_by("position", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index + offset
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        for position, other in enumerate(items, start=1):
            other.position = position
        AgendaItem.objects.bulk_update(items, ["position"])


def agenda_item_delete(*, item: AgendaItem, by: User) -> None:
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting)
        _not_closed(meeting)
        if (
            Ballot.objects.filter(motion__item=item).exists()
            or Ballot.objects.filter(election__item=item).exists()
        ):
            raise DomainError(_("Votes were held on this item: it stays on the agenda."))
        item.delete()


# Motions ----------------------------------------------------------------------------------


def motion_add(
    *,
    item: AgendaItem,
    title: str,
    text: str,
    proposer: User | None = None,
    majority: str = MajorityRule.SIMPLE,
    topic: str = Topic.GENERAL,
    amends: Motion | None = None,
    by: User,
) -> Motion:
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting)
        _not_closed(meeting)
        original_text = ""
        if amends is not None:
            amends = Motion.objects.select_for_update().get(pk=amends.pk)
            if amends.item_id != item.pk or amends.amends_id is not None:
                raise DomainError(_("An amendment changes a motion of the same item."))
            if amends.status != Motion.Status.DRAFT:
                raise DomainError(_("Only a motion not yet voted can be amended."))
            # What the amendment is about is its motion's topic: the register's rules in
            # force only ever read motions.
            topic, original_text = Topic.GENERAL, amends.text
        return Motion.objects.create(
            item=item,
            title=title,
            text=text,
            original_text=original_text,
            proposer=proposer,
            majority=majority,
            topic=topic,
            amends=amends,
        )


def motion_update(*, motion: Motion, fields: dict, by: User) -> Motion:
    allowed = {"title", "text", "proposer", "majority", "topic"}
    with transaction.atomic():
        meeting = _lock_meeting(motion.item.meeting)
        _not_closed(meeting)
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        if motion.status != Motion.Status.DRAFT:
            raise DomainError(_("This motion was already put to the vote: it cannot change."))
        for name, value in fields.items():
            if name not in allowed:
                raise ValueError(name)
            setattr(motion, name, value)
        if motion.amends_id is not None:
            motion.topic = Topic.GENERAL
        motion.save()
    return motion


def _motion_set_status(motion: Motion, status: str) -> Motion:
    with transaction.atomic():
        meeting = _lock_meeting(motion.item.meeting)
        _not_closed(meeting)
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        if motion.status != Motion.Status.DRAFT:
            raise DomainError(_("Only a motion not yet voted can be withdrawn or postponed."))
        motion.status = status
        motion.save(update_fields=["status"])
        # Amendments follow the motion they change.
        Motion.objects.filter(amends=motion, status=Motion.Status.DRAFT).update(status=status)
    return motion


def motion_withdraw(*, motion: Motion, by: User) -> Motion:
    return _motion_set_status(motion, Motion.Status.WITHDRAWN)


def motion_postpone(*, motion: Motion, by: User) -> Motion:
    return _motion_set_status(motion, Motion.Status.POSTPONED)


def _lock_for_secret_request(meeting: Meeting, by: User) -> Meeting:
    """Any member convened, and only a member, may ask for a secret ballot."""
    meeting = _lock_meeting(meeting)
    _not_closed(meeting)
    if not meeting_members(meeting).filter(pk=by.pk).exists():
        raise DomainError(_("Only a member of the meeting can ask for a secret ballot."))
    return meeting


def motion_request_secret(*, motion: Motion, by: User) -> Motion:
    """Any member convened may ask for a secret ballot before the vote opens; the vote will
    then be secret."""
    with transaction.atomic():
        _lock_for_secret_request(motion.item.meeting, by)
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        if motion.status != Motion.Status.DRAFT:
            raise DomainError(_("The vote has already started."))
        if motion.secret_requested_by_id is None:
            motion.secret_requested_by = by
            motion.save(update_fields=["secret_requested_by"])
    return motion


# Attendance and proxies -------------------------------------------------------------------


def attendance_set(*, meeting: Meeting, user: User, status: str, by: User) -> None:
    """Record a member as present, excused or absent. A member who arrives takes back the
    proxy they had given: they vote themselves."""
    if status not in Attendance.Status.values:
        raise DomainError(_("Unknown attendance."))
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _not_closed(meeting)
        if not meeting_members(meeting).filter(pk=user.pk).exists():
            raise DomainError(_("%(name)s is not a member of this meeting.") % {"name": user})
        Attendance.objects.update_or_create(meeting=meeting, user=user, defaults={"status": status})
        if status == Attendance.Status.PRESENT:
            Proxy.objects.filter(meeting=meeting, giver=user).delete()


def proxy_give(*, meeting: Meeting, giver: User, holder: User, by: User) -> Proxy:
    """``giver`` cannot come and lets ``holder`` vote for them. A member present carries at
    most the number of proxies the rules allow (one by default)."""
    if giver.pk == holder.pk:
        raise DomainError(_("A member cannot carry their own proxy."))
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _not_closed(meeting)
        roster = meeting_roster(meeting)
        members = {m.pk for m in roster.members}
        if giver.pk not in members or holder.pk not in members:
            raise DomainError(_("Both members must be convened to this meeting."))
        if roster.status.get(giver.pk) == Attendance.Status.PRESENT:
            raise DomainError(_("%(name)s is present and votes themselves.") % {"name": giver})
        if any(p.giver_id == holder.pk for p in roster.proxies):
            raise DomainError(
                _("%(name)s gave their own proxy: they cannot carry one.") % {"name": holder}
            )
        carried = next((p for p in roster.proxies if p.holder_id == giver.pk), None)
        if carried is not None:
            # A proxy is not passed on: the vote of the member who trusted the giver would be
            # lost without anyone noticing.
            raise DomainError(
                _(
                    "%(name)s carries the proxy of %(other)s: give it to another member "
                    "present first, or %(other)s's vote would be lost."
                )
                % {"name": giver, "other": carried.giver}
            )
        held = [p for p in roster.proxies if p.holder_id == holder.pk and p.giver_id != giver.pk]
        if len(held) >= roster.rules.max_proxies:
            raise DomainError(
                _("%(name)s already carries %(count)d proxy (the most the rules allow).")
                % {"name": holder, "count": len(held)}
            )
        proxy, _created = Proxy.objects.update_or_create(
            meeting=meeting, giver=giver, defaults={"holder": holder}
        )
        Attendance.objects.update_or_create(
            meeting=meeting, user=giver, defaults={"status": Attendance.Status.EXCUSED}
        )
    return proxy


def proxy_revoke(*, proxy: Proxy, by: User) -> None:
    with transaction.atomic():
        meeting = _lock_meeting(proxy.meeting)
        _not_closed(meeting)
        Proxy.objects.filter(pk=proxy.pk).delete()


# Votes ------------------------------------------------------------------------------------


def _check_quorum(meeting: Meeting) -> None:
    quorum = meeting_roster(meeting).quorum
    if not quorum.reached:
        raise DomainError(
            _(
                "No quorum: %(counted)d members present or represented, %(required)d needed "
                "(%(members)d members). %(missing)d more must arrive before a vote."
            )
            % {
                "counted": quorum.counted,
                "required": quorum.required,
                "members": quorum.members,
                "missing": quorum.missing,
            }
        )


def ballot_open(
    *,
    motion: Motion | None = None,
    election: Election | None = None,
    secret: bool | None = None,
    by: User,
) -> Ballot:
    """Open the vote on a motion, or the next round of an election. The meeting must be in
    progress with its quorum; one vote at a time; amendments are voted before their motion.
    Unless told, an election (a vote about people) is secret and a motion is named; a member's
    request for a secret ballot always wins."""
    if (motion is None) == (election is None):
        raise ValueError("a motion or an election")
    if secret is None:
        secret = election is not None
    item = (motion or election).item
    try:
        with transaction.atomic():
            meeting = _lock_meeting(item.meeting)
            _in_progress(meeting)
            if meeting.ballots.filter(status=Ballot.Status.OPEN).exists():
                raise DomainError(_("Another vote is open: close it first."))
            _no_tie_waiting(meeting)
            _check_quorum(meeting)
            if motion is not None:
                ballot = _open_motion_ballot(meeting, motion, secret)
            else:
                ballot = _open_election_ballot(meeting, election, secret)
    except IntegrityError:
        raise DomainError(_("Another vote was opened at the same moment.")) from None
    return ballot


def _open_motion_ballot(meeting: Meeting, motion: Motion, secret: bool) -> Ballot:
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != Motion.Status.DRAFT:
        raise DomainError(_("This motion is not waiting for a vote."))
    if motion.amendments.filter(status__in=[Motion.Status.DRAFT, Motion.Status.OPEN]).exists():
        raise DomainError(_("Vote on the amendments of this motion first."))
    motion.status = Motion.Status.OPEN
    motion.save(update_fields=["status"])
    return Ballot.objects.create(
        meeting=meeting,
        motion=motion,
        secret=secret or motion.secret_requested_by_id is not None,
    )


def _open_election_ballot(meeting: Meeting, election: Election, secret: bool) -> Ballot:
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status not in (Election.Status.DRAFT, Election.Status.VOTING):
        raise DomainError(_("This election is over."))
    candidates = list(election.candidates.all())
    elected = [c for c in candidates if c.elected]
    last = election.ballots.order_by("-seat", "-round").first()
    if last is None:
        seat, round_, allowed = 1, 1, [c for c in candidates if not c.elected]
    elif last.outcome in (RoundOutcome.TIE, RoundOutcome.NO_MAJORITY):
        runoff = set(last.tally.get("runoff", []))
        seat, round_ = last.seat, last.round + 1
        allowed = [c for c in candidates if c.pk in runoff and not c.elected]
    else:
        seat, round_, allowed = last.seat + 1, 1, [c for c in candidates if not c.elected]
    if not allowed:
        raise DomainError(_("Add at least one candidate before the vote."))
    seats_left = election.seats - len(elected)
    ballot = Ballot.objects.create(
        meeting=meeting,
        election=election,
        seat=seat,
        round=round_,
        secret=secret or election.secret_requested_by_id is not None,
        max_choices=1 if election.method == Election.Method.PER_SEAT else seats_left,
    )
    ballot.candidates.set(allowed)
    if election.status == Election.Status.DRAFT:
        election.status = Election.Status.VOTING
        election.save(update_fields=["status"])
    return ballot


def vote_cast(
    *,
    ballot: Ballot,
    voter: User,
    by: User,
    choice: str | None = None,
    candidates: Iterable[int] = (),
) -> None:
    """``by`` votes for ``voter`` (themselves, or a member whose proxy they carry). Once per
    member and ballot, guaranteed by the database; a named vote may be changed until the vote
    closes, a secret one cannot (nothing links the paper to its voter any more)."""
    candidate_ids = list(dict.fromkeys(int(pk) for pk in candidates))
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("meeting").get(pk=ballot.pk)
        if not ballot.is_open:
            raise DomainError(_("This vote is closed."))
        roster = meeting_roster(ballot.meeting)
        if voter.pk not in {m.pk for m in roster.voters_for(by)}:
            if by.role != User.Role.MEMBER:
                raise DomainError(_("Youth leaders run the meetings but do not vote."))
            if by.pk not in roster.present_ids:
                raise DomainError(_("Only the members present vote (and those they represent)."))
            raise DomainError(_("You do not carry the proxy of %(name)s.") % {"name": voter})
        papers = _papers(ballot, choice, candidate_ids)
        existing = Participation.objects.filter(ballot=ballot, voter=voter).first()
        if existing is None:
            try:
                with transaction.atomic():
                    participation = Participation.objects.create(
                        ballot=ballot, voter=voter, cast_by=by
                    )
            except IntegrityError:
                existing = Participation.objects.get(ballot=ballot, voter=voter)
        if existing is not None:
            if ballot.secret:
                raise DomainError(_("This vote is secret: a ballot once cast cannot change."))
            participation = existing
            participation.votes.all().delete()
            if participation.cast_by_id != by.pk:
                participation.cast_by = by
                participation.save(update_fields=["cast_by"])
        if ballot.secret:
            SecretVote.objects.bulk_create(
                SecretVote(ballot=ballot, choice=c, candidate_id=k) for c, k in papers
            )
        else:
            NamedVote.objects.bulk_create(
                NamedVote(participation=participation, choice=c, candidate_id=k) for c, k in papers
            )


def _papers(ballot: Ballot, choice: str | None, candidate_ids: list[int]) -> list:
    """The (choice, candidate) rows of one paper, validated."""
    if ballot.motion_id is not None:
        if choice not in VoteChoice.values:
            raise DomainError(_("Choose for, against or abstention."))
        return [(choice, None)]
    allowed = set(ballot.candidates.values_list("pk", flat=True))
    if any(pk not in allowed for pk in candidate_ids):
        raise DomainError(_("This name is not a candidate in this round."))
    if len(candidate_ids) > ballot.max_choices:
        raise DomainError(_("Choose at most %(count)d names.") % {"count": ballot.max_choices})
    if not candidate_ids:
        return [(VoteChoice.ABSTAIN, None)]  # a blank paper
    return [(VoteChoice.YES, pk) for pk in candidate_ids]


def ballot_close(*, ballot: Ballot, by: User) -> Ballot:
    """Close the vote, count, and write the result on the motion or the election. A tie the
    chair's casting vote may settle (when the rules give one and the chair is a member of the
    meeting) waits for it: see ``ballot_casting_vote``."""
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("meeting").get(pk=ballot.pk)
        meeting = _lock_meeting(ballot.meeting)
        if not ballot.is_open:
            raise DomainError(_("This vote is already closed."))
        roster = meeting_roster(meeting)
        if ballot.secret:
            rows = list(SecretVote.objects.filter(ballot=ballot).values_list("choice", "candidate"))
            # Shake the ballot box: the papers go back in a random order with new keys.
            SecretVote.objects.filter(ballot=ballot).delete()
            _shuffle(rows)
            SecretVote.objects.bulk_create(
                SecretVote(ballot=ballot, choice=c, candidate_id=k) for c, k in rows
            )
        else:
            rows = list(
                NamedVote.objects.filter(participation__ballot=ballot).values_list(
                    "choice", "candidate"
                )
            )
        ballot.papers = Participation.objects.filter(ballot=ballot).count()
        ballot.status = Ballot.Status.CLOSED
        ballot.closed_at = timezone.now()
        if ballot.motion_id is not None:
            _close_motion(ballot, rows, roster, meeting)
        else:
            _close_election(ballot, rows)
        ballot.save()
    return ballot


def _chair_may_cast(meeting: Meeting, roster) -> bool:
    """The casting vote belongs to the chair of the meeting, when the rules give one and the
    chair is one of its members (a youth leader never decides a vote)."""
    return roster.rules.chair_casting_vote and any(m.pk == meeting.chair_id for m in roster.members)


def _close_motion(ballot: Ballot, rows, roster, meeting: Meeting) -> None:
    counts = Counter(choice for choice, _candidate in rows)
    motion = Motion.objects.select_for_update().get(pk=ballot.motion_id)
    result = motion_result(
        yes=counts[Choice.YES],
        no=counts[Choice.NO],
        abstain=counts[Choice.ABSTAIN],
        voters=max(roster.quorum.voters, ballot.papers),
        rule=MajorityRule(motion.majority),
    )
    ballot.tally = {"yes": result.yes, "no": result.no, "abstain": result.abstain}
    motion.votes_yes, motion.votes_no, motion.votes_abstain = result.yes, result.no, result.abstain
    motion.voters = result.voters
    if result.tie_breakable and _chair_may_cast(meeting, roster):
        # The count is known to all; the chair now settles the tie, knowing it.
        ballot.outcome = Ballot.AWAITING_CASTING_VOTE
        motion.save(update_fields=["votes_yes", "votes_no", "votes_abstain", "voters"])
        return
    _decide_motion(ballot, motion, result)


def _decide_motion(ballot: Ballot, motion: Motion, result) -> None:
    ballot.outcome = "adopted" if result.adopted else "rejected"
    motion.casting_vote = result.casting_vote or ""
    motion.status = Motion.Status.ADOPTED if result.adopted else Motion.Status.REJECTED
    motion.decided_at = timezone.now()
    motion.save()
    if result.adopted and motion.amends_id is not None:
        _amendment_merge(motion)
    if result.adopted and motion.topic == Topic.MINUTES and motion.approves_minutes_of_id:
        _minutes_approve(motion, motion.decided_at)


def _amendment_merge(amendment: Motion) -> None:
    """An adopted amendment becomes its motion's text, unless that text changed since the
    amendment was written (then a planner rewrites the motion: the meeting page says so)."""
    Motion.objects.filter(
        pk=amendment.amends_id, status=Motion.Status.DRAFT, text=amendment.original_text
    ).update(text=amendment.text)


def _minutes_approve(motion: Motion, when: dt.datetime) -> None:
    """The minutes ``motion`` approves become final: their whole record is kept as data, so
    that nothing changed later (names, enrolments, rules) can alter them."""
    minutes, _created = Minutes.objects.select_for_update().get_or_create(
        meeting_id=motion.approves_minutes_of_id
    )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_by = motion
    minutes.approved_at = when
    minutes.record = meeting_record_data(
        minutes.meeting, cooperative_name=Cooperative.load().name, minutes=minutes
    )
    minutes.save(update_fields=["status", "approved_by", "approved_at", "record", "updated_at"])


def ballot_casting_vote(*, ballot: Ballot, choice: str, by: User) -> Ballot:
    """The chair settles the tie of a closed vote, for or against."""
    if choice not in (Choice.YES, Choice.NO):
        raise DomainError(_("The casting vote is for or against."))
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("meeting").get(pk=ballot.pk)
        meeting = _lock_meeting(ballot.meeting)
        if not ballot.awaits_casting_vote:
            raise DomainError(_("This vote does not wait for a casting vote."))
        if by.pk != meeting.chair_id or not _chair_may_cast(meeting, meeting_roster(meeting)):
            raise DomainError(_("Only the chair of the meeting, a member, gives the casting vote."))
        motion = Motion.objects.select_for_update().get(pk=ballot.motion_id)
        _decide_motion(ballot, motion, motion.verdict(casting_vote=choice))
        ballot.save(update_fields=["outcome"])
    return ballot


def _no_tie_waiting(meeting: Meeting) -> None:
    waiting = (
        Ballot.objects.filter(meeting=meeting, outcome=Ballot.AWAITING_CASTING_VOTE)
        .select_related("motion")
        .first()
    )
    if waiting is not None:
        raise DomainError(
            _("The vote on “%(motion)s” is a tie: the chair must give the casting vote first.")
            % {"motion": waiting.motion}
        )


def _close_election(ballot: Ballot, rows) -> None:
    election = Election.objects.select_for_update().get(pk=ballot.election_id)
    allowed = list(ballot.candidates.values_list("pk", flat=True))
    votes = Counter(candidate for _choice, candidate in rows if candidate is not None)
    counts = {pk: votes.get(pk, 0) for pk in allowed}
    already = election.candidates.filter(elected=True).count()
    seats = 1 if election.method == Election.Method.PER_SEAT else election.seats - already
    ballot.blank = sum(1 for _choice, candidate in rows if candidate is None)
    outcome = election_round(
        votes=counts,
        seats=seats,
        papers=ballot.papers,
        blank=ballot.blank,
        absolute_majority=ballot.round == 1 and election.absolute_majority_first_round,
    )
    ballot.tally = {
        "votes": {str(pk): count for pk, count in counts.items()},
        "elected": list(outcome.elected),
        "runoff": list(outcome.runoff),
    }
    ballot.outcome = outcome.outcome
    Candidate.objects.filter(pk__in=outcome.elected).update(
        elected=True, elected_round=ballot.round
    )
    filled = already + len(outcome.elected)
    if outcome.outcome in (RoundOutcome.TIE, RoundOutcome.NO_MAJORITY):
        return
    if (
        election.method == Election.Method.PER_SEAT
        and outcome.outcome == RoundOutcome.DECIDED
        and filled < election.seats
        and election.candidates.filter(elected=False).exists()
    ):
        return  # the next seat
    election.status = Election.Status.DECIDED
    election.save(update_fields=["status"])


# Elections --------------------------------------------------------------------------------


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
        meeting = _lock_meeting(item.meeting)
        _not_closed(meeting)
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
        meeting = _lock_meeting(election.item.meeting)
        _not_closed(meeting)
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status != Election.Status.DRAFT:
            raise DomainError(_("Candidacies are closed: the vote has started."))
        if not meeting_members(meeting).filter(pk=user.pk).exists():
            raise DomainError(_("Only a member of the meeting can stand."))
        candidate, _created = Candidate.objects.get_or_create(election=election, user=user)
    return candidate


def candidate_remove(*, candidate: Candidate, by: User) -> None:
    with transaction.atomic():
        meeting = _lock_meeting(candidate.election.item.meeting)
        _not_closed(meeting)
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


# Minutes ----------------------------------------------------------------------------------


def _minutes_editable(meeting: Meeting) -> Minutes:
    minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.status == Minutes.Status.APPROVED:
        raise DomainError(_("These minutes are approved: they can no longer change."))
    return minutes


def minutes_item_notes_save(*, item: AgendaItem, notes: str, by: User) -> AgendaItem:
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting)
        _minutes_editable(meeting)
        AgendaItem.objects.filter(pk=item.pk).update(notes=notes)
        item.notes = notes
    return item


def minutes_update(
    *,
    meeting: Meeting,
    introduction: str | None = None,
    other_business: str | None = None,
    by: User,
) -> Minutes:
    """Save the free parts of the minutes; a part not given stays as it is."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        minutes = _minutes_editable(meeting)
        if introduction is not None:
            minutes.introduction = introduction
        if other_business is not None:
            minutes.other_business = other_business
        minutes.save(update_fields=["introduction", "other_business", "updated_at"])
    return minutes


# Consultations ----------------------------------------------------------------------------


def consultation_create(
    *, season: Season, title: str, details: str, closes_at: dt.datetime, by: User
) -> Consultation:
    """Ask every member; those with an email are told at once."""
    _writable(season)
    if closes_at <= timezone.now():
        raise DomainError(_("The closing date must be in the future."))
    with transaction.atomic():
        consultation = Consultation.objects.create(
            season=season, title=title, details=details, closes_at=closes_at, created_by=by
        )
        recipients = User.objects.filter(
            pk__in=Enrolment.objects.filter(season=season).active().values("user_id"),
            role=User.Role.MEMBER,
        ).exclude(email="")
        link = reverse("governance:consultation_detail", args=[consultation.pk])
        for user in recipients:
            send_after_commit(
                template="governance/consultation",
                to=[user.email],
                context={"consultation": consultation, "user": user, "path": link},
            )
    return consultation


def consultation_respond(
    *, consultation: Consultation, user: User, choice: str, reason: str = ""
) -> ConsultationResponse:
    if choice not in VoteChoice.values:
        raise DomainError(_("Choose for, against or abstention."))
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update()
            .select_related("season")
            .get(pk=consultation.pk)
        )
        _writable(consultation.season)
        if not consultation.is_open():
            raise DomainError(_("This consultation is closed."))
        enrolled = member_ids(
            season=consultation.season,
            kind=MeetingKind.BOARD,
            committee_id=None,
            day=timezone.localdate(),
        )
        if not User.objects.filter(pk=user.pk, pk__in=enrolled).exists():
            raise DomainError(_("Only the members of the season take part."))
        response, _created = ConsultationResponse.objects.update_or_create(
            consultation=consultation, user=user, defaults={"choice": choice, "reason": reason}
        )
    return response


def consultation_conclude(
    *, consultation: Consultation, outcome: str, adopted: bool | None, by: User
) -> Consultation:
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update()
            .select_related("season")
            .get(pk=consultation.pk)
        )
        _writable(consultation.season)
        if consultation.is_open():
            raise DomainError(_("Wait for the consultation to close before its outcome."))
        if not outcome.strip():
            raise DomainError(_("Write the outcome statement."))
        consultation.outcome = outcome.strip()
        consultation.outcome_adopted = adopted
        consultation.outcome_by = by
        consultation.outcome_at = timezone.now()
        consultation.save()
    return consultation


def consultation_close_now(*, consultation: Consultation, by: User) -> Consultation:
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update()
            .select_related("season")
            .get(pk=consultation.pk)
        )
        _writable(consultation.season)
        if consultation.is_open():
            consultation.closes_at = timezone.now()
            consultation.save(update_fields=["closes_at"])
    return consultation
