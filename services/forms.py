from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from django import forms
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cjs.errors import DomainError
from cjs.fields import ModelMultipleChoiceField
from cjs.formatting import format_money
from cjs.links import fixed_url
from cjs.widgets import DateInput, TimeInput, WidgetRenderer
from members.models import Cooperative, Skill, SkillLevel, Town
from services import queries
from services.models import (
    Job,
    Pricing,
    Quote,
    RequestStatus,
    Service,
    ServiceRequest,
    ServiceSkill,
    TimeOfDay,
    localized,
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
        for service in queries.active_services():
            yield self.choice(service)


class ServiceChoiceField(forms.ModelChoiceField):
    """The offered services, labelled with their price in ``cooperative``'s currency."""

    iterator = _OfferedServices

    def __init__(self, *, cooperative: Cooperative | None = None, **kwargs):
        self.cooperative = cooperative
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


class ReasonForm(forms.Form):
    """A reason, optional or required (declining a request, a quote, cancelling)."""

    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, required: bool = True, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if label is not None:
            self.fields["reason"].label = label


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note for the team"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("A phone call, a visit... The resident does not see it."),
    )


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


class QuoteForm(forms.ModelForm):
    class Meta:
        model = Quote
        fields = ["pricing", "hours", "hourly_rate", "amount", "note", "valid_until"]
        labels = {"amount": _("Fixed price")}
        help_texts = {"amount": _("Only for a fixed price.")}
        widgets = {
            "pricing": forms.RadioSelect,
            "hours": forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}),
            "hourly_rate": forms.NumberInput(attrs={"step": "0.5", "min": "0"}),
            "amount": forms.NumberInput(attrs={"step": "1", "min": "0"}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "valid_until": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = False

    def clean(self):
        cleaned = super().clean()
        pricing = cleaned.get("pricing")
        if pricing == Pricing.HOURLY:
            for name in ("hours", "hourly_rate"):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Needed for an hourly quote."))
            if cleaned.get("hours") is not None and cleaned["hours"] <= 0:
                self.add_error("hours", _("Give a number of hours above zero."))
        elif (
            pricing == Pricing.FIXED
            and cleaned.get("amount") is None
            and "amount" not in self.errors
        ):
            self.add_error("amount", _("Needed for a fixed-price quote."))
        for name in ("hourly_rate", "amount"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, _("A price cannot be negative."))
        valid_until = cleaned.get("valid_until")
        if valid_until and valid_until < timezone.localdate():
            self.add_error("valid_until", _("A quote must be valid at least until today."))
        return cleaned


class JobForm(forms.ModelForm):
    class Meta:
        model = Job
        fields = [
            "date",
            "starts_at",
            "ends_at",
            "seats",
            "skills",
            "address",
            "postal_code",
            "town_name",
            "hourly_rate",
            "notes",
        ]
        widgets = {
            "date": DateInput(),
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
            "seats": forms.NumberInput(attrs={"min": "1", "max": "20"}),
            "skills": forms.CheckboxSelectMultiple,
            "hourly_rate": forms.NumberInput(attrs={"step": "0.5", "min": "0"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        # Ids beyond what a column holds are refused, not a server error (cjs.fields).
        field_classes = {"skills": ModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.all()
        self.fields["skills"].required = False

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must come after the start."))
        return cleaned

    def action_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ServiceForm(forms.ModelForm):
    confirmed_skills = ModelMultipleChoiceField(
        label=_("Skills a member's word is not enough for"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Among the skills required: those a youth leader or the HR committee must have "
            "confirmed (or the member earned on an earlier job), e.g. first aid for babysitting."
        ),
    )

    class Meta:
        model = Service
        fields = [
            "name_fr",
            "name_en",
            "description_fr",
            "description_en",
            "pricing",
            "hourly_rate",
            "fixed_price",
            "skills",
            "minimum_age",
            "is_active",
            "order",
        ]
        widgets = {
            "description_fr": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "pricing": forms.RadioSelect,
            "skills": forms.CheckboxSelectMultiple,
        }
        field_classes = {"skills": ModelMultipleChoiceField}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("pricing") == Pricing.FIXED
            and cleaned.get("fixed_price") is None
            and "fixed_price" not in self.errors
        ):
            self.add_error("fixed_price", _("Needed for a fixed-price service."))
        confirmed = set(cleaned.get("confirmed_skills") or ())
        if confirmed - set(cleaned.get("skills") or ()):
            self.add_error(
                "confirmed_skills", _("A skill to confirm must also be among the skills required.")
            )
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["confirmed_skills"] = [
                need.skill_id
                for need in self.instance.skill_needs.all()
                if need.level == SkillLevel.CONFIRMED
            ]

    def _save_m2m(self) -> None:
        super()._save_m2m()
        # Each required skill at the level asked: confirmed when ticked, declared otherwise.
        confirmed = {skill.pk for skill in self.cleaned_data.get("confirmed_skills") or ()}
        needs = ServiceSkill.objects.filter(service=self.instance)
        needs.filter(skill_id__in=confirmed).update(level=SkillLevel.CONFIRMED)
        needs.exclude(skill_id__in=confirmed).update(level=SkillLevel.DECLARED)

    def save(self, commit: bool = True) -> Service:
        service = super().save(commit=False)
        if not service.slug:
            base = slugify(service.name_fr)[:34] or "service"
            slug, number = base, 2
            while Service.objects.filter(slug=slug).exists():
                slug, number = f"{base}-{number}", number + 1
            service.slug = slug
        if commit:
            service.save()
            self.save_m2m()
        return service


class InboxFilterForm(forms.Form):
    """Filters of the requests inbox (GET): status, service, and a search on name or town."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *RequestStatus.choices],
        widget=forms.RadioSelect,
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=Service.objects.all(),
        empty_label=_("All services"),
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, town or postal code")}),
    )

    def service_options(self) -> list[tuple[int, str, bool]]:
        """``(id, name, selected)`` of the catalogue (the field's queryset, every service) for
        the select the view writes (``options_html``): the services read as columns, by SQL
        compiled once (a model instance each cost more than the rest of it)."""
        chosen = str(self["service"].value())
        language = get_language()
        return [
            (pk, localized(french, english, language), str(pk) == chosen)
            for pk, _slug, french, english in queries.catalogue_names()
        ]


def options_html(options: Iterable[tuple[object, object, bool]]) -> SafeString:
    """``<option value="…"[ selected]>…</option>`` of ``(value, label, selected)``, escaped
    as the template's ``{{ value }}`` and ``{{ label }}`` escape them, in one string: a loop
    in the template costs about a hundred Python calls an option."""
    return mark_safe(  # every value and label is escaped here
        "".join(
            f'<option value="{conditional_escape(value)}"{" selected" if selected else ""}>'
            f"{conditional_escape(label)}</option>"
            for value, label, selected in options
        )
    )


class HoursForm(forms.Form):
    """The hours a member actually worked on a job (logged by them, or corrected)."""

    started_at = forms.TimeField(label=_("Started at"), widget=TimeInput())
    ended_at = forms.TimeField(label=_("Finished at"), widget=TimeInput())
    break_minutes = forms.IntegerField(
        label=_("Break (minutes)"),
        min_value=0,
        max_value=600,
        initial=0,
        widget=forms.NumberInput(attrs={"step": "5"}),
    )

    def __init__(self, *args, job: Job, timesheet=None, **kwargs):
        if timesheet is not None:
            initial = {
                "started_at": timesheet.started_at,
                "ended_at": timesheet.ended_at,
                "break_minutes": timesheet.break_minutes,
            }
        else:
            initial = {"started_at": job.starts_at, "ended_at": job.ends_at, "break_minutes": 0}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("started_at"), cleaned.get("ended_at")
        if starts and ends and ends <= starts:
            self.add_error("ended_at", _("The end must come after the start."))
        return cleaned


class HoursValidationForm(HoursForm):
    """The hours as a validator confirms or corrects them, with a word for the member."""

    note = forms.CharField(
        label=_("Note for the member"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("Say why when you correct the hours."),
    )


class AssignForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
