"""The forms of the site's frame: login, password change, the cooperative's settings, public
page and towns, and the start of a season."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.forms import modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cjs.fields import ModelMultipleChoiceField
from cjs.widgets import DateInput, TimeInput
from members.forms.bilingual import BilingualFormMixin
from members.models import (
    MINOR_LIMIT_PRESETS,
    Cooperative,
    Enrolment,
    Season,
    Town,
    User,
    normalize_postal_code,
)
from members.security import temporary_password_expired


class LoginForm(AuthenticationForm):
    """Django's form, whose error never says whether the username exists. Password guessing
    is braked by django-axes (see ``AXES_*`` in the settings and ``members.security``); a
    temporary password stops opening the account after ``TEMPORARY_PASSWORD_DAYS``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocapitalize": "none"})

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.must_change_password and temporary_password_expired(
            user.temporary_password_set_at, timezone.now()
        ):
            raise forms.ValidationError(
                _(
                    "This temporary password has expired. Ask a youth leader for a new one "
                    "(or for a first-login link)."
                ),
                code="temporary_password_expired",
            )


class NewPasswordChangeForm(PasswordChangeForm):
    """Django's form, refusing the current password as the new one: a member who received a
    temporary password (printed, known to the leaders) must really choose their own."""

    def clean(self):
        cleaned_data = super().clean()
        new = cleaned_data.get("new_password1")
        if new and new == cleaned_data.get("old_password"):
            self.add_error(
                "new_password1",
                forms.ValidationError(
                    _("Choose a password different from the current one."), code="unchanged"
                ),
            )
        return cleaned_data


class CooperativeForm(forms.ModelForm):
    apply_preset = forms.BooleanField(
        label=_("Reset the currency and the minors' working-time limits to the country preset"),
        required=False,
    )

    class Meta:
        model = Cooperative
        fields = [
            "name",
            "country",
            "currency",
            "contact_email",
            "contact_phone",
            "default_hourly_rate",
            "minor_max_hours_per_day",
            "minor_max_hours_per_week",
            "minor_min_daily_rest_hours",
            "minor_min_consecutive_rest_days",
            "minor_night_start",
            "minor_night_end",
            "minor_no_public_holidays",
            "minor_break_after_minutes",
            "minor_break_minutes",
            "head_start_enabled",
            "head_start_hours",
        ]
        widgets = {
            "minor_night_start": TimeInput(),
            "minor_night_end": TimeInput(),
        }

    def clean(self):
        """With the preset asked for, the limits checked against the law (``Cooperative.clean``)
        are the preset's, not the ones typed."""
        cleaned = super().clean()
        country = cleaned.get("country")
        if cleaned.get("apply_preset") and country in MINOR_LIMIT_PRESETS:
            for name, value in MINOR_LIMIT_PRESETS[country].items():
                if name in self.fields:
                    cleaned[name] = value
        return cleaned


class PublicPageForm(BilingualFormMixin, forms.ModelForm):
    """The home page's texts, in French and in English side by side."""

    bilingual = ("tagline", "public_description")

    class Meta:
        model = Cooperative
        fields = ["tagline_fr", "tagline_en", "public_description_fr", "public_description_en"]
        widgets = {
            "public_description_fr": forms.Textarea(attrs={"rows": 8}),
            "public_description_en": forms.Textarea(attrs={"rows": 8}),
        }


# Canadian postal codes never use D, F, I, O, Q or U, nor W or Z as the first letter.
_CANADIAN_FSA = r"[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z]"
POSTAL_CODE_PATTERNS = {
    Cooperative.Country.FRANCE: re.compile(r"[0-9]{5}"),
    # A full code (H2X 1Y4) or its forward sortation area alone (H2X), which serves the area.
    Cooperative.Country.QUEBEC: re.compile(rf"{_CANADIAN_FSA}(?:[0-9][ABCEGHJ-NPRSTV-Z][0-9])?"),
}
POSTAL_CODE_FORMATS = {
    Cooperative.Country.FRANCE: _("Enter a French postal code of five digits, such as 71140."),
    Cooperative.Country.QUEBEC: _(
        "Enter a Canadian postal code, such as H2X 1Y4, or its first three characters (H2X)."
    ),
}


class TownForm(forms.ModelForm):
    """A town of the territory; its postal code follows the format of the cooperative's
    country (the one being saved with it, when the leader changes it in the same form)."""

    def __init__(self, *args, country: str = Cooperative.Country.FRANCE, **kwargs):
        super().__init__(*args, **kwargs)
        self.country = country

    def clean_postal_code(self) -> str:
        code = normalize_postal_code(self.cleaned_data["postal_code"])
        pattern = POSTAL_CODE_PATTERNS.get(self.country)
        if pattern is not None and not pattern.fullmatch(code):
            raise forms.ValidationError(POSTAL_CODE_FORMATS[self.country], code="postal_code")
        return code

    class Meta:
        model = Town
        fields = ["name", "postal_code"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "postal_code": forms.TextInput(
                attrs={"class": "form-control form-control-sm", "inputmode": "text", "size": 8}
            ),
        }


TownFormSet = modelformset_factory(Town, form=TownForm, extra=2, can_delete=True)


class TownAdminForm(TownForm):
    """The back office's town form: the same postal-code check, for the country saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("country", Cooperative.load().country)
        super().__init__(*args, **kwargs)


class SeasonStartForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    returning = ModelMultipleChoiceField(
        label=_("Returning members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ticked members are enrolled in the new season. The accounts of the others are "
            "deactivated; their history stays in the archive."
        ),
    )

    def __init__(self, *args, previous: Season | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if previous is not None:
            members = User.objects.filter(
                pk__in=Enrolment.objects.filter(season=previous).active().values("user_id")
            )
            self.fields["returning"].queryset = members
            self.fields["returning"].initial = list(members)
        else:
            del self.fields["returning"]
        if not self.is_bound:
            year = timezone.localdate().year
            if previous is not None and previous.year >= year:
                year = previous.year + 1
            self.initial.setdefault("year", year)
            self.initial.setdefault("starts_on", dt.date(year, 7, 1))
            self.initial.setdefault("ends_on", dt.date(year, 8, 28))

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if Season.objects.filter(year=year).exists():
            raise forms.ValidationError(
                _("There is already a season %(year)s."), params={"year": year}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on, year = (cleaned.get(k) for k in ("starts_on", "ends_on", "year"))
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("The last day must come after the first day."))
        if starts_on and year and starts_on.year != year:
            self.add_error(
                "starts_on", _("The season must start in the year %(year)s.") % {"year": year}
            )
        return cleaned
