"""Back office. Statuses are read-only here: they change only through the workflow (the
request and job pages), which keeps the history and the emails right."""

from django.contrib import admin

from services.models import Job, Quote, RequestEvent, Satisfaction, Service, ServiceRequest


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "pricing", "hourly_rate", "fixed_price", "is_active"]
    list_filter = ["is_active", "pricing"]
    list_editable = ["is_active"]
    search_fields = ["name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_fr"]}
    filter_horizontal = ["skills"]


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
    filter_horizontal = ["skills"]

    def has_add_permission(self, request) -> bool:
        # Jobs are planned from an accepted request's page, which keeps the request in step.
        return False


@admin.register(Satisfaction)
class SatisfactionAdmin(admin.ModelAdmin):
    list_display = ["request", "punctuality", "quality", "politeness", "created_at"]
    raw_id_fields = ["request"]

    def has_add_permission(self, request) -> bool:
        return False
