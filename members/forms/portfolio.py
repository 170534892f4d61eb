"""The skills portfolio's entry form."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cjs.widgets import DateInput
from members.actions import PortfolioDetails
from members.forms.people import DATE_FORMATS, skills_queryset
from members.models import (
    Committee,
    Role,
    Season,
    Skill,
    User,
)
from members.portfolio import activity_choices, resolve_activity


class PortfolioEntryForm(forms.Form):
    happened_on = forms.DateField(label=_("Date"), widget=DateInput(), input_formats=DATE_FORMATS)
    title = forms.CharField(label=_("What I learned or practised"), max_length=140)
    reflection = forms.CharField(
        label=_("Reflection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few lines: what you did, what went well, what you would do differently."),
    )
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.none(), required=False)
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none(), required=False)
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.none(), required=False
    )
    activity = forms.ChoiceField(label=_("Job or meeting"), required=False, choices=())

    def __init__(self, *args, user: User, season: Season, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.season = user, season
        self.fields["skill"].queryset = skills_queryset()
        self.fields["role"].queryset = Role.objects.order_by("order", "name")
        self.fields["committee"].queryset = Committee.objects.order_by("order", "name")
        groups = activity_choices(user, season)
        if groups:
            self.fields["activity"].choices = [("", "---------"), *groups]
        else:
            del self.fields["activity"]
        if entry is not None and not self.is_bound:
            self.initial.update(
                {
                    "happened_on": entry.happened_on,
                    "title": entry.title,
                    "reflection": entry.reflection,
                    "skill": entry.skill_id,
                    "role": entry.role_id,
                    "committee": entry.committee_id,
                }
            )
            if entry.activity_type_id and "activity" in self.fields:
                label = entry.activity_type.model_class()._meta.label_lower
                self.initial["activity"] = f"{label}:{entry.activity_id}"
        elif not self.is_bound:
            self.initial["happened_on"] = timezone.localdate()

    def clean_activity(self):
        value = self.cleaned_data.get("activity")
        if not value:
            return None
        found = resolve_activity(value, self.user, self.season)
        if found is None:
            raise forms.ValidationError(_("Choose one of your jobs or meetings."))
        return found

    def details(self) -> PortfolioDetails:
        data = self.cleaned_data
        return PortfolioDetails(
            happened_on=data["happened_on"],
            title=data["title"].strip(),
            reflection=data["reflection"].strip(),
            skill=data["skill"],
            role=data["role"],
            committee=data["committee"],
            activity=data.get("activity"),
        )
