"""Back office. Statuses are read-only here: they change only through the workflow (the
request and job pages), which keeps the history and the emails right."""

from django.contrib import admin

from cjs.admin import ReadOnlyAdmin
from services.models import (
    CalendarFeed,
    Claim,
    Job,
    JobSkill,
    Quote,
    Replacement,
    RequestEvent,
    Satisfaction,
    Service,
    ServiceRequest,
    ServiceSkill,
    Timesheet,
)


class ServiceSkillInline(admin.TabularInline):
    model = ServiceSkill
    extra = 1


class JobSkillInline(admin.TabularInline):
    model = JobSkill
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "pricing", "hourly_rate", "fixed_price", "is_active"]
    list_filter = ["is_active", "pricing"]
    list_editable = ["is_active"]
    search_fields = ["name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_fr"]}
    inlines = [ServiceSkillInline]


class ReadOnlyInline(admin.TabularInline):
    """Quotes and events are written by the workflow only; the back office shows them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class QuoteInline(ReadOnlyInline):
    model = Quote
    fields = ["pricing", "hours", "hourly_rate", "amount", "valid_until", "status", "created_by"]


class RequestEventInline(ReadOnlyInline):
    model = RequestEvent
    fields = ["created_at", "kind", "actor", "by_resident", "status_after", "message"]
    readonly_fields = fields


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "last_name", "first_name", "town_name", "service", "status"]
    list_filter = ["season", "status", "service"]
    search_fields = ["last_name", "first_name", "email", "town_name", "postal_code"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "status",
        "token",
        "form_token",
        "consented_at",
        "created_at",
        "status_changed_at",
        "satisfaction_reminded_at",
    ]
    list_select_related = ["service"]
    inlines = [QuoteInline, RequestEventInline]

    def has_add_permission(self, request) -> bool:
        # Requests come from the public form (a leader fills it in for a phone call).
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["date", "starts_at", "ends_at", "service", "town_name", "seats", "status"]
    list_filter = ["season", "status", "service"]
    date_hierarchy = "date"
    readonly_fields = ["status", "status_changed_at", "created_by", "created_at"]
    raw_id_fields = ["request"]
    list_select_related = ["service"]
    inlines = [JobSkillInline]

    def has_add_permission(self, request) -> bool:
        # Jobs are planned from an accepted request's page, which keeps the request in step.
        return False


@admin.register(Satisfaction)
class SatisfactionAdmin(admin.ModelAdmin):
    list_display = ["request", "punctuality", "quality", "politeness", "created_at"]
    raw_id_fields = ["request"]

    def has_add_permission(self, request) -> bool:
        return False


# Rows the workflow and the staffing rules write: visible here, changed only in the app.


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["request", "amount", "valid_until", "status", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["request", "created_by"]


@admin.register(RequestEvent)
class RequestEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "request", "kind", "actor", "by_resident", "status_after"]
    list_filter = ["kind"]
    list_select_related = ["request", "actor"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["job", "member", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status", "job__season"]
    search_fields = ["member__first_name", "member__last_name", "member__username"]
    list_select_related = ["job__service", "member", "decided_by"]


@admin.register(Replacement)
class ReplacementAdmin(ReadOnlyAdmin):
    list_display = ["claim", "status", "created_at", "closed_at"]
    list_filter = ["status"]
    list_select_related = ["claim__member", "claim__job__service"]


@admin.register(Timesheet)
class TimesheetAdmin(ReadOnlyAdmin):
    list_display = ["claim", "started_at", "ended_at", "hours", "validated_by", "validated_at"]
    list_select_related = ["claim__member", "claim__job__service", "validated_by"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    # The token is the private address of the member's calendar: never shown here.
    list_display = ["user", "created_at"]
    fields = ["user", "created_at"]
    list_select_related = ["user"]
