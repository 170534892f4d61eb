"""The skills portfolio: a member's entries, and a leader's confirmation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.actions.seasons import refuse_archived
from members.models import (
    Committee,
    PortfolioEntry,
    Role,
    Season,
    Skill,
    User,
)


@dataclass
class PortfolioDetails:
    happened_on: dt.date
    title: str
    reflection: str
    skill: Skill | None = None
    role: Role | None = None
    committee: Committee | None = None
    activity: object | None = None  # a job, a meeting... (see members.portfolio)


def portfolio_entry_save(
    *, user: User, season: Season, details: PortfolioDetails, entry: PortfolioEntry | None = None
) -> PortfolioEntry:
    """A member adds or changes an entry of their portfolio; a confirmed entry is final."""
    refuse_archived(season)
    if not season.contains(details.happened_on):
        raise DomainError(_("The date must fall within the season."))
    with transaction.atomic():
        if entry is None:
            entry = PortfolioEntry(user=user, season=season)
        else:
            entry = PortfolioEntry.objects.select_for_update().get(pk=entry.pk, user=user)
            if entry.is_confirmed:
                raise DomainError(_("A confirmed entry can no longer be changed."))
        entry.happened_on = details.happened_on
        entry.title = details.title
        entry.reflection = details.reflection
        entry.skill = details.skill
        entry.role = details.role
        entry.committee = details.committee
        activity = details.activity
        entry.activity_type = ContentType.objects.get_for_model(activity) if activity else None
        entry.activity_id = activity.pk if activity else None  # type: ignore[attr-defined]
        entry.save()
    return entry


def portfolio_entry_delete(*, entry: PortfolioEntry, user: User) -> None:
    with transaction.atomic():
        entry = PortfolioEntry.objects.select_for_update().get(pk=entry.pk, user=user)
        if entry.is_confirmed:
            raise DomainError(_("A confirmed entry can no longer be changed."))
        entry.delete()


def portfolio_entry_confirm(*, entry: PortfolioEntry, by: User) -> PortfolioEntry:
    with transaction.atomic():
        entry = PortfolioEntry.objects.select_for_update().select_related("season").get(pk=entry.pk)
        refuse_archived(entry.season)
        if not entry.is_confirmed:
            entry.confirmed_by = by
            entry.confirmed_at = timezone.now()
            entry.save(update_fields=["confirmed_by", "confirmed_at"])
    return entry


def portfolio_entry_unconfirm(*, entry: PortfolioEntry, by: User) -> PortfolioEntry:
    """A leader withdraws a confirmation (confirmed by mistake); the member can edit again."""
    with transaction.atomic():
        entry = PortfolioEntry.objects.select_for_update().select_related("season").get(pk=entry.pk)
        refuse_archived(entry.season)
        entry.confirmed_by = None
        entry.confirmed_at = None
        entry.save(update_fields=["confirmed_by", "confirmed_at"])
    return entry
