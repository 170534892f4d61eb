"""htmx is driven by ``data-hx-*`` attributes, which the Nu HTML checker accepts, never by
bare ``hx-*`` ones, which it reports on every page. htmx reads both; the response headers
(``HX-Request``, ``HX-Redirect``…) are not attributes and stay."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

BARE = re.compile(r"(?<![\w-])hx-[a-z-]+\s*=")
ROOT = Path(settings.BASE_DIR)
SKIPPED_DIRS = {"tests", "migrations", "vendor", "node_modules", ".venv", "staticfiles"}


def _files(*patterns: str) -> list[Path]:
    found = []
    for pattern in patterns:
        for path in ROOT.rglob(pattern):
            if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
                found.append(path)
    return found


def _bare_attributes(paths: list[Path], root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root)}:{number}: {match.group(0)}"
        for path in paths
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in BARE.finditer(line)
    ]


def test_templates_use_data_hx_attributes_only():
    templates = _files("*.html", "*.txt")
    assert len(templates) > 50, "the scan must find the templates"
    assert _bare_attributes(templates) == []


def test_scripts_and_python_emit_no_bare_hx_attribute():
    assert _bare_attributes(_files("*.js", "*.py")) == []


def test_the_scan_catches_a_bare_attribute_and_spares_the_rest(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<form hx-post="/x" data-hx-target="#a">\n<div class="htmx-dim" {% if x %}hx-get="/y"'
        "{% endif %}>\n"
    )
    assert _bare_attributes([page], root=tmp_path) == [
        "page.html:1: hx-post=",
        "page.html:2: hx-get=",
    ]
