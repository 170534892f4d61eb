"""RGPD: forgetting a member (erasure at their request) and their private facts (retention).

An erased member stays a row: their hours, team places, votes and the season's totals point
at it and must not change. What made it a person goes: name, login, contact, date of birth,
guardian, emergency contact, dates away, portfolio. What the legality of their past hours
needs stays, and only that: the day they count as an adult (``adult_from_kept``) and the date
the parental authorization was received.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.models import Absence, MemberProfile, PortfolioEntry, User
from members.personal_data import member_erasers
from members.rules import adult_from_kept

logger = logging.getLogger(__name__)

# Stored as is (not translated): it is what every page and document shows from now on.
ERASED_MEMBER_FIRST_NAME = "Membre effacé"

PRIVATE_FACTS = {
    "date_of_birth": None,
    "guardian_name": "",
    "guardian_phone": "",
    "guardian_email": "",
    "emergency_contact_name": "",
    "emergency_contact_phone": "",
    "phone": "",
}


def forget_private_facts(profile: MemberProfile, today: dt.date) -> list[str]:
    """Clear the profile's private facts (not saved). Returns the fields changed."""
    if profile.private_facts_forgotten_on is None:
        since = profile.user.date_joined.date()
        profile.adult_from = adult_from_kept(profile.date_of_birth, since, today)
        profile.private_facts_forgotten_on = today
    for name, empty in PRIVATE_FACTS.items():
        setattr(profile, name, empty)
    return [*PRIVATE_FACTS, "adult_from", "private_facts_forgotten_on"]


def history_scrub(instance, fields) -> None:
    """The audit trail keeps who changed what, and when; after an erasure it keeps it under
    the erased identity: every past version of ``instance`` takes its erased ``fields``."""
    instance.history.update(**{name: getattr(instance, name) for name in fields})


def member_erase(*, member: User, by: User, now: dt.datetime | None = None) -> User:
    """Anonymise ``member`` (a leader's decision, at the member's request): their name becomes
    "Membre effacé n°<id>", they can no longer log in, their private data is cleared, and the
    apps scrub their name from their free texts. Hours, votes and totals stay as they were."""
    now = now or timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=member.pk).first()
        if user is None or user.role != User.Role.MEMBER:
            raise DomainError(_("Only a member's data can be erased here."))
        if user.erased_at is not None:
            raise DomainError(_("This member's data was already erased."), code="erased")
        if user.is_active:
            raise DomainError(
                _("Record the member's departure before erasing their data."), code="active"
            )
        names = [name for name in (user.get_full_name(), user.username) if name.strip()]
        user.first_name = ERASED_MEMBER_FIRST_NAME
        user.last_name = f"n°{user.pk}"
        user.username = f"efface-{user.pk}"
        user.email = ""
        user.set_unusable_password()
        user.erased_at = now
        user.save()
        history_scrub(user, ("first_name", "last_name", "username", "email"))
        profile = MemberProfile.objects.select_for_update().filter(user=user).first()
        if profile is not None:
            profile.user = user
            forgotten = forget_private_facts(profile, timezone.localdate(now))
            profile.save(update_fields=forgotten)
            history_scrub(profile, forgotten)
        Absence.objects.filter(user=user).delete()
        PortfolioEntry.objects.filter(user=user).delete()
        for eraser in member_erasers():
            eraser(user, names)
    logger.info("Member %s erased by %s", user.pk, by.pk)
    return user
