"""A table's header cells always say what their column or row holds: an empty ``<th>`` is
read out as nothing by a screen reader (axe's ``empty-table-header``). A column of buttons
gets a visually hidden "Actions"; an empty top-left corner is a ``<td>``."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

EMPTY_HEADER = re.compile(r"<th\b[^>]*>\s*</th>")
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_no_template_has_an_empty_table_header_cell():
    templates = list(TEMPLATES.rglob("*.html"))
    assert len(templates) > 50, "the scan must find the templates"
    empty = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in templates
        for match in EMPTY_HEADER.finditer(path.read_text(encoding="utf-8"))
    ]
    assert empty == []
