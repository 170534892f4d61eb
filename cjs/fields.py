"""Form fields shared by the apps."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cjs.db import fits_a_column


def _beyond_any_column(value: object) -> bool:
    """An integer (as the database would read it) no column can hold."""
    try:
        number = int(str(value))
    except ValueError:
        return False
    return not fits_a_column(number)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing a posted id no database column can hold before it reaches
    the query: SQLite raises ``OverflowError`` on an id past 64 bits (either sign) inside
    ``pk__in=[...]``, which Django's own check does not catch (a server error instead of
    "not a valid value")."""

    def _check_values(self, value):
        if not self.to_field_name:
            for pk in value or ():
                if _beyond_any_column(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
