"""The secretary's part of a meeting's minutes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models.meetings import Meeting
from governance.models.motions import Motion
from governance.models.records import VotedRecord


class Minutes(VotedRecord):
    """The secretary's part of the minutes; the rest is drafted from the meeting itself."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    introduction = models.TextField(_("introduction"), blank=True)
    other_business = models.TextField(_("other business"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_by = models.ForeignKey(
        Motion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by the motion"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Written when the minutes are approved: the whole document as data (names, counts, times;
    # no language), so that approved minutes read the same forever.
    record = models.JSONField(_("approved record"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)

    @classmethod
    def is_voted_state(cls, stored: dict) -> bool:
        return stored.get("status") == cls.Status.APPROVED
