from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from cjs.admin import LeaderModelAdmin, LeaderTabularInline
from members.models import (
    Committee,
    CommitteeMembership,
    Cooperative,
    Enrolment,
    PermissionGrant,
    Role,
    RoleAssignment,
    Season,
    Skill,
    Town,
    User,
)

admin.site.unregister(Group)


class EnrolmentInline(LeaderTabularInline):
    model = Enrolment
    extra = 0
    autocomplete_fields = ["season"]


@admin.register(User)
class UserAdmin(LeaderModelAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "email", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Cooperative"), {"fields": ("role", "must_change_password")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Cooperative"), {"fields": ("role", "first_name", "last_name", "email")}),
    )
    inlines = [EnrolmentInline]

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may hand out superuser or staff status.
        if request.user.is_superuser:
            return ()
        return (
            "is_superuser",
            "is_staff",
            "groups",
            "user_permissions",
            "last_login",
            "date_joined",
        )


@admin.register(Cooperative)
class CooperativeAdmin(LeaderModelAdmin):
    list_display = ["name", "country", "currency", "contact_email"]

    def has_add_permission(self, request, *args) -> bool:
        return not Cooperative.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Town)
class TownAdmin(LeaderModelAdmin):
    list_display = ["name", "postal_code"]
    search_fields = ["name", "postal_code"]


@admin.register(Season)
class SeasonAdmin(LeaderModelAdmin):
    list_display = ["year", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    search_fields = ["year"]


@admin.register(Enrolment)
class EnrolmentAdmin(LeaderModelAdmin):
    list_display = ["user", "season", "joined_on", "left_on"]
    list_filter = ["season"]
    list_select_related = ["user", "season"]
    search_fields = ["user__first_name", "user__last_name", "user__username"]


@admin.register(Committee)
class CommitteeAdmin(LeaderModelAdmin):
    list_display = ["name", "is_board", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Role)
class RoleAdmin(LeaderModelAdmin):
    list_display = ["name", "committee", "is_officer", "order"]
    list_select_related = ["committee"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(LeaderModelAdmin):
    list_display = ["user", "committee", "starts_on", "ends_on", "season"]
    list_filter = ["season", "committee"]
    list_select_related = ["user", "committee", "season"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(LeaderModelAdmin):
    list_display = ["user", "role", "starts_on", "ends_on", "season"]
    list_filter = ["season", "role"]
    list_select_related = ["user", "role", "season"]


@admin.register(PermissionGrant)
class PermissionGrantAdmin(LeaderModelAdmin):
    list_display = ["capability", "committee", "role", "granted_by", "granted_at"]
    list_select_related = ["committee", "role", "granted_by"]


@admin.register(Skill)
class SkillAdmin(LeaderModelAdmin):
    list_display = ["name", "requires_certificate", "order"]
    prepopulated_fields = {"slug": ["name"]}
