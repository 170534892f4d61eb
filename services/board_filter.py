"""The job board's filters: one of the coming days, a service (GET, htmx). Their options are
written once per day, language and choice (``options_html``): the board is the page members
reload most."""

from __future__ import annotations

import datetime as dt
import functools

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from services import queries
from services.forms import options_html
from services.models import Service, localized
from services.queries.board import formatted


class BoardFilterForm(forms.Form):
    """Filters of the job board (GET): one of the coming days, a service."""

    day = forms.TypedChoiceField(label=_("Day"), required=False, coerce=dt.date.fromisoformat)
    service = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=Service.objects.all(),
        to_field_name="slug",
        empty_label=_("All services"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, today: dt.date, days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.day_choices = _day_choices(today, days, get_language())
        if self.is_bound:  # the field's choices are read to validate what was chosen only
            self.fields["day"].choices = self.day_choices

    def day_options(self) -> SafeString:
        """The ``<option>`` of the days, as the template wrote them from the field's choices
        (``options_html``)."""
        return _options(self.day_choices, self["day"].value())

    def service_options(self) -> SafeString:
        """The ``<option>`` of the services, first the empty choice: the select the
        template writes, as the widget would (which costs more than the query)."""
        value = self["service"].value() or ""
        return _options(_service_choices(tuple(queries.catalogue_names()), get_language()), value)


@functools.lru_cache(maxsize=64)
def _service_choices(rows: tuple[tuple[int, str, str, str], ...], _language: str) -> tuple:
    """The empty choice and ``(slug, name)`` of the catalogue's services as read (``rows``),
    in the active language: once per process while the catalogue stays the same."""
    empty = str(BoardFilterForm.base_fields["service"].empty_label)
    named = ((slug, localized(french, english)) for _pk, slug, french, english in rows)
    return (("", empty), *named)


@functools.lru_cache(maxsize=64)
def _day_choices(today: dt.date, days: int, _language: str) -> tuple[tuple[str, str], ...]:
    """The board's days to choose from, in the active language (once per day and language)."""
    choices = [("", str(_("The coming days")))]
    for offset in range(days + 1):
        day = today + dt.timedelta(days=offset)
        label = formatted(day, "l j F")
        if offset == 0:
            label = _("Today, %(day)s") % {"day": label}
        elif offset == 1:
            label = _("Tomorrow, %(day)s") % {"day": label}
        choices.append((day.isoformat(), label))
    return tuple(choices)


@functools.lru_cache(maxsize=256)
def _options(choices: tuple[tuple[str, str], ...], value: object) -> SafeString:
    """``options_html`` of ``(value, label)`` choices, ``value`` selected, once per distinct
    choices (the catalogue's names as read, the days of a day) and value."""
    return options_html((choice, label, choice == value) for choice, label in choices)
