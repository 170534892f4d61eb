"""``{% field_block %}`` and ``{% field_errors %}`` (cjs/templatetags/cjs_forms.py) write a
form field as the request form's ``field`` and ``errors`` partials wrote it: blank, bound
with errors, hostile values, both languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone, translation

from members.models import Cooperative, Town
from services.forms import RequestForm
from services.models import Service
from tests.factories import ServiceFactory
from tests.services.conftest import form_data

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


# The time of day's radios and the address pair's label, as the request form wrote them before
# ``{% radio_block %}`` and ``{% labelled_widget %}``; the towns before ``{% towns_served %}``.
FORMER_RADIOS = Template(
    """{% load cjs_forms %}<div id="div_{{ field.auto_id }}" class="mb-3">
  <fieldset{% if field.errors %} aria-describedby="{{ field.auto_id }}_error"{% endif %}>
    <legend class="form-label requiredField fs-6">{{ field.label }}<span class="asteriskField">*</span></legend>
    <div>
      {% for radio in field %}
      <div class="form-check">
        <input type="radio" class="form-check-input{% if field.errors %} is-invalid{% endif %}" name="{{ field.html_name }}" value="{{ radio.data.value }}" id="{{ radio.id_for_label }}" required{% if field.errors %} aria-invalid="true"{% endif %}{% if radio.data.selected %} checked{% endif %}>
        <label for="{{ radio.id_for_label }}" class="form-check-label">{{ radio.choice_label }}</label>
        {% if forloop.last %}{% field_errors field %}{% endif %}
      </div>
      {% endfor %}
    </div>
  </fieldset>
</div>"""  # noqa: E501
)
NEW_RADIOS = Template("{% load cjs_forms %}{% radio_block field %}")
FORMER_LABELLED = Template(
    '<label for="{{ field.id_for_label }}" class="form-label requiredField">{{ field.label }}'
    '<span class="asteriskField">*</span></label>\n{{ field }}'
)
NEW_LABELLED = Template("{% load cjs_forms %}{% labelled_widget field %}")
FORMER_TOWNS = Template(
    """{% load i18n %}{% if towns %}
          <p class="small text-body-secondary mb-2">{% translate "We work in:" %} {% for town in towns %}{{ town.name }} ({{ town.postal_code }}){% if not forloop.last %}, {% endif %}{% endfor %}.</p>
          <datalist id="towns-served">{% for town in towns %}<option value="{{ town.name }}"></option>{% endfor %}</datalist>
        {% endif %}"""  # noqa: E501
)
NEW_TOWNS = Template("{% load services_tags %}{% towns_served towns %}")


def _markup(html: str) -> str:
    """The markup without the indentation between tags (the templates' layout)."""
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_radios_and_the_address_pair_are_written_as_the_template_wrote_them(language, service):
    with translation.override(language):
        forms = list(_forms(service))
        cooperative = Cooperative.load()
        forms.append(RequestForm(data={"time_of_day": "evening"}, cooperative=cooperative))
        seen_checked = seen_errors = 0
        for form in forms:
            context = {"field": form["time_of_day"]}
            former = FORMER_RADIOS.render(Context(context))
            assert _markup(NEW_RADIOS.render(Context(context))) == _markup(former)
            assert HOSTILE not in former
            seen_checked += " checked" in former
            seen_errors += bool(form["time_of_day"].errors)
            for name in ("postal_code", "town_name"):
                context = {"field": form[name]}
                assert NEW_LABELLED.render(Context(context)) == FORMER_LABELLED.render(
                    Context(context)
                )
        assert seen_checked >= 2  # the default, and the choice sent
        assert seen_errors == 2


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_towns_served_are_written_as_the_template_wrote_them(language):
    towns = [
        Town(name=HOSTILE, postal_code="<71140>"),
        Town(name="Saint-Jean-d'Arc", postal_code="71145"),
        Town(name="Bourg", postal_code="71000"),
    ]
    with translation.override(language):
        for listed in (towns, towns[:1], []):
            context = {"towns": listed}
            former = FORMER_TOWNS.render(Context(context))
            assert _markup(NEW_TOWNS.render(Context(context))) == _markup(former)
            assert HOSTILE not in former


def test_the_service_posted_is_found_as_the_catalogue_s_queryset_finds_it(service):
    """The form reads the posted service among the catalogue's rows (compiled query): what
    ``ModelChoiceField(Service.objects.active())`` answered, refusals included."""
    retired = ServiceFactory(slug="retired", is_active=False)
    former = forms.ModelChoiceField(queryset=Service.objects.active())
    new = RequestForm(cooperative=Cooperative.load()).fields["service"]
    for value in (
        service.pk,
        str(service.pk),
        f" {service.pk} ",
        service,
        retired.pk,
        "x",
        "1.5",
        "999999",
        "",
        None,
        [service.pk],
    ):
        try:
            expected = former.clean(value)
        except ValidationError as error:
            with pytest.raises(ValidationError) as refused:
                new.clean(value)
            assert refused.value.messages == error.messages
        else:
            assert new.clean(value) == expected


class _FormerRequestForm(RequestForm):
    """The form as it validated before: the service read by its queryset, the model's
    checks, constraints and uniqueness as ``ModelForm`` makes them."""

    _post_clean = forms.ModelForm._post_clean
    _get_validation_exclusions = forms.ModelForm._get_validation_exclusions

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"] = forms.ModelChoiceField(queryset=Service.objects.active())


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_form_refuses_and_accepts_what_the_model_checks_refused_and_accepted(
    language, service, towns
):
    retired = ServiceFactory(slug="retired", is_active=False)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    cases = [
        {},
        {"wished_until": tomorrow},
        {"wished_until": "2001-01-01"},
        {"estimated_hours": "0.25"},
        {"estimated_hours": "81"},
        {"estimated_hours": "-3"},
        {"service": retired.pk},
        {"service": "abc"},
        {"email": "not an email", "phone": HOSTILE},
        {"postal_code": "99999", "town_name": HOSTILE},
        {"first_name": "x" * 81, "address": "y" * 201},
        {"time_of_day": HOSTILE, "description": ""},
    ]
    cooperative = Cooperative.load()
    with translation.override(language):
        for overrides in cases:
            data = {**form_data(service), **overrides}
            former = _FormerRequestForm(data=data, cooperative=cooperative)
            new = RequestForm(data=data, cooperative=cooperative)
            assert new.is_valid() == former.is_valid()
            assert new.errors.get_json_data() == former.errors.get_json_data()
            if new.is_valid():
                assert new.cleaned_data == former.cleaned_data
                assert new.request_fields() == former.request_fields()
