from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.forms import modelformset_factory
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cjs import ratelimit
from cjs.widgets import DateInput, TimeInput
from members.actions import PROFILE_FIELDS, MemberDetails, PortfolioDetails
from members.models import (
    EVERY_HALF_DAY,
    HALF_DAY_NAMES,
    WEEKDAY_NAMES,
    Committee,
    Cooperative,
    Enrolment,
    MemberProfile,
    Role,
    RotationPlan,
    RotationSeat,
    Season,
    Skill,
    Town,
    User,
    half_day_bit,
    normalize_postal_code,
)
from members.portfolio import activity_choices, resolve_activity


class LoginForm(AuthenticationForm):
    """Django's form, whose error never says whether the username exists, with a brake on
    password guessing: after ``LOGIN_FAILURE_LIMIT`` failures for one username from one
    address within ``LOGIN_WINDOW`` seconds, logins are refused for the rest of the window."""

    LOGIN_FAILURE_LIMIT = 10
    LOGIN_WINDOW = 15 * 60

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocapitalize": "none"})

    def _throttle_key(self) -> str:
        username = (self.data.get("username") or "").strip().lower()
        address = ratelimit.client_address(self.request) if self.request else "unknown"
        return f"{address}|{username}"

    def clean(self):
        key = self._throttle_key()
        failures = ratelimit.count("login", key, window=self.LOGIN_WINDOW)
        if failures >= self.LOGIN_FAILURE_LIMIT:
            raise forms.ValidationError(
                _(
                    "Too many failed attempts. Wait a quarter of an hour, or ask a youth "
                    "leader for a new first-login link."
                ),
                code="throttled",
            )
        try:
            return super().clean()
        except forms.ValidationError:
            ratelimit.hit("login", key, limit=self.LOGIN_FAILURE_LIMIT, window=self.LOGIN_WINDOW)
            raise


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


class PublicPageForm(forms.ModelForm):
    class Meta:
        model = Cooperative
        fields = ["tagline", "public_description"]
        widgets = {"public_description": forms.Textarea(attrs={"rows": 8})}


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
    returning = forms.ModelMultipleChoiceField(
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


# --- Members ------------------------------------------------------------------------------------

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


def _skills_queryset():
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
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, instance: User | None = None, skills=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        skills = list(skills if skills is not None else _skills_queryset())
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
    skills = forms.ModelMultipleChoiceField(
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
        self.fields["skills"].queryset = _skills_queryset()
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
    members = forms.ModelMultipleChoiceField(
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
    STATUSES = [
        ("", _("All active members")),
        ("not_cleared", _("Not cleared")),
        ("minors", _("Minors")),
        ("adults", _("Adults")),
        ("inactive", _("Deactivated")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.none(),
        required=False,
        empty_label=_("All skills"),
        to_field_name="slug",
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = _skills_queryset()
        for name in ("skill", "status"):
            self.fields[name].widget.attrs["class"] = "form-select"


# --- Rotation -----------------------------------------------------------------------------------


class RotationPlanForm(forms.Form):
    first_week = forms.TypedChoiceField(
        label=_("First week"), coerce=dt.date.fromisoformat, choices=()
    )
    last_week = forms.TypedChoiceField(
        label=_("Last week"), coerce=dt.date.fromisoformat, choices=()
    )
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles to rotate"),
        queryset=Role.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    committees = forms.ModelMultipleChoiceField(
        label=_("Committees to rotate"),
        queryset=Committee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    weeks_per_period = forms.IntegerField(
        label=_("Weeks on each committee"),
        min_value=1,
        max_value=12,
        help_text=_("Members move to another committee after this many weeks."),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Members taking part"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, season: Season, kind: str, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        mondays = season.week_starts()
        choices = [(monday.isoformat(), _week_label(monday)) for monday in mondays]
        self.fields["first_week"].choices = choices
        self.fields["last_week"].choices = choices
        members = (
            User.objects.enrolled_in(season)
            .select_related("profile")
            .prefetch_related("absences")
            .order_by("first_name", "last_name")
        )
        self.fields["participants"].queryset = members
        self.fields["roles"].queryset = Role.objects.order_by("order", "name")
        committees = Committee.objects.filter(is_board=False).order_by("order", "name")
        self.fields["committees"].queryset = committees
        if kind == RotationPlan.Kind.ROLES:
            del self.fields["committees"]
            del self.fields["weeks_per_period"]
        else:
            del self.fields["roles"]
        if not self.is_bound:
            this_monday = today - dt.timedelta(days=today.weekday())
            first = max(this_monday, mondays[0]) if this_monday <= mondays[-1] else mondays[0]
            self.initial.update(
                {
                    "first_week": first.isoformat(),
                    "last_week": mondays[-1].isoformat(),
                    "participants": list(members),
                }
            )
            if kind == RotationPlan.Kind.ROLES:
                self.initial["roles"] = list(Role.objects.filter(is_officer=False))
            else:
                weeks = len([m for m in mondays if m >= first])
                count = max(committees.count(), 1)
                self.initial["committees"] = list(committees)
                self.initial["weeks_per_period"] = max(1, weeks // count)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_week"), cleaned.get("last_week")
        if first and last and last < first:
            self.add_error("last_week", _("The last week must come after the first week."))
        slots = "roles" if self.kind == RotationPlan.Kind.ROLES else "committees"
        if slots in cleaned and not cleaned[slots]:
            self.add_error(slots, _("Choose at least one."))
        return cleaned

    @property
    def weeks(self) -> int:
        first, last = self.cleaned_data["first_week"], self.cleaned_data["last_week"]
        return (last - first).days // 7 + 1

    def participant_rows(self):
        """The participants' checkboxes with the member, to show their status and absences."""
        members = {str(user.pk): user for user in self.fields["participants"].queryset}
        return [(box, members.get(str(box.data["value"]))) for box in self["participants"]]


def _week_label(monday: dt.date) -> str:
    return _("Week of %(day)s") % {"day": date_format(monday, "j F")}


class SeatSetForm(forms.Form):
    """Roles: who holds the seat (empty: nobody)."""

    user = forms.ModelChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args, plan: RotationPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = plan.participants.filter(is_active=True)


class SeatMoveForm(forms.Form):
    committee = forms.ModelChoiceField(queryset=Committee.objects.none())

    def __init__(self, *args, plan: RotationPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = plan.committees.all()


class SeatPlaceForm(SeatMoveForm):
    user = forms.ModelChoiceField(queryset=User.objects.none())
    period_start = forms.DateField(input_formats=["%Y-%m-%d"])

    def __init__(self, *args, plan: RotationPlan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["user"].queryset = plan.participants.filter(is_active=True)


class SeatSwapForm(forms.Form):
    seat = forms.ModelMultipleChoiceField(
        queryset=RotationSeat.objects.none(),
        error_messages={"required": _("Tick the two seats to swap.")},
    )

    def __init__(self, *args, plan: RotationPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = plan.seats.all()

    def clean_seat(self):
        seats = list(self.cleaned_data["seat"])
        if len(seats) != 2:
            raise forms.ValidationError(_("Tick the two seats to swap."))
        return seats


# --- Skills portfolio ---------------------------------------------------------------------------


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
        self.fields["skill"].queryset = _skills_queryset()
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
