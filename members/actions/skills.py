"""The skills members declare: a youth leader or the HR committee confirms them (or withdraws
the confirmation), and hours validated on a job that uses a skill earn it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.models import MemberSkill, User


def _lock(held: MemberSkill) -> MemberSkill:
    return MemberSkill.objects.select_for_update().select_related("user", "skill").get(pk=held.pk)


def member_skill_confirm(*, held: MemberSkill, by: User) -> MemberSkill:
    """Vouch for a skill a member declared: the services asking for it confirmed accept them.
    Nobody confirms their own skills."""
    with transaction.atomic():
        held = _lock(held)
        if held.user_id == by.pk:
            raise DomainError(
                _("Refused: another person must confirm your own skills."), code="own_skill"
            )
        if not held.user.is_active:
            raise DomainError(_("This member has left the cooperative."), code="inactive")
        if held.confirmed_at is None:
            held.confirmed_by, held.confirmed_at = by, timezone.now()
            held.save(update_fields=["confirmed_by", "confirmed_at"])
    return held


def member_skill_withdraw(*, held: MemberSkill, by: User) -> MemberSkill:
    """Withdraw a confirmation given by mistake. A skill earned on a job stays earned: the
    validated hours behind it are facts."""
    with transaction.atomic():
        held = _lock(held)
        if held.user_id == by.pk:
            raise DomainError(
                _("Refused: another person must confirm your own skills."), code="own_skill"
            )
        if held.confirmed_at is not None:
            held.confirmed_by, held.confirmed_at = None, None
            held.save(update_fields=["confirmed_by", "confirmed_at"])
    return held


def member_skills_earn(
    *, member: User, skill_ids: Iterable[int], at: dt.datetime | None = None
) -> None:
    """Hours on a job using ``skill_ids`` were validated: the member has earned these skills
    (the first validation is kept). Called inside the validation's transaction."""
    skill_ids = set(skill_ids)
    if not skill_ids:
        return
    at = at or timezone.now()
    held = set(
        MemberSkill.objects.filter(user=member, skill_id__in=skill_ids).values_list(
            "skill_id", flat=True
        )
    )
    MemberSkill.objects.filter(user=member, skill_id__in=held, earned_at__isnull=True).update(
        earned_at=at
    )
    MemberSkill.objects.bulk_create(
        [MemberSkill(user=member, skill_id=pk, earned_at=at) for pk in sorted(skill_ids - held)],
        ignore_conflicts=True,
    )
