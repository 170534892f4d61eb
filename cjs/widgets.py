"""The browser's own date and time pickers (``type="date"``...), with the ISO formats those
inputs require whatever the page's language; a form renderer that writes the common widgets
without their templates."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from cjs.escaping import escape


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "number", "date", "hidden", "checkbox")
)


def _html_attrs(attrs: dict) -> str:
    """As ``django/forms/widgets/attrs.html`` writes them."""
    written = []
    for name, value in attrs.items():
        if value is True:
            written.append(f" {escape(name)}")
        elif value is not False:
            written.append(f' {escape(name)}="{escape(value)}"')
    return "".join(written)


class WidgetRenderer(DjangoTemplates):
    """A form renderer (``Form.default_renderer``) that writes inputs, selects and text areas
    as Django's widget templates do, without running a template per widget, option and
    attribute: for the pages where forms are most of the cost (the public request form, the
    directory's filters). Any other widget goes through the templates."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")  # absent from the error lists' templates
        if template_name in _INPUT_TEMPLATES:
            attrs = {"type": widget["type"], "name": widget["name"]}
            if widget["value"] is not None:
                attrs["value"] = widget["value"]
            return mark_safe(f"<input{_html_attrs(attrs | widget['attrs'])}>")
        if template_name == "django/forms/widgets/textarea.html":
            value = escape(widget["value"]) if widget["value"] else ""
            attrs = _html_attrs({"name": widget["name"]} | widget["attrs"])
            return mark_safe(f"<textarea{attrs}>\n{value}</textarea>")
        if template_name == "django/forms/widgets/select.html":
            return mark_safe(self._select(widget))
        return super().render(template_name, context, request)

    @staticmethod
    def _select(widget: dict) -> str:
        lines = [f"<select{_html_attrs({'name': widget['name']} | widget['attrs'])}>"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                lines.append(f'<optgroup label="{escape(group_name)}">')
            lines.extend(
                f"<option{_html_attrs({'value': option['value']} | option['attrs'])}>"
                f"{escape(option['label'])}</option>"
                for option in options
            )
            if group_name:
                lines.append("</optgroup>")
        lines.append("</select>")
        return "\n".join(lines)
