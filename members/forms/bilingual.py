"""Forms that edit a translated text (django-modeltranslation's ``<field>_fr`` and
``<field>_en`` columns) show both languages side by side: French is the text of record,
English is optional and, left empty, shows the French text."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

RECORD, OTHER = "fr", "en"


class BilingualFormMixin:
    """``bilingual`` names the translated fields; the form's ``Meta.fields`` lists their
    French and English columns. ``language_pairs`` gives the template each pair to lay out
    in two columns."""

    bilingual: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The labels, « Accroche (anglais) », are the columns' verbose names
        # (``MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME`` in the settings).
        for name in self.bilingual:
            english = self.fields[f"{name}_{OTHER}"]
            english.required = False
            english.help_text = _("Left empty, readers in English see the French text.")

    def clean(self):
        cleaned = super().clean()
        # An empty English text is stored as no text, so that the French one shows.
        for name in self.bilingual:
            column = f"{name}_{OTHER}"
            if column in cleaned and not (cleaned[column] or "").strip():
                cleaned[column] = None
        return cleaned

    @property
    def language_pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"{name}_{RECORD}"], self[f"{name}_{OTHER}"]) for name in self.bilingual]
