from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from cjs.fields import ModelMultipleChoiceField
from cjs.widgets import DateInput
from finance import rules
from finance.models import (
    ExpenseCategory,
    FinanceSettings,
    IncomeCategory,
    InvoiceStatus,
    PaymentMethod,
)
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

    requests = ModelMultipleChoiceField(
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

    def __init__(self, *args, **kwargs):
        # Beside the payment form on the invoice page: ids of its own for ``amount``.
        kwargs.setdefault("auto_id", "credit_%s")
        super().__init__(*args, **kwargs)


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


class ExpenseForm(forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=DateInput())
    amount = forms.DecimalField(
        label=_("Amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY_FIELD
    )
    category = forms.ChoiceField(label=_("Category"), choices=ExpenseCategory.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    receipt = forms.FileField(
        label=_("Receipt"),
        required=False,
        help_text=_("A PDF, PNG or JPEG file of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def clean_receipt(self):
        """The size, then the kind read from the first bytes (not from the name nor from the
        content type the browser sent)."""
        receipt = self.cleaned_data.get("receipt")
        if not receipt:
            return None
        if receipt.size > rules.RECEIPT_MAX_BYTES:
            raise forms.ValidationError(
                _("The receipt is larger than 5 MB: scan it at a lower resolution."),
                code="receipt_size",
            )
        receipt.seek(0)
        kind = rules.receipt_kind(receipt.read(rules.RECEIPT_HEAD_BYTES))
        receipt.seek(0)
        if kind is None:
            raise forms.ValidationError(
                _("The receipt must be a PDF, PNG or JPEG file."), code="receipt_type"
            )
        return receipt


class OtherIncomeForm(forms.Form):
    received_on = forms.DateField(label=_("Date"), widget=DateInput())
    amount = forms.DecimalField(
        label=_("Amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY_FIELD
    )
    category = forms.ChoiceField(label=_("Kind"), choices=IncomeCategory.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
