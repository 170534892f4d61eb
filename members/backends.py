"""Leaders run the back office: they hold every Django model permission of the cooperative's
own apps, without being superusers (superuser stays for the technical admin)."""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend

COOPERATIVE_APPS = frozenset({"members", "services", "governance"})


class LeaderPermissionBackend(BaseBackend):
    """Answers ``has_perm``/``has_module_perms`` for leaders; authenticates nobody."""

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        app_label = perm.partition(".")[0]
        return app_label in COOPERATIVE_APPS and getattr(user_obj, "is_leader", False)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return app_label in COOPERATIVE_APPS and getattr(user_obj, "is_leader", False)
