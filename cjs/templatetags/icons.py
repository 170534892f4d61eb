"""``{% icon "name" %}``: a Bootstrap icon from the sprite (see ``cjs.icons``), loaded for every
template (``TEMPLATES["OPTIONS"]["builtins"]``).

    {% icon "check-circle" %}                        decorative: hidden from screen readers
    {% icon "check" class="text-success" %}          extra classes
    {% icon "check" label=_("elected") %}            meaningful: read out, and a tooltip
"""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from cjs.icons import SPRITE

register = template.Library()


def icon_html(name: str, *, label: str = "", css_class: str = "") -> str:
    """The ``<svg>`` of an icon. Without a label it is decorative (``aria-hidden``); with one it
    is an image named by the label, whose ``<title>`` also shows as a tooltip."""
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


@register.simple_tag(name="icon")
def icon_tag(name: str, label: str = "", **options) -> str:
    return icon_html(name, label=label, css_class=options.get("class", ""))
