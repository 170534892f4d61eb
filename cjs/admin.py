"""The back office: Django's admin, open to leaders (not only to superusers)."""

from __future__ import annotations

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse

from cjs import access


class CJSAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and getattr(request.user, "is_leader", False)

    def admin_view(self, view, cacheable=False):
        """Every back-office page shows members' data: a leader's session wants its second
        factor first (``cjs.access``)."""
        guarded = super().admin_view(view, cacheable)

        def inner(request: HttpRequest, *args, **kwargs):
            if request.user.is_authenticated and self.has_permission(request):
                elsewhere = access.minors_data_guard(request)
                if elsewhere is not None:
                    return elsewhere
            return guarded(request, *args, **kwargs)

        return update_wrapper(inner, guarded)

    def login(self, request: HttpRequest, extra_context=None):
        """One login page for the whole site: the throttled one (the admin's own form would
        let passwords be guessed without limit, and refuses leaders who are not staff)."""
        if request.user.is_authenticated:
            # Logged in but not a leader (the admin sends them here): the back office is
            # closed to them; sending them to the login page would loop.
            raise PermissionDenied
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(next_url, login_url=reverse("login"))


class LeaderModelAdmin(admin.ModelAdmin):
    """Leaders may do everything the admin offers on the cooperative's own models."""

    def _is_leader(self, request: HttpRequest) -> bool:
        return request.user.is_active and getattr(request.user, "is_leader", False)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_leader(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._is_leader(request)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return self._is_leader(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._is_leader(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._is_leader(request)


class LeaderTabularInline(admin.TabularInline):
    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return getattr(request.user, "is_leader", False)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return getattr(request.user, "is_leader", False)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return getattr(request.user, "is_leader", False)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return getattr(request.user, "is_leader", False)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the app's actions only (claims, hours, attendance...): the back office
    shows them, so that a leader can look something up, but never changes them behind the
    rules and the history."""

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
