"""The forms residents fill in: the request form, their feedback."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from django import forms
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cjs.errors import DomainError
from cjs.formatting import format_money
from cjs.links import fixed_url
from cjs.widgets import DateInput, WidgetRenderer
from members.models import Cooperative, Town
from services import queries
from services.models import (
    Service,
    ServiceRequest,
    TimeOfDay,
)
from services.territory import served_town


def price_label(service: Service, cooperative: Cooperative) -> str:
    """``"Tonte de pelouse – 12,00 € / heure"`` in the page's language."""
    region = cooperative.babel_locale_suffix
    if service.is_fixed_price:
        price = format_money(service.fixed_price, cooperative.currency, region=region)
        return _("%(name)s – %(price)s fixed price") % {"name": service.name, "price": price}
    price = format_money(
        service.rate(cooperative.default_hourly_rate), cooperative.currency, region=region
    )
    return _("%(name)s – %(price)s an hour per member") % {"name": service.name, "price": price}


class _OfferedServices(forms.models.ModelChoiceIterator):
    """The offered services as choices, from the catalogue's query compiled once
    (``queries.active_services``: the rows of ``Service.objects.active()``), not from a
    queryset built and read through a server-side cursor for each form."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        offered = self.field.offered
        for service in queries.active_services() if offered is None else offered:
            yield self.choice(service)


class ServiceChoiceField(forms.ModelChoiceField):
    """The offered services, labelled with their price in ``cooperative``'s currency."""

    iterator = _OfferedServices

    def __init__(self, *, cooperative: Cooperative | None = None, **kwargs):
        self.cooperative = cooperative
        # The services offered, when given (``RequestForm.blank``): else the catalogue's rows.
        self.offered: list[Service] | None = None
        super().__init__(queryset=Service.objects.active(), **kwargs)

    def label_from_instance(self, obj: Service) -> str:
        return price_label(obj, self.cooperative) if self.cooperative else obj.name

    def to_python(self, value) -> Service | None:
        """The offered service of that id, found among the catalogue's rows: what
        ``queryset.get(pk=value)`` answers, from the query compiled once."""
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if isinstance(value, Service):
            value = value.pk
        try:
            pk = int(value)
        except (ValueError, TypeError):
            pk = None
        for service in queries.active_services() if pk is not None else ():
            if service.pk == pk:
                return service
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s.()\-/]+$")


