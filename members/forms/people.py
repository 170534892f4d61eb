"""The leaders' forms about the members (adding, editing, import, directory filters, leaving)
and the member's own profile and dates away."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cjs.fields import ModelMultipleChoiceField
from cjs.widgets import DateInput, WidgetRenderer
from members.actions import PROFILE_FIELDS, MemberDetails
from members.models import (
    EVERY_HALF_DAY,
    HALF_DAY_NAMES,
    WEEKDAY_NAMES,
    MemberProfile,
    Skill,
    User,
    half_day_bit,
)
from members.queries import skill_choices

# Dates typed by people (18/07/2008) and by browsers' date pickers (2008-07-18).
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
YOUNGEST_MEMBER_AGE = 12
OLDEST_MEMBER_AGE = 30


def _half_day_choices() -> list[tuple[str, str]]:
    return [
        (f"{weekday}-{half}", f"{WEEKDAY_NAMES[weekday]} {HALF_DAY_NAMES[half]}")
        for weekday in range(7)
        for half in (0, 1)
    ]


class AvailabilityField(forms.MultipleChoiceField):
    """The 14 half-days of the week as checkboxes; the cleaned value is the profile's bits."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Weekly availability"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Tick the half-days you can work. Mornings end at 13:00."))
        super().__init__(choices=_half_day_choices, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return [
                f"{weekday}-{half}"
                for weekday in range(7)
                for half in (0, 1)
                if value & half_day_bit(weekday, bool(half))
            ]
        return value

    def clean(self, value) -> int:
        codes = super().clean(value)
        bits = 0
        for code in codes:
            weekday, half = (int(part) for part in code.split("-"))
            bits |= half_day_bit(weekday, bool(half))
        return bits


class AvailabilityMixin:
    def availability_rows(self):
        """``[(day name, morning checkbox, afternoon checkbox), ...]`` for a grid."""
        boxes = list(self["availability"])
        return [(WEEKDAY_NAMES[i], boxes[2 * i], boxes[2 * i + 1]) for i in range(7)]


def skills_queryset():
    return Skill.objects.order_by("order", "name")


class MemberForm(AvailabilityMixin, forms.Form):
    """Everything a leader records about a member; also validates each row of an import."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        validators=[UnicodeUsernameValidator()],
        help_text=_("To log in. Made from the names when left empty (lea.martin)."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=DateInput(), input_formats=DATE_FORMATS
    )
    guardian_name = forms.CharField(label=_("Legal guardian"), max_length=120, required=False)
    guardian_phone = forms.CharField(label=_("Guardian's phone"), max_length=30, required=False)
    guardian_email = forms.EmailField(label=_("Guardian's email"), required=False)
    parental_authorization_received_on = forms.DateField(
        label=_("Parental authorization received on"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        help_text=_(
            "A minor cannot take jobs until it is received. It is signed for one summer: it "
            "lasts a year from this date."
        ),
    )
    emergency_contact_name = forms.CharField(
        label=_("Emergency contact"), max_length=120, required=False
    )
    emergency_contact_phone = forms.CharField(
        label=_("Emergency contact's phone"), max_length=30, required=False
    )
    availability = AvailabilityField()
    skills = ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, instance: User | None = None, skills=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        skills = list(skills if skills is not None else skills_queryset())
        self.fields["skills"].queryset = Skill.objects.filter(pk__in=[s.pk for s in skills])
        self.certificate_skills = [s for s in skills if s.requires_certificate]
        for skill in self.certificate_skills:
            self.fields[f"certificate_{skill.pk}"] = forms.DateField(
                label=_("%(skill)s: certificate valid until") % {"skill": skill.name},
                required=False,
                widget=DateInput(),
                input_formats=DATE_FORMATS,
            )
        if instance is not None and not self.is_bound:
            self.initial.update(member_initial(instance))
        if not self.is_bound:
            self.initial.setdefault("availability", EVERY_HALF_DAY)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if username:
            others = User.objects.filter(username__iexact=username)
            if self.instance is not None:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(_("This username is already taken."))
        return username

    def clean_date_of_birth(self) -> dt.date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if not YOUNGEST_MEMBER_AGE <= age < OLDEST_MEMBER_AGE:
            raise forms.ValidationError(
                _("Check the date of birth: a member is %(young)d to %(old)d years old."),
                params={"young": YOUNGEST_MEMBER_AGE, "old": OLDEST_MEMBER_AGE - 1},
            )
        return born

    def clean_parental_authorization_received_on(self) -> dt.date | None:
        received = self.cleaned_data["parental_authorization_received_on"]
        if received and received > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return received

    def clean(self):
        cleaned = super().clean()
        born = cleaned.get("date_of_birth")
        if born:
            profile = MemberProfile(date_of_birth=born)
            if profile.is_minor_on(timezone.localdate()):
                for name in ("guardian_name", "guardian_phone"):
                    if not cleaned.get(name):
                        self.add_error(name, _("Required for a minor."))
        return cleaned

    def details(self) -> MemberDetails:
        data = self.cleaned_data
        return MemberDetails(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            username=data["username"],
            email=data["email"],
            phone=data["phone"].strip(),
            date_of_birth=data["date_of_birth"],
            guardian_name=data["guardian_name"].strip(),
            guardian_phone=data["guardian_phone"].strip(),
            guardian_email=data["guardian_email"],
            parental_authorization_received_on=data["parental_authorization_received_on"],
            emergency_contact_name=data["emergency_contact_name"].strip(),
            emergency_contact_phone=data["emergency_contact_phone"].strip(),
            availability=data["availability"],
            skills={skill.pk: data.get(f"certificate_{skill.pk}") for skill in data["skills"]},
        )

    def sensitive_fields(self):
        names = [
            "date_of_birth",
            "guardian_name",
            "guardian_phone",
            "guardian_email",
            "parental_authorization_received_on",
            "emergency_contact_name",
            "emergency_contact_phone",
        ]
        return [self[name] for name in names]

    def certificate_fields(self):
        return [self[f"certificate_{skill.pk}"] for skill in self.certificate_skills]


def member_initial(user: User) -> dict:
    profile = user.member_profile or MemberProfile(user=user)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "username": user.username,
        "email": user.email,
        "skills": [held.skill_id for held in user.member_skills.all()],
    }
    initial.update({name: getattr(profile, name) for name in PROFILE_FIELDS})
    for held in user.member_skills.all():
        if held.certificate_until:
            initial[f"certificate_{held.skill_id}"] = held.certificate_until
    return initial


class MyProfileForm(AvailabilityMixin, forms.Form):
    """What members change themselves."""

    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    skills = ModelMultipleChoiceField(
        label=_("My skills"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A skill that needs a certificate counts once a youth leader has seen the certificate."
        ),
    )
    availability = AvailabilityField()

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = skills_queryset()
        if not self.is_bound:
            profile = user.member_profile
            self.initial.update(
                {
                    "email": user.email,
                    "phone": profile.phone if profile else "",
                    "skills": [held.skill_id for held in user.member_skills.all()],
                    "availability": profile.availability if profile else EVERY_HALF_DAY,
                }
            )


class AbsenceForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DateInput(), input_formats=DATE_FORMATS)
    ends_on = forms.DateField(label=_("To"), widget=DateInput(), input_formats=DATE_FORMATS)
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=120,
        required=False,
        help_text=_("Holidays, exams... Only the youth leaders read it."),
    )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day must come after the first day."))
        return cleaned


class DeactivateForm(forms.Form):
    left_on = forms.DateField(
        label=_("Leaves on"),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        initial=timezone.localdate,
        help_text=_("Their roles and committees after that day are freed."),
    )


class CredentialsForm(forms.Form):
    members = ModelMultipleChoiceField(
        queryset=User.objects.none(), widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = User.objects.members().filter(is_active=True)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 or Excel CSV, separated by semicolons or commas, 500 rows at most."),
    )

    MAX_BYTES = 1_000_000

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (1 MB at most)."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("The file could not be read: save it as CSV (UTF-8)."))


class ImportConfirmForm(forms.Form):
    content = forms.CharField(widget=forms.HiddenInput, max_length=ImportUploadForm.MAX_BYTES)


class DirectoryFilterForm(forms.Form):
    default_renderer = WidgetRenderer()  # the skills' list: one option a skill, every page
    STATUSES = [
        ("", _("All active members")),
        ("not_cleared", _("Not cleared")),
        ("minors", _("Minors")),
        ("adults", _("Adults")),
        ("inactive", _("Deactivated")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    # Chosen by its slug; cleaned to its id. The skills are read as columns (a model
    # instance and a widget option each cost more than the rest of the filters).
    skill = forms.ChoiceField(label=_("Skill"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        skills = skill_choices()
        self._skill_ids = {slug: pk for pk, slug, _name in skills}
        self.fields["skill"].choices = [
            ("", _("All skills")),
            *((slug, name) for _pk, slug, name in skills),
        ]
        for name in ("skill", "status"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean_skill(self) -> int | None:
        """The chosen skill's id (``None``: every skill)."""
        return self._skill_ids.get(self.cleaned_data["skill"])
