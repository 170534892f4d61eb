"""The forms of the cooperative's own pages: quotes, jobs, the catalogue, the inbox's
filters, hours, staffing."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cjs.fields import ModelMultipleChoiceField
from cjs.widgets import DateInput, TimeInput
from members.models import Skill, SkillLevel
from services import queries
from services.models import (
    Job,
    Pricing,
    Quote,
    RequestStatus,
    Service,
    ServiceSkill,
    localized,
)


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