class _BootstrapBoundField(forms.BoundField):
    """A field of the public form marked invalid as Bootstrap shows it (``is-invalid``), its
    error described by ``errors_described_by`` where the form shows it elsewhere."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        css = (widget or self.field.widget).attrs.get("class")
        if self.errors and css:
            attrs["class"] = f"{css} is-invalid"
            if self.name in self.form.errors_described_by:
                attrs["aria-describedby"] = self.form.errors_described_by[self.name]
        return attrs


class RequestForm(forms.ModelForm):
    """The residents' request form (public)."""

    # Rendered by hand with Bootstrap 5's markup (``request_form.html``), as crispy-forms did,
    # at a fraction of its cost: the flyer-drop crowd sends it.
    default_renderer = WidgetRenderer()
    bound_field_class = _BootstrapBoundField
    # The postcode and the town are checked as a pair: one message under both.
    errors_described_by = {"postal_code": "address-pair-errors", "town_name": "address-pair-errors"}
    # Bootstrap's classes (with crispy-forms' widget names) of the fields the page lays out.
    bootstrap_classes = {
        forms.Select: "select form-select",
        forms.Textarea: "textarea form-control",
        forms.CheckboxInput: "checkboxinput form-check-input",
    }

    service = ServiceChoiceField(label=_("Service"), empty_label=_("Choose a service"))
    consent = forms.BooleanField(required=True)
    # Honeypot: hidden from people (and screen readers), filled in by robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = ServiceRequest
        fields = [
            "service",
            "description",
            "wished_from",
            "wished_until",
            "time_of_day",
            "estimated_hours",
            "address",
            "postal_code",
            "town_name",
            "first_name",
            "last_name",
            "phone",
            "email",
        ]
        labels = {
            "service": _("Service"),
            "description": _("What do you need?"),
            "wished_from": _("From"),
            "wished_until": _("Until (optional)"),
            "time_of_day": _("Best time of day"),
            "estimated_hours": _("How long do you think it takes? (hours, optional)"),
            "address": _("Street and number"),
        }
        help_texts = {
            "description": _(
                "The work, its size, what is on site (tools, ladder...), any constraint."
            ),
            "estimated_hours": _("A guess is fine: we will check it with you."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "wished_from": DateInput(),
            "wished_until": DateInput(),
            "time_of_day": forms.RadioSelect,
            "estimated_hours": forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}),
            "address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "postal_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "text", "size": 8}
            ),
            "town_name": forms.TextInput(
                attrs={"autocomplete": "address-level2", "list": "towns-served"}
            ),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, cooperative: Cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.town: Town | None = None
        self.fields["service"].cooperative = cooperative
        self.fields["consent"].label = format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            _(
                "I agree that the cooperative uses these details to answer my request and "
                "carry out the work."
            ),
            fixed_url("services:privacy"),
            _("How we protect your data"),
        )
        self.fields["wished_from"].widget.attrs["min"] = timezone.localdate().isoformat()

    @classmethod
    def blank(
        cls,
        *,
        catalogue: tuple[tuple, ...],
        service: int | None,
        cooperative: Cooperative,
        today: dt.date,
        form_token: uuid.UUID | str,
    ) -> RequestForm:
        """The blank form of these facts and nothing else (no query): the services offered
        from the catalogue's rows (``queries.offered_services``), ``service`` chosen, the
        first day one may wish for ``today``. The request form's blank page is kept for
        these facts (``services/_request_form_blank.html``), so it is written from them."""
        offered = [
            Service(
                id=pk,
                slug=slug,
                name_fr=name_fr,
                name_en=name_en,
                pricing=pricing,
                hourly_rate=hourly_rate,
                fixed_price=fixed_price,
            )
            for pk, slug, name_fr, name_en, pricing, hourly_rate, fixed_price in catalogue
        ]
        chosen = next((offer for offer in offered if offer.pk == service), None)
        form = cls(initial={"form_token": form_token, "service": chosen}, cooperative=cooperative)
        form.fields["service"].offered = offered
        form.fields["wished_from"].widget.attrs["min"] = today.isoformat()
        return form

    @classmethod
    def _dress_widgets(cls) -> None:
        """Bootstrap's classes on the widgets the page lays out, the honeypot kept out of
        browsers' autofill and of the tab order: once, on the class's fields, which every
        form copies."""
        cls.base_fields["time_of_day"].choices = TimeOfDay.choices
        website = cls.base_fields["website"].widget
        website.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        for name, field in cls.base_fields.items():
            widget = field.widget
            if (
                name != "website"
                and not widget.is_hidden
                and not isinstance(widget, forms.RadioSelect)
            ):
                css = cls.bootstrap_classes.get(type(widget))
                widget.attrs["class"] = css or f"{type(widget).__name__.lower()} form-control"

    def _get_validation_exclusions(self) -> set[str]:
        """The model's field checks less the service's: the form found it among the offered
        ones (no second query for its row)."""
        return super()._get_validation_exclusions() | {"service"}

    def _post_clean(self) -> None:
        """The model's field checks (the hours' bounds...) as ``ModelForm`` makes them, less
        its constraints, which cost a query each: the period's order is checked by
        ``clean``, the status is not the form's, and the database refuses both anyway. No
        uniqueness to check either: none of the form's fields is unique."""
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
        except forms.ValidationError as error:
            self._update_errors(error)
        try:
            self.instance.full_clean(
                exclude=self._get_validation_exclusions(),
                validate_unique=False,
                validate_constraints=False,
            )
        except forms.ValidationError as error:
            self._update_errors(error)

    def clean_wished_from(self):
        wished_from = self.cleaned_data["wished_from"]
        if wished_from < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return wished_from

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if not _PHONE_CHARACTERS.match(phone) or not 8 <= len(digits) <= 15:
            raise forms.ValidationError(
                _("Enter a phone number where we can reach you, for example 06 12 34 56 78.")
            )
        return phone

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _("Your request could not be sent. Please call us instead."), code="honeypot"
            )
        return ""

    def clean(self):
        cleaned = super().clean()
        wished_from, wished_until = cleaned.get("wished_from"), cleaned.get("wished_until")
        if wished_from and wished_until and wished_until < wished_from:
            self.add_error("wished_until", _("The end of the period comes before its start."))
        postal_code = cleaned.get("postal_code")
        if postal_code:
            try:
                self.town = served_town(postal_code, cleaned.get("town_name", ""))
            except DomainError as error:
                field = "town_name" if error.code == "which_town" else "postal_code"
                self.add_error(field, error.message)
        return cleaned

    @property
    def honeypot_filled(self) -> bool:
        return any(error.code == "honeypot" for error in self.errors.as_data().get("website", []))

    def request_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name != "service" and name in self.cleaned_data
        }

    @staticmethod
    def new_token() -> uuid.UUID:
        return uuid.uuid4()


RequestForm._dress_widgets()


class SatisfactionForm(forms.Form):
    SCORES = [(score, str(score)) for score in range(1, 6)]

    punctuality = forms.TypedChoiceField(
        label=_("Punctuality"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    quality = forms.TypedChoiceField(
        label=_("Quality of the work"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    politeness = forms.TypedChoiceField(
        label=_("Politeness"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
