"""Attendance and proxies."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from governance.actions.common import _lock_open_meeting
from governance.models import (
    Attendance,
    Meeting,
    Proxy,
)
from governance.queries import (
    meeting_members,
    meeting_roster,
)
from members.models import (
    User,
)


def attendance_set(*, meeting: Meeting, user: User, status: str, by: User) -> None:
    """Record a member as present, excused or absent. A member who arrives takes back the
    proxy they had given: they vote themselves."""
    if status not in Attendance.Status.values:
        raise DomainError(_("Unknown attendance."))
    with transaction.atomic():
        meeting = _lock_open_meeting(meeting)
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
        meeting = _lock_open_meeting(meeting)
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
        _lock_open_meeting(proxy.meeting)
        Proxy.objects.filter(pk=proxy.pk).delete()
