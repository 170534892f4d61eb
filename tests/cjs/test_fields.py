from __future__ import annotations

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
