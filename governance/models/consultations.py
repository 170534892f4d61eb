"""Consultations: quick polls between meetings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models.votes import VoteChoice


class Consultation(models.Model):
    """A quick poll between meetings (Loomio style): open to every member until it closes,
    then an outcome statement says what was decided."""

    season = models.ForeignKey(
        "members.Season", on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(_("question"), max_length=150)
    details = models.TextField(_("details"), blank=True)
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    outcome = models.TextField(_("outcome statement"), blank=True)
    outcome_adopted = models.BooleanField(_("adopted"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    outcome_at = models.DateTimeField(_("outcome written at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-closes_at"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.closes_at


class ConsultationResponse(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_responses"
    )
    choice = models.CharField(_("position"), max_length=8, choices=VoteChoice.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="consultation_one_response"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_choice_display()}"
