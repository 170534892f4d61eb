"""``{% field_block %}`` and ``{% field_errors %}`` (cjs/templatetags/cjs_forms.py) write a
form field as the request form's ``field`` and ``errors`` partials wrote it: blank, bound
with errors, hostile values, both languages."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from members.models import Cooperative
from services.forms import RequestForm

pytestmark = pytest.mark.django_db

# The partials as templates/services/request_form.html defined them before the tags.
FORMER_ERRORS = (
    '{% if field.errors %}<div id="{{ field.auto_id }}_error" class="invalid-feedback">'
    '{% for error in field.errors %}<p id="error_{{ forloop.counter }}_{{ field.auto_id }}">'
    "<strong>{{ error }}</strong></p>{% endfor %}</div>{% endif %}"
)
FORMER_FIELD = Template(
    '<div id="div_{{ field.auto_id }}" class="mb-3">\n'
    '<label for="{{ field.id_for_label }}" class="form-label{% if field.field.required %}'
    ' requiredField{% endif %}">{{ field.label }}{% if field.field.required %}'
    '<span class="asteriskField">*</span>{% endif %}</label>\n'
    "{{ field }}\n" + FORMER_ERRORS + '{% if field.help_text %}<div id="{{ field.auto_id }}'
    '_helptext" class="form-text">{{ field.help_text|safe }}</div>{% endif %}\n</div>'
)
FORMER_ERRORS_ONLY = Template(FORMER_ERRORS)
NEW_FIELD = Template("{% load cjs_forms %}{% field_block field %}")
NEW_ERRORS = Template("{% load cjs_forms %}{% field_errors field %}")
HOSTILE = "<b>\"Tom\" & 'Jerry'</b>"


def _forms(service):
    cooperative = Cooperative.load()
    yield RequestForm(cooperative=cooperative)
    yield RequestForm(data={}, cooperative=cooperative)
    yield RequestForm(
        cooperative=cooperative,
        data={
            "service": service.pk,
            "description": HOSTILE,
            "wished_from": "2001-01-01",
            "wished_until": "not a date",
            "time_of_day": HOSTILE,
            "estimated_hours": "-3",
            "address": HOSTILE,
            "postal_code": "<75001>",
            "town_name": HOSTILE,
            "first_name": HOSTILE,
            "last_name": "O'Brien",
            "phone": "not a phone",
            "email": "not an email",
        },
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_field_is_written_as_the_partials_wrote_it(language, service):
    with translation.override(language):
        seen_errors = 0
        for form in _forms(service):
            for field in form:
                context = {"field": field}
                former = FORMER_FIELD.render(Context(context))
                assert NEW_FIELD.render(Context(context)) == former
                assert NEW_ERRORS.render(Context(context)) == FORMER_ERRORS_ONLY.render(
                    Context(context)
                )
                seen_errors += bool(field.errors)
                assert HOSTILE not in former
        assert seen_errors >= 5
