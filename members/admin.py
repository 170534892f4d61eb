from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from cjs.admin import LeaderModelAdmin, LeaderTabularInline
from members.forms import TownAdminForm
from members.models import (
    Absence,
    Committee,
    CommitteeMembership,
    Cooperative,
    Enrolment,
    MemberProfile,
    MemberSkill,
    PermissionGrant,
    PortfolioEntry,
    Role,
    RoleAssignment,
    RotationJoin,
    RotationPlan,
    RotationSeat,
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


class MemberProfileInline(LeaderTabularInline):
    model = MemberProfile
    extra = 0
    max_num = 1
    can_delete = False
    fields = [
        "date_of_birth",
        "phone",
        "guardian_name",
        "guardian_phone",
        "guardian_email",
        "parental_authorization_received_on",
        "emergency_contact_name",
        "emergency_contact_phone",
    ]


class MemberSkillInline(LeaderTabularInline):
    model = MemberSkill
    fk_name = "user"
    extra = 0
    fields = ["skill", "certificate_until"]


class AbsenceInline(LeaderTabularInline):
    model = Absence
    extra = 0


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
    inlines = [MemberProfileInline, EnrolmentInline, MemberSkillInline, AbsenceInline]

    def _guards_a_peer(self, request, obj) -> bool:
        """Another leader's account (their password, their role) is theirs and the
        superuser's: a leader may look at it, not change it, nor delete it."""
        return (
            obj is not None
            and obj.pk != request.user.pk
            and (obj.is_leader or obj.is_superuser)
            and not request.user.is_superuser
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not self._guards_a_peer(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not self._guards_a_peer(request, obj)

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
class CooperativeAdmin(LeaderModelAdmin, TranslationAdmin):
    list_display = ["name", "country", "currency", "contact_email"]

    def has_add_permission(self, request, *args) -> bool:
        return not Cooperative.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Town)
class TownAdmin(LeaderModelAdmin):
    form = TownAdminForm
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


# The translated texts show in French and in English side by side (django-modeltranslation's
# admin; its tabbed variant needs scripts the CSP refuses).
@admin.register(Committee)
class CommitteeAdmin(LeaderModelAdmin, TranslationAdmin):
    list_display = ["name", "is_board", "order"]
    prepopulated_fields = {"slug": ["name"]}
    # The shared fields come from the abstract base, which would list them first. French and
    # English side by side, one line per text.
    fields = [
        ("name_fr", "name_en"),
        "slug",
        ("description_fr", "description_en"),
        ("duties_fr", "duties_en"),
        "is_board",
        "order",
    ]


@admin.register(Role)
class RoleAdmin(LeaderModelAdmin, TranslationAdmin):
    list_display = ["name", "committee", "is_officer", "order"]
    list_select_related = ["committee"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        ("name_fr", "name_en"),
        "slug",
        "committee",
        ("description_fr", "description_en"),
        ("duties_fr", "duties_en"),
        "is_officer",
        "order",
    ]


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(LeaderModelAdmin):
    list_display = ["user", "committee", "starts_on", "ends_on", "season"]
    list_filter = ["season", "committee"]
    list_select_related = ["user", "committee", "season"]
    # The dates come from the abstract base, which would list them first.
    fields = ["season", "committee", "user", "starts_on", "ends_on", "plan"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(LeaderModelAdmin):
    list_display = ["user", "role", "starts_on", "ends_on", "season"]
    list_filter = ["season", "role"]
    list_select_related = ["user", "role", "season"]
    fields = ["season", "role", "user", "starts_on", "ends_on", "plan"]


@admin.register(PermissionGrant)
class PermissionGrantAdmin(LeaderModelAdmin):
    list_display = ["capability", "committee", "role", "granted_by", "granted_at"]
    list_select_related = ["committee", "role", "granted_by"]


@admin.register(Skill)
class SkillAdmin(LeaderModelAdmin, TranslationAdmin):
    list_display = ["name", "requires_certificate", "order"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        ("name_fr", "name_en"),
        "slug",
        ("description_fr", "description_en"),
        "requires_certificate",
        "order",
    ]


class RotationSeatInline(LeaderTabularInline):
    model = RotationSeat
    extra = 0
    fields = ["period_start", "period_end", "role", "committee", "user"]


class RotationJoinInline(LeaderTabularInline):
    model = RotationJoin
    extra = 0
    fields = ["user", "since"]


@admin.register(RotationPlan)
class RotationPlanAdmin(LeaderModelAdmin):
    list_display = ["__str__", "season", "kind", "first_week", "weeks", "published_at"]
    list_filter = ["season", "kind"]
    filter_horizontal = ["roles", "committees", "participants"]
    readonly_fields = ["published_at", "published_by", "created_by", "created_at"]
    inlines = [RotationSeatInline, RotationJoinInline]


@admin.register(PortfolioEntry)
class PortfolioEntryAdmin(LeaderModelAdmin):
    list_display = ["title", "user", "season", "happened_on", "confirmed_at"]
    list_filter = ["season", "confirmed_at"]
    list_select_related = ["user", "season"]
    search_fields = ["title", "user__first_name", "user__last_name"]
    readonly_fields = ["activity_type", "activity_id", "confirmed_by", "confirmed_at"]
