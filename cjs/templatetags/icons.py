"""``{% icon "name" %}``: a Bootstrap icon from the sprite (see ``cjs.icons``), loaded for every
template (``TEMPLATES["OPTIONS"]["builtins"]``).

    {% icon "check-circle" %}                        decorative: hidden from screen readers
    {% icon "check" class="text-success" %}          extra classes
    {% icon "check" label=_("elected") %}            meaningful: read out, and a tooltip
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeData

from cjs.icons import SPRITE

register = template.Library()


def icon_html(name: str, *, label: str = "", css_class: str = "") -> str:
    """The ``<svg>`` of an icon. Without a label it is decorative (``aria-hidden``); with one it
    is an image named by the label, whose ``<title>`` also shows as a tooltip."""
    # str(): a lazy translation is read in the active language; SafeData is part of the key,
    # since a label already marked safe is not escaped again.
    return _icon_html(name, str(label), css_class, isinstance(label, SafeData))


# A page shows dozens of icons, a few distinct ones: the same arguments give the same HTML
# while the static files' settings stay (the sprite's URL, hashed in production).
@lru_cache(maxsize=512)
def _icon_html(name: str, label: str, css_class: str, _safe: bool) -> str:
    classes = f"bi {css_class}".strip()
    href = f"{static(SPRITE)}#{name}"
    if label:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}"><title>{}</title>'
            '<use href="{}"></use></svg>',
            classes,
            label,
            label,
            href,
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
        classes,
        href,
    )


@receiver(setting_changed)
def _forget_icons(*, setting: str, **kwargs) -> None:
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT"}:
        _icon_html.cache_clear()


@register.simple_tag(name="icon")
def icon_tag(name: str, label: str = "", **options) -> str:
    return icon_html(name, label=label, css_class=options.get("class", ""))
