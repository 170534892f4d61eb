"""The back office's pages of the bottom layer: the emails in the task queue and the reminders
sent. Registered from ``CjsConfig.ready()``: ``cjs.admin`` holds the admin site itself, which
is built before any model is registered."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cjs import mail
from cjs.admin import ReadOnlyAdmin
from cjs.models import EmailTask, SentReminder


class LeaderReadOnlyAdmin(ReadOnlyAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return getattr(request.user, "is_leader", False)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return getattr(request.user, "is_leader", False)


@admin.register(SentReminder)
class SentReminderAdmin(LeaderReadOnlyAdmin):
    list_display = ("kind", "key", "sent_at")
    list_filter = ("kind",)
    date_hierarchy = "sent_at"


@admin.register(EmailTask)
class EmailTaskAdmin(LeaderReadOnlyAdmin):
    """The emails the worker sent, waits to send or could not send: a failed one (the mail
    server refused it at every attempt) is kept whole and can be sent again."""

    list_display = ("subject", "recipients", "status", "attempt", "enqueued_at", "finished_at")
    list_filter = ("status",)
    fields = ("subject", "recipients", "status", "attempt", "enqueued_at", "finished_at", "body")
    readonly_fields = fields
    actions = ["send_again"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(task_path=mail.DELIVER_PATH)

    @admin.display(description=_("subject"))
    def subject(self, obj: EmailTask) -> str:
        return obj.payload["subject"]

    @admin.display(description=_("recipients"))
    def recipients(self, obj: EmailTask) -> str:
        return ", ".join(obj.payload["to"])

    @admin.display(description=_("text"))
    def body(self, obj: EmailTask) -> str:
        return obj.payload["body"]

    @admin.display(description=_("attempt"))
    def attempt(self, obj: EmailTask) -> int:
        return obj.attempt

    @admin.action(description=_("Send the failed emails again"))
    def send_again(self, request: HttpRequest, queryset) -> None:
        count = mail.resend_failed(queryset)
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count)
            % {"count": count},
        )
