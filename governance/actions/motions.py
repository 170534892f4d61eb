"""Motions and amendments: add, change, withdraw, postpone, ask for a secret ballot."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from governance.actions.common import (
    _lock_for_secret_request,
    _lock_open_meeting,
)
from governance.models import (
    AgendaItem,
    Motion,
    ShareOutRule,
    Topic,
)
from governance.rules import (
    MajorityRule,
)
from members.models import (
    User,
)


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
        _lock_open_meeting(item.meeting)
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


def _lock_draft_motion(motion: Motion, refusal: str) -> Motion:
    """The motion locked (its meeting first, still open), refused with ``refusal`` once it
    was put to the vote."""
    _lock_open_meeting(motion.item.meeting)
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != Motion.Status.DRAFT:
        raise DomainError(refusal)
    return motion


def motion_update(*, motion: Motion, fields: dict, by: User) -> Motion:
    allowed = {"title", "text", "proposer", "majority", "topic"}
    with transaction.atomic():
        motion = _lock_draft_motion(
            motion, _("This motion was already put to the vote: it cannot change.")
        )
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
        motion = _lock_draft_motion(
            motion, _("Only a motion not yet voted can be withdrawn or postponed.")
        )
        motion.status = status
        motion.save(update_fields=["status"])
        # Amendments follow the motion they change.
        Motion.objects.filter(amends=motion, status=Motion.Status.DRAFT).update(status=status)
    return motion


def motion_withdraw(*, motion: Motion, by: User) -> Motion:
    return _motion_set_status(motion, Motion.Status.WITHDRAWN)


def motion_postpone(*, motion: Motion, by: User) -> Motion:
    return _motion_set_status(motion, Motion.Status.POSTPONED)


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


def share_out_rule_save(*, motion: Motion, fields: dict, by: User) -> ShareOutRule:
    """The share-out rule a motion puts to the vote, as data (created or changed while the
    motion is to be voted). The equal part and the pro rata part make 100 %."""
    with transaction.atomic():
        motion = _lock_draft_motion(
            motion, _("This motion was already put to the vote: its rule cannot change.")
        )
        if motion.topic != Topic.SHARE_OUT or motion.is_amendment:
            raise DomainError(_("Only a share-out motion carries a share-out rule."))
        unknown = set(fields) - set(ShareOutRule.TERMS)
        if unknown:
            raise ValueError(sorted(unknown))
        rule = ShareOutRule.objects.filter(motion=motion).first() or ShareOutRule(motion=motion)
        for name, value in fields.items():
            setattr(rule, name, value)
        if rule.equal_percent + rule.pro_rata_percent != 100:
            raise DomainError(
                _("The equal part and the pro rata part must add up to 100 %."),
                code="share_out_parts_make_100",
            )
        rule.save()
    return rule
