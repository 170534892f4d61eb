"""The back office: Django's admin, open to leaders (not only to superusers)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


class CJSAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and getattr(request.user, "is_leader", False)


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
