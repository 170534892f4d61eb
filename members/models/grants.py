"""``PermissionGrant``: a leader's capability delegated to a committee or a role (who holds
it on a given day is answered by ``members.permissions``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.capability_registry import capability_label
from members.models.committees import Committee, Role
from members.models.people import User


class PermissionGrant(models.Model):
    """A capability (see ``members.permissions``) delegated to a committee or to a role.

    The capability code has no ``choices`` here: each app registers its capabilities in code,
    and the forms validate against that registry.
    """

    capability = models.CharField(_("capability"), max_length=40)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("committee"),
    )
    role = models.ForeignKey(
        Role,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("role"),
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegated permission")
        verbose_name_plural = _("delegated permissions")
        ordering = ["capability"]
        constraints = [
            models.CheckConstraint(
                condition=Q(committee__isnull=False, role__isnull=True)
                | Q(committee__isnull=True, role__isnull=False),
                name="grant_one_holder",
            ),
            models.UniqueConstraint(
                fields=["capability", "committee"],
                condition=Q(committee__isnull=False),
                name="grant_unique_committee",
            ),
            models.UniqueConstraint(
                fields=["capability", "role"],
                condition=Q(role__isnull=False),
                name="grant_unique_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{capability_label(self.capability)} → {self.committee or self.role}"
