"""Meetings and their agenda: plan, convene, open, close; add, change, move, remove items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cjs.errors import DomainError
from cjs.i18n import in_every_language, one_text
from cjs.mail import enqueue
from governance.actions.common import (
    _in_progress,
    _lock_meeting,
    _lock_open_meeting,
    _no_tie_waiting,
    _writable,
)
from governance.agendas import TEMPLATES
from governance.models import (
    AgendaItem,
    Ballot,
    Election,
    Meeting,
    MeetingKind,
    Minutes,
    Motion,
    Topic,
)
from governance.queries import (
    default_officers,
    meeting_members,
    meeting_roster,
    previous_meeting_to_approve,
)
from members.models import (
    Committee,
    Role,
    Season,
    User,
)


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
        **in_every_language(title=gettext_lazy("Approval of the minutes of the previous meeting")),
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
        meeting = _lock_open_meeting(meeting)
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
        # The template's texts in every language: a reader in English sees the agenda in
        # English whoever planned the meeting.
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            **in_every_language(title=entry.title, description=entry.description),
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
        meeting = _lock_open_meeting(meeting)
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


@dataclass
class Convocation:
    """Who the convocation reached by email, and who it did not, with why: no address, or
    the mail server refused (known once the transaction has committed)."""

    reached: list[User] = field(default_factory=list)
    unreached: list[tuple[User, str]] = field(default_factory=list)

    def _failed(self, user: User) -> None:
        self.reached.remove(user)
        self.unreached.append((user, _("the email could not be sent")))

    def unreached_names(self) -> str:
        return ", ".join(f"{user} ({why})" for user, why in self.unreached)


def meeting_convene(*, meeting: Meeting, by: User) -> Convocation:
    """Email the convocation with the agenda to every member convened, once the transaction
    commits. Returns whom it reached and whom not (no address, or the email failed), so that
    the planner hands them the printable convocation."""
    result = Convocation()
    with transaction.atomic():
        meeting = _lock_open_meeting(meeting)
        items = list(meeting.items.prefetch_related("motions", "elections"))
        if not items:
            raise DomainError(_("Write the agenda before sending the convocation."))
        link = reverse("governance:meeting_detail", args=[meeting.pk])
        for user in meeting_members(meeting).order_by("last_name", "first_name", "pk"):
            if not user.email:
                result.unreached.append((user, _("no email address")))
                continue
            result.reached.append(user)
            mail = {
                "template": "governance/convocation",
                "to": [user.email],
                "context": {"meeting": meeting, "items": items, "user": user, "path": link},
            }
            transaction.on_commit(
                lambda mail=mail, user=user: enqueue(**mail) or result._failed(user)
            )
        meeting.convened_at = timezone.now()
        meeting.save(update_fields=["convened_at"])
    return result


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


def agenda_item_add(*, meeting: Meeting, title: str, description: str = "", by: User) -> AgendaItem:
    with transaction.atomic():
        meeting = _lock_open_meeting(meeting)
        last = meeting.items.aggregate(m=Max("position"))["m"] or 0
        return AgendaItem.objects.create(
            meeting=meeting, position=last + 1, **one_text(title=title, description=description)
        )


def agenda_item_update(*, item: AgendaItem, title: str, description: str, by: User) -> AgendaItem:
    with transaction.atomic():
        _lock_open_meeting(item.meeting)
        # Only a text that changed becomes the one text of every language: a template item
        # whose description alone is rewritten keeps its title in both languages.
        typed = {"title": title, "description": description}
        changed = {name: text for name, text in typed.items() if text != getattr(item, name)}
        columns = one_text(**changed)
        for column, text in columns.items():
            setattr(item, column, text)
        item.save(update_fields=[*changed, *columns])
    return item


def agenda_item_move(*, item: AgendaItem, offset: int, by: User) -> None:
    """Swap the item with its neighbour above (-1) or below (+1); positions are renumbered
    1, 2, 3... so that the order is always clean."""
    if offset not in (-1, 1):
        raise ValueError(offset)
    with transaction.atomic():
        meeting = _lock_open_meeting(item.meeting)
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
        _lock_open_meeting(item.meeting)
        if (
            Ballot.objects.filter(motion__item=item).exists()
            or Ballot.objects.filter(election__item=item).exists()
        ):
            raise DomainError(_("Votes were held on this item: it stays on the agenda."))
        item.delete()
