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


class QuoteInline(admin.TabularInline):
    model = Quote
    extra = 0
    can_delete = False
    readonly_fields = ["status", "amount", "created_by", "created_at", "answered_at"]
    fields = ["pricing", "hours", "hourly_rate", "amount", "valid_until", "status", "created_by"]


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "actor", "by_resident", "status_after", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


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


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["date", "starts_at", "ends_at", "service", "town_name", "seats", "status"]
    list_filter = ["season", "status", "service"]
    date_hierarchy = "date"
    readonly_fields = ["status", "status_changed_at", "created_by", "created_at"]
    raw_id_fields = ["request"]
    list_select_related = ["service"]
    filter_horizontal = ["skills"]


@admin.register(Satisfaction)
class SatisfactionAdmin(admin.ModelAdmin):
    list_display = ["request", "punctuality", "quality", "politeness", "created_at"]
    raw_id_fields = ["request"]
