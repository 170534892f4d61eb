"""Seasons, the cooperative's settings and the delegations: opening a season, saving the
settings and territory, replacing the capability grants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.forms import BaseModelFormSet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.models import (
    Committee,
    Cooperative,
    Enrolment,
    PermissionGrant,
    Role,
    Season,
    Town,
    User,
)
from members.permissions import is_registered
from members.signals import season_started


def _ensure_season_follows(previous: Season, *, year: int, starts_on: dt.date) -> None:
    """A new season comes after the current one: a later year, starting after its last day."""
    if year <= previous.year or starts_on <= previous.ends_on:
        raise DomainError(
            _("A new season comes after %(season)s: in %(year)s or later, starting after %(end)s.")
            % {
                "season": previous,
                "year": previous.year + 1,
                "end": date_format(previous.ends_on, "j F Y"),
            }
        )


def season_start(
    *,
    year: int,
    starts_on: dt.date,
    ends_on: dt.date,
    returning: Iterable[User],
    by: User,
) -> Season:
    """Open a new season: the current one becomes a read-only archive, the returning members
    are enrolled in the new one and the others' accounts are deactivated (their history stays).
    The cooperative's settings, committees, roles and delegations carry over as they are."""
    if ends_on <= starts_on:
        raise DomainError(_("The last day must come after the first day."))
    returning = list(returning)
    try:
        with transaction.atomic():
            if Season.objects.filter(year=year).exists():
                raise DomainError(_("There is already a season %(year)s.") % {"year": year})
            previous = (
                Season.objects.select_for_update().filter(status=Season.Status.CURRENT).first()
            )
            if previous is not None:
                _ensure_season_follows(previous, year=year, starts_on=starts_on)
                previous_members = set(
                    Enrolment.objects.filter(season=previous)
                    .active()
                    .values_list("user_id", flat=True)
                )
                strangers = [u for u in returning if u.pk not in previous_members]
                if strangers:
                    raise DomainError(_("Only members of the previous season can be carried over."))
                previous.status = Season.Status.ARCHIVED
                previous.save(update_fields=["status"])
                leaving = previous_members - {u.pk for u in returning}
                User.objects.filter(pk__in=leaving, role=User.Role.MEMBER).update(is_active=False)
            season = Season.objects.create(
                year=year, starts_on=starts_on, ends_on=ends_on, status=Season.Status.CURRENT
            )
            Enrolment.objects.bulk_create(
                Enrolment(season=season, user=user, joined_on=starts_on) for user in returning
            )
            season_started.send(sender=Season, season=season, previous=previous)
    except IntegrityError:
        # Two leaders starting a season at the same moment: the database kept one.
        raise DomainError(
            _("Another season was started at the same time. Reload the page and check.")
        ) from None
    return season


def cooperative_update(
    *,
    cooperative: Cooperative,
    fields: dict,
    towns_formset: BaseModelFormSet,
    apply_preset: bool,
) -> Cooperative:
    """Save the cooperative's settings and its territory together, or nothing."""
    with transaction.atomic():
        cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
        for name, value in fields.items():
            setattr(cooperative, name, value)
        if apply_preset:
            cooperative.apply_country_preset()
        cooperative.full_clean()
        cooperative.save()
        towns_formset.save()
        if not Town.objects.exists():
            raise DomainError(_("The territory needs at least one town."))
    return cooperative


def grants_replace(*, wanted: set[tuple[str, str, int]], by: User) -> tuple[int, int]:
    """Make the delegations exactly ``wanted``: a set of (capability, "committee"|"role", id).
    Returns how many grants were added and removed."""
    for code, kind, _pk in wanted:
        if not is_registered(code) or kind not in {"committee", "role"}:
            raise DomainError(_("Unknown permission: %(code)s.") % {"code": code})
    with transaction.atomic():
        committees = set(Committee.objects.values_list("pk", flat=True))
        roles = set(Role.objects.values_list("pk", flat=True))
        for _code, kind, pk in wanted:
            if pk not in (committees if kind == "committee" else roles):
                raise DomainError(_("That committee or role no longer exists."))
        existing = {
            (
                grant.capability,
                "committee" if grant.committee_id else "role",
                grant.committee_id or grant.role_id,
            ): grant.pk
            for grant in PermissionGrant.objects.select_for_update()
        }
        to_remove = [pk for key, pk in existing.items() if key not in wanted]
        to_add = [key for key in wanted if key not in existing]
        PermissionGrant.objects.filter(pk__in=to_remove).delete()
        PermissionGrant.objects.bulk_create(
            PermissionGrant(
                capability=code,
                committee_id=pk if kind == "committee" else None,
                role_id=pk if kind == "role" else None,
                granted_by=by,
            )
            for code, kind, pk in to_add
        )
    return len(to_add), len(to_remove)


def refuse_archived(season: Season) -> None:
    if season.is_archived:
        raise DomainError(
            _("%(season)s is archived: it can no longer change.") % {"season": season}
        )
