"""Who invoices and under which legal mentions: one row, prefilled from the country preset."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from finance.rules import legal_preset
from members.models import Cooperative


class FinanceSettings(models.Model):
    """The invoicing identity of the cooperative (in France, its *parrain économique*): a
    single row, id 1, created from the preset of ``Cooperative.country`` on first use."""

    legal_name = models.CharField(
        _("legal name"),
        max_length=160,
        help_text=_("The organisation that carries the invoices (in France the CAE)."),
    )
    address = models.TextField(_("address"), blank=True)
    registration_label = models.CharField(
        _("registration label"), max_length=20, help_text=_("SIRET in France, NEQ in Quebec.")
    )
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), default=30, validators=[MaxValueValidator(120)]
    )
    mentions = models.TextField(
        _("legal mentions"),
        blank=True,
        help_text=_("Printed at the bottom of every invoice (VAT, late payment...)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("invoicing settings")
        verbose_name_plural = _("invoicing settings")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="finance_settings_singleton")]

    def __str__(self) -> str:
        return self.legal_name

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> FinanceSettings:
        existing = cls.objects.filter(pk=1).first()
        if existing is not None:
            return existing
        cooperative = Cooperative.load()
        preset = legal_preset(cooperative.country)
        settings, _created = cls.objects.get_or_create(
            pk=1,
            defaults={
                "legal_name": cooperative.name,
                "registration_label": preset.registration_label,
                "payment_terms_days": preset.payment_terms_days,
                "mentions": preset.mentions,
            },
        )
        return settings

    def apply_country_preset(self, country: str) -> None:
        """Reset the registration label, the terms and the mentions to ``country``'s preset."""
        preset = legal_preset(country)
        self.registration_label = preset.registration_label
        self.payment_terms_days = preset.payment_terms_days
        self.mentions = preset.mentions
