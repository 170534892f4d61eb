"""The services' forms, by who fills them in; every name importable from ``services.forms``."""

from services.forms.office import (
    AssignForm,
    HoursForm,
    HoursValidationForm,
    InboxFilterForm,
    JobForm,
    NoteForm,
    QuoteForm,
    ReasonForm,
    ServiceForm,
    options_html,
)
from services.forms.resident import (
    RequestForm,
    SatisfactionForm,
    ServiceChoiceField,
    price_label,
)

__all__ = [
    "AssignForm",
    "HoursForm",
    "HoursValidationForm",
    "InboxFilterForm",
    "JobForm",
    "NoteForm",
    "QuoteForm",
    "ReasonForm",
    "RequestForm",
    "SatisfactionForm",
    "ServiceChoiceField",
    "ServiceForm",
    "options_html",
    "price_label",
]
