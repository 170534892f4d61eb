"""Two-factor sign-in (django-otp): setting up an authenticator app and its backup codes,
turning it off, a leader resetting a member's, and checking a code at login.

``User.two_factor_enabled`` follows the user's confirmed devices (it is what the pages of
minors' data read, without a query); it is saved with a reason, so the audit trail shows
who turned it on, off or reset it, and when. A code's check stays committed when it fails:
django-otp counts the failure on the device and refuses the next code for 1, 2, 4… seconds
(``OTP_TOTP_THROTTLE_FACTOR``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cjs.errors import DomainError
from members.models import User

logger = logging.getLogger(__name__)

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "app"
BACKUP_DEVICE_NAME = "backup"


@dataclass(frozen=True)
class TwoFactorSetup:
    """A confirmed app, and the backup codes to show once."""

    device: TOTPDevice
    backup_codes: list[str]


def normalize_code(token: str) -> str:
    """A code as typed: ``123 456`` and ``ABCD EFGH`` are ``123456`` and ``abcdefgh``."""
    return "".join(token.split()).lower()


def _lock(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _set_enabled(user: User, enabled: bool, reason: str) -> None:
    user.two_factor_enabled = enabled
    user._change_reason = reason  # read by django-simple-history
    user.save(update_fields=["two_factor_enabled"])


def _remove_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _check(user: User, token: str, *, confirmed: bool = True) -> Device | None:
    """The device that accepts ``token``, or None; call it inside a transaction (the
    devices are locked, so one code cannot be used twice at once)."""
    token = normalize_code(token)
    if not token:
        return None
    for device in devices_for_user(user, confirmed=confirmed, for_verify=True):
        if device.verify_token(token):
            return device
    return None


def two_factor_start(*, user: User) -> TOTPDevice:
    """A new secret for the user's authenticator app, unconfirmed until a code from the app
    is typed (``two_factor_confirm``). Starting again forgets the previous secret."""
    with transaction.atomic():
        locked = _lock(user)
        if locked.two_factor_enabled:
            raise DomainError(_("Two-factor sign-in is already on."))
        TOTPDevice.objects.filter(user=locked, confirmed=False).delete()
        return TOTPDevice.objects.create(user=locked, name=APP_DEVICE_NAME, confirmed=False)


def two_factor_confirm(*, user: User, token: str) -> TwoFactorSetup:
    """Turns two-factor sign-in on once ``token`` comes from the app just set up, and gives
    ``BACKUP_CODE_COUNT`` backup codes, each good once (shown to the user this one time)."""
    setup = None
    with transaction.atomic():
        locked = _lock(user)
        if locked.two_factor_enabled:
            raise DomainError(_("Two-factor sign-in is already on."))
        if not TOTPDevice.objects.filter(user=locked, confirmed=False).exists():
            raise DomainError(_("Start again: no authenticator app is being set up."))
        device = _check(locked, token, confirmed=False)
        if device is not None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            StaticDevice.objects.filter(user=locked).delete()
            backup = StaticDevice.objects.create(user=locked, name=BACKUP_DEVICE_NAME)
            codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
            StaticToken.objects.bulk_create(StaticToken(device=backup, token=c) for c in codes)
            _set_enabled(locked, True, "two-factor sign-in turned on")
            setup = TwoFactorSetup(device=device, backup_codes=codes)
    # Out of the transaction: a wrong code's failure stays counted (throttling).
    if setup is None:
        raise DomainError(
            _("This code is not the one your app shows. Wait for the next one and try again.")
        )
    logger.warning("Two-factor sign-in turned on by %s", user.username)
    return setup


def two_factor_disable(*, user: User, secret: str) -> None:
    """Turns the user's two-factor sign-in off, confirmed by a code (from the app or a backup
    code) or by their password."""
    done = False
    with transaction.atomic():
        locked = _lock(user)
        if not locked.two_factor_enabled:
            raise DomainError(_("Two-factor sign-in is already off."))
        if locked.check_password(secret) or _check(locked, secret) is not None:
            _set_enabled(locked, False, "two-factor sign-in turned off")
            _remove_devices(locked)
            done = True
    if not done:
        raise DomainError(_("Neither your password nor a valid code: nothing was changed."))
    user.two_factor_enabled = False
    logger.warning("Two-factor sign-in turned off by %s", user.username)


def two_factor_reset(*, member: User, by: User) -> None:
    """A leader turns off the two-factor sign-in of a member who lost their phone and their
    backup codes. Never another leader's (nor their own): that is the technical
    administrator's, in the back office."""
    if not by.is_leader:
        raise DomainError(_("Only a youth leader may reset a two-factor sign-in."))
    if member.role == User.Role.LEADER or member.is_superuser:
        raise DomainError(
            _("A leader's two-factor sign-in is reset by the technical administrator only.")
        )
    with transaction.atomic():
        locked = _lock(member)
        if not locked.two_factor_enabled:
            raise DomainError(_("This member has no two-factor sign-in to reset."))
        _set_enabled(locked, False, f"two-factor sign-in reset by {by.username}")
        _remove_devices(locked)
    member.two_factor_enabled = False
    logger.warning("Two-factor sign-in of %s reset by %s", member.username, by.username)


def two_factor_check(*, user: User, token: str) -> Device | None:
    """The device that accepts ``token`` (a code of the app, or a backup code, which is then
    used up), or None. A failure is counted on the devices even so (throttling)."""
    with transaction.atomic():
        return _check(user, token)


def two_factor_device_deleted(sender, instance: TOTPDevice, **kwargs) -> None:
    """The technical administrator deleted a user's app in the back office: their two-factor
    sign-in is off (backup codes alone are not a second factor)."""
    user = User.objects.filter(pk=instance.user_id, two_factor_enabled=True).first()
    if user is None or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return
    _set_enabled(user, False, "two-factor app deleted in the back office")
    StaticDevice.objects.filter(user=user).delete()
    logger.warning("Two-factor sign-in of %s off: app deleted in the back office", user.username)
