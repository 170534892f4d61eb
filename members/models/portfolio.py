"""``PortfolioEntry``: the skills portfolio (boîte à compétences) of each member."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.committees import Committee, Role
from members.models.cooperative import Season
from members.models.people import Skill, User


class PortfolioEntryQuerySet(models.QuerySet):
    def confirmed(self) -> PortfolioEntryQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def to_confirm(self) -> PortfolioEntryQuerySet:
        return self.filter(confirmed_at__isnull=True)


class PortfolioEntry(models.Model):
    """An entry of a member's skills portfolio (boîte à compétences): something learned or
    practised, with a short reflection, confirmed by a youth leader."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="portfolio_entries", verbose_name=_("member")
    )
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="portfolio_entries", verbose_name=_("season")
    )
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("what I learned or practised"), max_length=140)
    reflection = models.TextField(
        _("reflection"),
        max_length=2000,
        help_text=_("A few lines: what you did, what went well, what you would do differently."),
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("skill")
    )
    role = models.ForeignKey(
        Role, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("role")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("committee")
    )
    # A job, a meeting...: an object of another app, offered by the sources registered in
    # ``members.portfolio``.
    activity_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    activity_id = models.PositiveBigIntegerField(null=True, blank=True)
    activity = GenericForeignKey("activity_type", "activity_id")
    confirmed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PortfolioEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("portfolio entry")
        verbose_name_plural = _("portfolio entries")
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["activity_type", "activity_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity_type__isnull=True, activity_id__isnull=True)
                | Q(activity_type__isnull=False, activity_id__isnull=False),
                name="portfolio_activity_complete",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
