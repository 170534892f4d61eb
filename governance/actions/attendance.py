"""Attendance and proxies."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from cjs.mail import send_after_commit
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


def proxy_give(
    *, meeting: Meeting, giver: User, holder: User, by: User, giver_asked: bool = False
) -> Proxy:
    """``giver`` cannot come and lets ``holder`` vote for them. A member present carries at
    most the number of proxies the rules allow (one by default). When someone else (the chair,
    the secretary) records it, they confirm that the giver asked for it (``giver_asked``:
    in writing or in person), and the giver is told by email who carries their vote and how
    to take it back: nobody's vote is given away behind their back."""
    if giver.pk == holder.pk:
        raise DomainError(_("A member cannot carry their own proxy."))
    on_behalf = by.pk != giver.pk
    if on_behalf and not giver_asked:
        raise DomainError(
            _(
                "Confirm that %(name)s asked for this proxy (in writing or in person): a "
                "proxy is only recorded at its giver's request."
            )
            % {"name": giver}
        )
    with transaction.atomic():
        meeting = _lock_open_meeting(meeting)
        roster = meeting_roster(meeting)
        members = roster.member_pks
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
            meeting=meeting,
            giver=giver,
            defaults={"holder": holder, "recorded_by": by, "giver_asked": True},
        )
        Attendance.objects.update_or_create(
            meeting=meeting, user=giver, defaults={"status": Attendance.Status.EXCUSED}
        )
        if on_behalf and giver.email:
            send_after_commit(
                template="governance/proxy_recorded",
                to=[giver.email],
                context={
                    "meeting": meeting,
                    "user": giver,
                    "holder": holder,
                    "recorded_by": by,
                    "path": reverse("governance:meeting_detail", args=[meeting.pk]),
                },
            )
    return proxy


def proxy_revoke(*, proxy: Proxy, by: User) -> None:
    with transaction.atomic():
        _lock_open_meeting(proxy.meeting)
        Proxy.objects.filter(pk=proxy.pk).delete()
