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
