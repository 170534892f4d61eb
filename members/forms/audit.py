"""The filters of the leaders' history page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cjs.widgets import DateInput
from members.audit import AuditFilters, tracked_kinds
from members.models import User


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    changed_by = forms.ModelChoiceField(
        label=_("Changed by"), queryset=User.objects.all(), required=False
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())
    record = forms.IntegerField(label=_("Record number"), required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [(key, kind.label) for key, kind in tracked_kinds().items()]
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]

    def filters(self) -> AuditFilters:
        """The filters asked for; none when the form is not valid."""
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            kind=data["kind"],
            changed_by=data["changed_by"].pk if data["changed_by"] else None,
            since=data["since"],
            until=data["until"],
            record=data["record"],
        )
