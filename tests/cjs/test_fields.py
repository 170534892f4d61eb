from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms

from cjs.fields import ModelMultipleChoiceField
from members.models import Skill
from tests.factories import SkillFactory

pytestmark = pytest.mark.django_db


class SkillsForm(forms.Form):
    skills = ModelMultipleChoiceField(queryset=Skill.objects.all(), required=False)


@pytest.mark.parametrize("posted", ["9223372036854775808", "-9223372036854775809", "-" + "9" * 40])
def test_an_id_past_64_bits_is_an_invalid_choice_not_a_server_error(posted):
    """Django's field let SQLite raise ``OverflowError`` inside ``pk__in=[...]``."""
    skill = SkillFactory()
    form = SkillsForm({"skills": [str(skill.pk), posted]})
    assert not form.is_valid()
    assert "skills" in form.errors


def test_the_ids_of_the_choices_are_still_accepted():
    skills = [SkillFactory(), SkillFactory()]
    form = SkillsForm({"skills": [str(skill.pk) for skill in skills]})
    assert form.is_valid()
    assert set(form.cleaned_data["skills"]) == set(skills)


def _project_forms() -> list[type[forms.BaseForm]]:
    """Every form class the apps define (their ``forms`` module or package)."""
    found = []
    for app in ("members", "services", "governance", "finance"):
        module = importlib.import_module(f"{app}.forms")
        names = [module.__name__]
        if hasattr(module, "__path__"):
            names += [
                f"{module.__name__}.{info.name}" for info in pkgutil.iter_modules(module.__path__)
            ]
        for name in names:
            for value in vars(importlib.import_module(name)).values():
                is_form = isinstance(value, type) and issubclass(value, forms.BaseForm)
                if is_form and value.__module__.startswith(app):
                    found.append(value)
    return found


def test_every_multiple_choice_of_records_in_the_apps_forms_refuses_impossible_ids():
    """A model form's many-to-many field is Django's unless the form says otherwise: the job
    and service forms let an id past 64 bits reach SQLite (a 500 the fuzzing found)."""
    plain = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _project_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelMultipleChoiceField)
        and not isinstance(field, ModelMultipleChoiceField)
    ]
    assert _project_forms()
    assert not plain, f"use cjs.fields.ModelMultipleChoiceField for {plain}"
