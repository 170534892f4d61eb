"""The icons: an SVG sprite of only the Bootstrap Icons the pages use.

The pages once loaded the whole Bootstrap Icons font (134 KB, about 2,000 glyphs) for some 90
icons. Now each icon is ``{% icon "name" %}`` (``cjs.templatetags.icons``), an inline ``<svg>``
that ``<use>``\\ s a symbol of ``static/img/icons.svg``: one small, cached, same-origin file.

The sprite is built by ``manage.py build_icons`` from the SVG sources of the icons used, vendored
in ``static/vendor/bootstrap-icons/icons/`` (MIT, see the LICENSE there). The built sprite is
committed, so running the site needs no npm; only adding an icon never used before needs its
SVG (``build_icons --source node_modules/bootstrap-icons/icons``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

SPRITE = "img/icons.svg"
SPRITE_PATH = settings.BASE_DIR / "static" / SPRITE
SOURCES = settings.BASE_DIR / "static" / "vendor" / "bootstrap-icons" / "icons"
# Where icons are named: the templates, and the Python that builds HTML (template tags).
SEARCHED = ["templates", "cjs", "members", "services", "governance", "finance"]

NAME = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# How a template names an icon, and how Python does (a template tag building HTML).
TEMPLATE_USE = re.compile(rf"""\{{%\s*icon\s+["']({NAME})["']""")
PYTHON_USE = re.compile(rf"""\bicon_html\(\s*["']({NAME})["']""")
# What the icon font was used through; a test makes sure none is left.
FONT_USE = re.compile(r"""class=["'][^"']*\bbi-""")
_ROOT = re.compile(r"\A\s*<svg\b([^>]*)>(.*)</svg>\s*\Z", re.DOTALL)
_VIEW_BOX = re.compile(r'\bviewBox="([^"]+)"')


def searched_files(base: Path | None = None) -> list[Path]:
    """The templates and Python modules where icons may be named."""
    base = base or settings.BASE_DIR
    found = []
    for folder in SEARCHED:
        for suffix in ("*.html", "*.py"):
            found.extend(p for p in (base / folder).rglob(suffix) if "migrations" not in p.parts)
    return sorted(found)


def icons_used(files: Iterable[Path]) -> set[str]:
    """The names of the icons the templates (``.html``) and Python modules use."""
    used = set()
    for path in files:
        pattern = PYTHON_USE if path.suffix == ".py" else TEMPLATE_USE
        used.update(pattern.findall(path.read_text()))
    return used


def symbol(name: str, svg: str) -> str:
    """One icon's SVG source as a ``<symbol id="name">`` of the sprite."""
    root = _ROOT.match(svg)
    view_box = _VIEW_BOX.search(root.group(1)) if root else None
    if not root or not view_box:
        raise ValueError(f"{name}: not a Bootstrap Icons SVG")
    inner = re.sub(r">\s+<", "><", root.group(2).strip())
    return f'<symbol id="{name}" viewBox="{view_box.group(1)}">{inner}</symbol>'


def sprite(sources: dict[str, str]) -> str:
    """The sprite of the icons whose SVG sources are given (name → SVG), sorted by name."""
    symbols = "\n".join(symbol(name, sources[name]) for name in sorted(sources))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg">\n'
        "<!-- Bootstrap Icons (MIT), built by manage.py build_icons: do not edit. -->\n"
        f"{symbols}\n</svg>\n"
    )


def sprite_ids(text: str) -> set[str]:
    """The icons a built sprite holds."""
    return set(re.findall(r'<symbol id="([^"]+)"', text))


# --- Converting the font's markup -------------------------------------------------------------

_FONT_ICON = re.compile(
    rf"<i\s+class=\"bi bi-(?P<name>{NAME})(?P<extra>[^\"]*)\"(?P<rest>[^>]*)></i>"
)
_TRANSLATED = re.compile(r"""\{%\s*translate\s+(?P<q>["'])(?P<msg>[^"']*)(?P=q)\s*%\}""")
_ATTRIBUTE = re.compile(r'\s*(?P<key>[a-z-]+)="(?P<value>[^"]*)"')


def _icon_tag(match: re.Match) -> str:
    """``{% icon "x" class="extra" %}`` as ``{% icon "x" class="extra" %}``;
    a ``title`` or ``aria-label`` becomes the label. Markup it cannot read is left as it was."""
    attributes = {}
    rest = match.group("rest")
    for attribute in _ATTRIBUTE.finditer(rest):
        attributes[attribute.group("key")] = attribute.group("value")
    if _ATTRIBUTE.sub("", rest).strip() or set(attributes) - {"aria-hidden", "aria-label", "title"}:
        return match.group(0)
    words = [f'"{match.group("name")}"']
    extra = match.group("extra").strip()
    if extra:
        words.append(f'class="{extra}"')
    label = attributes.get("aria-label") or attributes.get("title")
    if label is not None:
        translated = _TRANSLATED.fullmatch(label)
        if not translated:
            return match.group(0)
        words.append(f'label=_("{translated.group("msg")}")')
    return "{% icon " + " ".join(words) + " %}"


def convert_font_markup(text: str) -> str:
    """A template's icon-font markup turned into ``{% icon %}`` tags."""
    return _FONT_ICON.sub(_icon_tag, text)
