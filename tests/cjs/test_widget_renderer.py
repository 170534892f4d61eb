"""``cjs.widgets.WidgetRenderer`` writes the common widgets without their templates: the HTML
must stay what Django's own templates write, for any value, attribute and choice."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from cjs.escaping import escape
from cjs.widgets import DateInput, WidgetRenderer

CHOICES = [("", "---"), ("a", "Tom & Jerry"), ("b", '"quoted"')]
GROUPED = [("Jardin", [("1", "Tonte"), ("2", "Taille")]), ("3", "Ménage")]


class EveryWidget(forms.Form):
    name = forms.CharField(max_length=20, help_text="x", widget=forms.TextInput({"class": "c"}))
    email = forms.EmailField(required=False)
    count = forms.IntegerField(min_value=0)
    day = forms.DateField(widget=DateInput)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea({"rows": 3}), required=False)
    pick = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)


def render_with(renderer, data=None) -> str:
    form = EveryWidget(data=data, renderer=renderer)
    return "".join(str(form[name]) for name in form.fields)


def test_unbound_widgets_are_written_as_django_writes_them():
    assert parse_html(render_with(WidgetRenderer())) == parse_html(render_with(DjangoTemplates()))


def test_bound_widgets_with_hostile_values_are_written_as_django_writes_them():
    data = {
        "name": '<script>"x"</script>',
        "email": "a&b@example.org",
        "count": "-1",
        "day": "2026-07-01",
        "secret": "'",
        "agree": "on",
        "note": "</textarea><b>",
        "pick": "a",
        "grouped": "2",
        "many": ["a", "b"],
    }
    ours = render_with(WidgetRenderer(), data)
    assert parse_html(ours) == parse_html(render_with(DjangoTemplates(), data))
    assert "<script>" not in ours and "</textarea><b>" not in ours


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "",
        'Tom & Jerry <b>"it\'s"</b>',
        "&amp; already escaped",
        mark_safe("<b>safe</b>"),
        gettext_lazy("Choose a service"),
        "été – 12,00 €",
        42,
        None,
        gettext_lazy("Name, town or postal code") + "<&>",
        3.5,
    ],
)
def test_attribute_values_are_escaped_exactly_as_django_escapes_them(value):
    """``cjs.escaping.escape``, which the widgets and the tags writing rows use."""
    assert escape(value) == conditional_escape(value)
