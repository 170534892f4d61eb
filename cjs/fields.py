"""Form fields shared by the apps."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

# What a database integer column holds (a signed 64-bit integer).
_SMALLEST_ID, _LARGEST_ID = -(2**63), 2**63 - 1


def _beyond_any_column(value: object) -> bool:
    """An integer (as the database would read it) no column can hold."""
    try:
        number = int(str(value))
    except ValueError:
        return False
    return not _SMALLEST_ID <= number <= _LARGEST_ID


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
