"""The catalogue: the services residents may ask for, their names and prices."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cjs.i18n import localized
from members.models import Skill, SkillLevel

CENT = Decimal("0.01")


def new_tracking_token() -> str:
    """An unguessable token for the resident's tracking link (144 random bits)."""
    return secrets.token_urlsafe(18)


class Pricing(models.TextChoices):
    HOURLY = "hourly", _("per hour and per member")
    FIXED = "fixed", _("fixed price")


class WithSkill(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().select_related("skill")


class ServiceQuerySet(models.QuerySet):
    def active(self) -> ServiceQuerySet:
        return self.filter(is_active=True)


class Service(models.Model):
    """A service of the catalogue, as residents read it on the home page."""

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name_fr = models.CharField(_("name in French"), max_length=80, unique=True)
    name_en = models.CharField(_("name in English"), max_length=80, blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    pricing = models.CharField(
        _("pricing"), max_length=10, choices=Pricing.choices, default=Pricing.HOURLY
    )
    hourly_rate = models.DecimalField(
        _("hourly rate"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Per member and per hour. Leave empty to use the cooperative's default rate."),
    )
    fixed_price = models.DecimalField(
        _("fixed price"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The price of the whole service, for a fixed-price service."),
    )
    skills = models.ManyToManyField(
        Skill,
        blank=True,
        through="ServiceSkill",
        related_name="services",
        verbose_name=_("skills required"),
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(12), MaxValueValidator(25)],
        help_text=_("Members younger than this cannot take its jobs. Leave empty if any age."),
    )
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Only offered services are shown to residents.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["order", "name_fr"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pricing="hourly") | Q(fixed_price__isnull=False),
                name="service_fixed_price_set",
            ),
            models.CheckConstraint(
                condition=Q(hourly_rate__isnull=True) | Q(hourly_rate__gte=0),
                name="service_hourly_rate_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(fixed_price__isnull=True) | Q(fixed_price__gte=0),
                name="service_fixed_price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return localized(self.description_fr, self.description_en)

    @property
    def is_fixed_price(self) -> bool:
        return self.pricing == Pricing.FIXED

    def rate(self, default_rate: Decimal) -> Decimal:
        """The hourly rate per member: the service's own, or the cooperative's default."""
        return self.hourly_rate if self.hourly_rate is not None else default_rate


class SkillNeed(models.Model):
    """A skill something needs, and the level it needs it at: lawn mowing takes a member's
    word (declared), babysitting asks for first aid confirmed by a youth leader or the HR
    committee, or earned on an earlier job."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, verbose_name=_("skill"))
    level = models.CharField(
        _("level needed"),
        max_length=10,
        choices=[c for c in SkillLevel.choices if c[0] != SkillLevel.EARNED],
        default=SkillLevel.DECLARED,
    )

    # The skill's name comes with each need (``job.skill_needs.all()``, prefetched or not).
    objects = WithSkill()

    class Meta:
        abstract = True
        verbose_name = _("skill needed")
        verbose_name_plural = _("skills needed")

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"

    @property
    def needs_confirmation(self) -> bool:
        return self.level == SkillLevel.CONFIRMED


class ServiceSkill(SkillNeed):
    """A skill of a service at the level it needs; its jobs copy the level (``JobSkill``)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="skill_needs", verbose_name=_("service")
    )

    class Meta(SkillNeed.Meta):
        db_table = "services_service_skills"
        constraints = [
            models.UniqueConstraint(fields=["service", "skill"], name="service_skill_unique")
        ]
