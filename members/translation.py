"""The texts leaders write that members and residents read, in French and in English
(django-modeltranslation adds a ``<field>_fr`` and a ``<field>_en`` column to each; the plain
attribute reads the active language and falls back to French). See README "Libraries"."""

from modeltranslation.translator import TranslationOptions, register

from members.models import Committee, Cooperative, Role, Skill


class ResponsibilityTranslation(TranslationOptions):
    fields = ("name", "description", "duties")
    required_languages = {"fr": ("name",), "default": ()}


register(Committee)(ResponsibilityTranslation)
register(Role)(ResponsibilityTranslation)


@register(Skill)
class SkillTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"fr": ("name",), "default": ()}


@register(Cooperative)
class CooperativeTranslation(TranslationOptions):
    fields = ("tagline", "public_description")
