"""The bottom layer's tables: which reminder went out, so none goes out twice, and the emails
as the task queue holds them (a proxy of django-tasks-db's results, for the back office)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult


class SentReminder(models.Model):
    """One reminder sent: ``kind`` names the reminder (``"hours_to_log"``), ``key`` what it was
    about (``"claim:42"``). The unique constraint keeps two runs of the schedule, even racing,
    from sending the same reminder twice."""

    kind = models.CharField(_("reminder"), max_length=40)
    key = models.CharField(_("about"), max_length=80)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="sent_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class EmailTask(DBTaskResult):
    """One attempt at sending an email (``cjs.mail.deliver``): its arguments hold the whole
    message, so a failed one can be sent again."""

    class Meta:
        proxy = True
        verbose_name = _("email")
        verbose_name_plural = _("emails")

    @property
    def payload(self) -> dict:
        return self.args_kwargs["args"][0]

    @property
    def attempt(self) -> int:
        return self.args_kwargs["kwargs"].get("attempt", 1)
