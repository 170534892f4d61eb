"""Lifting a login lock-out (django-axes) before its cool-off ends."""

from __future__ import annotations

import logging

from axes.models import AccessAttempt
from django.db import transaction
from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.models import User

logger = logging.getLogger(__name__)


def lockout_lift(*, attempt_id: int, by: User) -> AccessAttempt:
    """Forget the failed logins of one username from one address, so that it may log in
    again at once. Logged (who lifted which lock-out), as the lock-out itself is."""
    with transaction.atomic():
        attempt = AccessAttempt.objects.select_for_update().filter(pk=attempt_id).first()
        if attempt is None:
            raise DomainError(_("This lock-out was already lifted."))
        attempt.delete()
    logger.warning(
        "Login lock-out lifted by %s: username %r from %s",
        by.username,
        attempt.username,
        attempt.ip_address,
    )
    return attempt
