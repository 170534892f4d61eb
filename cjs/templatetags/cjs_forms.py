"""``{% load cjs_forms %}``: a form field written as Bootstrap 5 wants it (label, widget,
errors, help text), as crispy-forms wrote it and the request form's ``field`` partial wrote it
after: in Python, because the partial's variables and conditions cost the template some
three hundred Python calls a field, on the form the flyer-drop crowd opens."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_REQUIRED = '<span class="asteriskField">*</span>'


@register.simple_tag
def field_block(field) -> SafeString:
    """``{% field_block form.email %}``: the field's label, widget, errors and help text."""
    e = conditional_escape
    auto_id = e(field.auto_id)
    required = field.field.required
    help_text = field.help_text
    return mark_safe(
        f'<div id="div_{auto_id}" class="mb-3">\n'
        f'<label for="{e(field.id_for_label)}" class="form-label'
        f'{" requiredField" if required else ""}">{e(field.label)}'
        f"{_REQUIRED if required else ''}</label>\n"
        f"{e(field)}\n"
        f"{field_errors(field)}"
        + (f'<div id="{auto_id}_helptext" class="form-text">{help_text}</div>' if help_text else "")
        + "\n</div>"
    )


@register.simple_tag
def field_errors(field) -> SafeString:
    """``{% field_errors form.email %}``: the field's errors, each numbered (nothing when
    none)."""
    errors = field.errors
    if not errors:
        return mark_safe("")
    auto_id = conditional_escape(field.auto_id)
    lines = "".join(
        f'<p id="error_{n}_{auto_id}"><strong>{conditional_escape(error)}</strong></p>'
        for n, error in enumerate(errors, start=1)
    )
    return mark_safe(f'<div id="{auto_id}_error" class="invalid-feedback">{lines}</div>')


@register.simple_tag
def radio_block(field) -> SafeString:
    """``{% radio_block form.time_of_day %}``: a required choice as Bootstrap's radio buttons
    in a fieldset whose legend is the label, the errors under the last one; written from the
    field's choices, without a bound widget per choice."""
    e = conditional_escape
    auto_id = e(field.auto_id)
    errors = field.errors
    invalid = " is-invalid" if errors else ""
    aria_invalid = ' aria-invalid="true"' if errors else ""
    name = e(field.html_name)
    checked = {str(value) for value in field.field.widget.format_value(field.value())}
    choices = list(field.field.choices)
    radios = []
    for index, (value, label) in enumerate(choices):
        radio_id = f"{auto_id}_{index}"
        radios.append(
            f'<div class="form-check">\n'
            f'<input type="radio" class="form-check-input{invalid}" name="{name}" '
            f'value="{e(value)}" id="{radio_id}" required{aria_invalid}'
            f"{' checked' if str(value) in checked else ''}>\n"
            f'<label for="{radio_id}" class="form-check-label">{e(label)}</label>\n'
            f"{field_errors(field) if index == len(choices) - 1 else ''}\n</div>"
        )
    described = f' aria-describedby="{auto_id}_error"' if errors else ""
    return mark_safe(
        f'<div id="div_{auto_id}" class="mb-3">\n<fieldset{described}>\n'
        f'<legend class="form-label requiredField fs-6">{e(field.label)}{_REQUIRED}</legend>\n'
        "<div>\n" + "\n".join(radios) + "\n</div>\n</fieldset>\n</div>"
    )


@register.simple_tag
def labelled_widget(field) -> SafeString:
    """``{% labelled_widget form.town_name %}``: a required field's label and widget, its
    errors written elsewhere (the postcode and town pair)."""
    e = conditional_escape
    return mark_safe(
        f'<label for="{e(field.id_for_label)}" class="form-label requiredField">'
        f"{e(field.label)}{_REQUIRED}</label>\n{e(field)}"
    )
