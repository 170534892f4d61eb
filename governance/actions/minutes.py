"""The secretary's writing of the minutes."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from governance.actions.common import _lock_meeting
from governance.models import (
    AgendaItem,
    Meeting,
    Minutes,
)
from members.models import (
    User,
)


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
