"""The rotation planner's forms: a new plan, and the changes to its seats."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cjs.fields import ModelMultipleChoiceField
from members.models import (
    Committee,
    Role,
    RotationPlan,
    RotationSeat,
    Season,
    User,
)
from members.planning import plan_periods


class RotationPlanForm(forms.Form):
    first_week = forms.TypedChoiceField(
        label=_("First week"), coerce=dt.date.fromisoformat, choices=()
    )
    last_week = forms.TypedChoiceField(
        label=_("Last week"), coerce=dt.date.fromisoformat, choices=()
    )
    roles = ModelMultipleChoiceField(
        label=_("Roles to rotate"),
        queryset=Role.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    committees = ModelMultipleChoiceField(
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
    participants = ModelMultipleChoiceField(
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
    seat = ModelMultipleChoiceField(
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


class TakeInForm(forms.Form):
    """Members who joined late, taken into a rotation from a period not begun."""

    members = ModelMultipleChoiceField(
        label=_("Members to take in"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose the members to take in.")},
    )
    since = forms.TypedChoiceField(
        label=_("From the week of"), coerce=dt.date.fromisoformat, choices=()
    )

    def __init__(self, *args, plan: RotationPlan, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            User.objects.enrolled_in(plan.season)
            .filter(is_active=True)
            .exclude(pk__in=plan.participants.values("pk"))
        )
        self.fields["since"].choices = [
            (period.start.isoformat(), date_format(period.start, "j F"))
            for period in plan_periods(plan)
            if period.start > today
        ]
