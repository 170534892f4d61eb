from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cjs.widgets import DateInput, DateTimeInput, TimeInput
from governance.agendas import template_choices
from governance.models import (
    Election,
    Majority,
    Meeting,
    MeetingKind,
    MeetingRules,
    ShareOutRule,
    Topic,
    VoteChoice,
)
from members.models import Committee, Enrolment, Role, User


def members_of(season):
    enrolled = Enrolment.objects.filter(season=season).active().values("user_id")
    return User.objects.filter(pk__in=enrolled, role=User.Role.MEMBER, is_active=True)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.filter(is_board=False),
        required=False,
        help_text=_("Only for a committee meeting."),
    )
    title = forms.CharField(label=_("Title"), max_length=150)
    day = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=150, required=False)
    chair = forms.ModelChoiceField(
        label=_("Chair"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty: the présidence of that day (for a debrief, who runs it that day)."),
    )
    secretary = forms.ModelChoiceField(
        label=_("Secretary"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty: the secrétariat of that day."),
    )
    template = forms.ChoiceField(label=_("Agenda"), choices=template_choices, required=False)

    def __init__(self, *args, season, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A meeting's chair and secretary are members; youth leaders run it alongside them.
        self.fields["chair"].queryset = members_of(season)
        self.fields["secretary"].queryset = members_of(season)
        if meeting is not None:
            # The kind and the agenda template are chosen once, at creation.
            for name in ("kind", "committee", "template"):
                del self.fields[name]
            local = timezone.localtime(meeting.starts_at)
            self.initial.update(
                title=meeting.title,
                day=local.date(),
                time=local.time(),
                place=meeting.place,
                chair=meeting.chair_id,
                secretary=meeting.secretary_id,
            )
        elif not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("day", max(today, season.starts_on))
            self.initial.setdefault("time", dt.time(17, 30))
            self.initial.setdefault("title", _("Board meeting"))

    def clean(self):
        cleaned = super().clean()
        kind, committee = cleaned.get("kind"), cleaned.get("committee")
        if "kind" in self.fields:
            if kind == MeetingKind.COMMITTEE and committee is None:
                self.add_error("committee", _("Choose the committee that meets."))
            if kind != MeetingKind.COMMITTEE:
                cleaned["committee"] = None
        if cleaned.get("day") and cleaned.get("time"):
            cleaned["starts_at"] = timezone.make_aware(
                dt.datetime.combine(cleaned["day"], cleaned["time"])
            )
        return cleaned


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MotionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))
    proposer = forms.ModelChoiceField(
        label=_("Proposed by"), queryset=User.objects.none(), required=False
    )
    majority = forms.ChoiceField(label=_("Majority"), choices=Majority.choices)
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=[c for c in Topic.choices if c[0] != Topic.MINUTES],
        help_text=_("The internal rules and the share-out rule in force show in the register."),
    )

    def __init__(self, *args, season, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer"].queryset = members_of(season)


class ShareOutRuleForm(forms.ModelForm):
    """The share-out rule of a motion, as the voters will read it."""

    class Meta:
        model = ShareOutRule
        fields = ShareOutRule.TERMS
        help_texts = {
            "pro_rata_percent": _("The equal part and the pro rata part add up to 100 %."),
            "bonus_min_hours": _("0: every member taking part receives the bonus."),
        }


class ElectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    role = forms.ModelChoiceField(
        label=_("Officer role"),
        queryset=Role.objects.filter(is_officer=True),
        required=False,
        help_text=_("Elect one member to a role..."),
    )
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.filter(is_board=False),
        required=False,
        help_text=_("...or several members to a committee."),
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=30, initial=1)
    method = forms.ChoiceField(
        label=_("Ballot"), choices=Election.Method.choices, initial=Election.Method.PER_SEAT
    )
    absolute_majority_first_round = forms.BooleanField(
        label=_("Absolute majority needed in the first round"), required=False, initial=True
    )
    term_starts_on = forms.DateField(label=_("Term starts on"), widget=DateInput())
    term_ends_on = forms.DateField(label=_("Term ends on"), widget=DateInput())

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("term_starts_on", meeting.day)
        self.initial.setdefault("term_ends_on", meeting.season.ends_on)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") and cleaned.get("committee"):
            raise forms.ValidationError(_("An election fills a role or a committee, not both."))
        if cleaned.get("role") and cleaned.get("seats", 1) != 1:
            self.add_error("seats", _("A role is held by one member: one seat."))
        starts, ends = cleaned.get("term_starts_on"), cleaned.get("term_ends_on")
        if starts and ends and ends < starts:
            self.add_error("term_ends_on", _("The term must end after it starts."))
        return cleaned


class MemberChoiceForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none())

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members


class ProxyForm(forms.Form):
    giver = forms.ModelChoiceField(label=_("Member who cannot come"), queryset=User.objects.none())
    holder = forms.ModelChoiceField(label=_("Votes in their name"), queryset=User.objects.none())
    # Not required here: without it the action refuses with the reason (``proxy_give``).
    giver_asked = forms.BooleanField(
        label=_("The member asked for it (in writing or in person)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("giver", "holder"):
            self.fields[name].queryset = members
            self.fields[name].widget.attrs["class"] = "form-select"


class OwnProxyForm(forms.Form):
    holder = forms.ModelChoiceField(
        label=_("I give my proxy to"), queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = members


class MinutesForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    other_business = forms.CharField(
        label=_("Other business"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ItemNotesForm(forms.Form):
    """The notes of one agenda item, saved as the secretary types. Through a form field
    like every typed text: it refuses a NUL character, which PostgreSQL cannot store."""

    notes = forms.CharField(required=False, strip=False)


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=150)
    details = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DateTimeInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            closes = timezone.localtime() + dt.timedelta(days=3)
            self.initial.setdefault("closes_at", closes.replace(hour=20, minute=0, second=0))


class ResponseForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("My position"), choices=VoteChoice.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)


class OutcomeForm(forms.Form):
    DECISION_CHOICES = [
        ("yes", _("Adopted")),
        ("no", _("Rejected")),
        ("", _("No decision (information only)")),
    ]
    adopted = forms.ChoiceField(
        label=_("Decision"), choices=DECISION_CHOICES, required=False, widget=forms.RadioSelect
    )
    outcome = forms.CharField(
        label=_("Outcome statement"), widget=forms.Textarea(attrs={"rows": 4})
    )


class MeetingRulesForm(forms.ModelForm):
    class Meta:
        model = MeetingRules
        fields = list(MeetingRules.RULE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def clean(self):
        cleaned = super().clean()
        numerator, denominator = cleaned.get("quorum_numerator"), cleaned.get("quorum_denominator")
        if numerator is not None and denominator and numerator > denominator:
            self.add_error("quorum_numerator", _("The share cannot be more than all the members."))
        return cleaned


MeetingRulesFormSet = forms.modelformset_factory(MeetingRules, form=MeetingRulesForm, extra=0)
