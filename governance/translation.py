"""The agenda items a template writes exist in French and in English (django-modeltranslation,
see ``members/translation.py``); an item a leader types has one text, shown in both."""

from modeltranslation.translator import TranslationOptions, register

from governance.models import AgendaItem


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"fr": ("title",), "default": ()}
