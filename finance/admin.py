"""Back office: invoices, credit notes and payments are written by the finance pages only
(their rules, locks and numbers); the admin shows them read only. An issued invoice is
immutable anyway (model and database triggers), and so is a frozen share-out (model)."""

from django.contrib import admin

from cjs.admin import LeaderModelAdmin, ReadOnlyAdmin
from finance.models import (
    CreditNote,
    DocumentCounter,
    FinanceSettings,
    Invoice,
    InvoiceLine,
    Payment,
    Reminder,
    ShareOut,
    ShareOutLine,
)


class LeaderReadOnlyAdmin(ReadOnlyAdmin, LeaderModelAdmin):
    """Leaders look; nobody changes here."""


class ReadOnlyLines(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    can_delete = False
    fields = ["kind", "description", "quantity", "unit_price", "amount"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None) -> bool:
        return getattr(request.user, "is_leader", False)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invoice)
class InvoiceAdmin(LeaderReadOnlyAdmin):
    list_display = ["__str__", "customer_name", "status", "issued_on", "total"]
    list_filter = ["status", "year"]
    search_fields = ["number", "customer_name", "customer_email"]
    inlines = [ReadOnlyLines]


@admin.register(CreditNote)
class CreditNoteAdmin(LeaderReadOnlyAdmin):
    list_display = ["number", "invoice", "issued_on", "amount"]
    search_fields = ["number", "invoice__number"]


@admin.register(Payment)
class PaymentAdmin(LeaderReadOnlyAdmin):
    list_display = ["invoice", "amount", "method", "paid_on"]
    list_filter = ["method"]


@admin.register(Reminder)
class ReminderAdmin(LeaderReadOnlyAdmin):
    list_display = ["invoice", "sent_at"]


@admin.register(DocumentCounter)
class DocumentCounterAdmin(LeaderReadOnlyAdmin):
    list_display = ["kind", "year", "last"]


@admin.register(FinanceSettings)
class FinanceSettingsAdmin(LeaderModelAdmin):
    list_display = ["legal_name", "registration_number", "payment_terms_days"]


class ReadOnlyShareOutLines(ReadOnlyLines):
    model = ShareOutLine
    fields = ["name", "hours", "departed", "equal", "pro_rata", "bonus", "total"]
    readonly_fields = fields


@admin.register(ShareOut)
class ShareOutAdmin(LeaderReadOnlyAdmin):
    list_display = ["__str__", "motion", "result", "reserve", "distributable", "frozen_at"]
    inlines = [ReadOnlyShareOutLines]
