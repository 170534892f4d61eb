from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from cjs.widgets import DateInput
from finance.models import FinanceSettings, InvoiceStatus, PaymentMethod
from services.models import ServiceRequest

MONEY_FIELD = {"max_digits": 10, "decimal_places": 2}


class InvoiceFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *InvoiceStatus.choices, ("overdue", _("overdue"))],
    )


class InvoiceCreateForm(forms.Form):
    """The finished requests of one resident ticked on the page of requests to invoice."""

    requests = forms.ModelMultipleChoiceField(
        label=_("Requests"),
        queryset=ServiceRequest.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].queryset = (
            queryset if queryset is not None else (ServiceRequest.objects.all())
        )


class MaterialLineForm(forms.Form):
    description = forms.CharField(label=_("Materials"), max_length=200)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=8,
        decimal_places=2,
        initial=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_price = forms.DecimalField(
        label=_("Unit price"), validators=[MinValueValidator(Decimal("0"))], **MONEY_FIELD
    )


class CreditNoteForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount credited"),
        validators=[MinValueValidator(Decimal("0.01"))],
        **MONEY_FIELD,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount received"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY_FIELD
    )
    method = forms.ChoiceField(label=_("Paid by"), choices=PaymentMethod.choices)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    reference = forms.CharField(
        label=_("Reference"),
        max_length=80,
        required=False,
        help_text=_("Cheque number, transfer label..."),
    )


class FinanceSettingsForm(forms.ModelForm):
    class Meta:
        model = FinanceSettings
        fields = [
            "legal_name",
            "address",
            "registration_label",
            "registration_number",
            "payment_terms_days",
            "mentions",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "mentions": forms.Textarea(attrs={"rows": 6}),
        }
