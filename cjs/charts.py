"""Bar charts drawn on the server as SVG: no JavaScript, no CDN, nothing the strict CSP
refuses (SVG presentation attributes such as ``fill`` and ``width`` are not inline styles).

A chart is horizontal bars, one per row, so that long labels (a service's name, a member's
name) stay readable on a phone; the SVG scales to its container (``viewBox``). Every chart
carries its ``<title>`` and ``aria-label``, and the page shows the same figures as a table
(``BarChart.figure``): the chart is never the only way to read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from html import escape
from itertools import count

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

WIDTH = 640
ROW = 30
BAR = 20
LABEL_WIDTH = 220
VALUE_WIDTH = 110
LABEL_CHARS = 28
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str  # the value as the reader reads it ("1 234,50 €", "12,5 h")


@dataclass
class BarChart:
    title: str
    bars: list[Bar] = field(default_factory=list)
    label_header: str = ""
    value_header: str = ""
    note: str = ""  # under the drawing: what it leaves out, and where to read it (may be safe)

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for bar in self.bars)

    @property
    def height(self) -> int:
        return ROW * max(len(self.bars), 1) + 10

    def svg(self) -> SafeString:
        """The chart as an inline ``<svg>`` element."""
        return mark_safe(render_svg(self.title, self.bars))  # every text in it is escaped

    def figure(self) -> SafeString:
        """The chart as a page shows it: its title, the drawing and its figures as a table
        (under a summary to open), or a word saying there is nothing to show yet; every text
        escaped as the template's ``{{ }}`` escapes it. Written here rather than by an
        included template (~500 Python calls a chart)."""
        title = _as_template_writes(self.title)
        if self.is_empty:
            nothing = _as_template_writes(gettext("Nothing to show yet."))
            body = f'<p class="text-body-secondary small">{nothing}</p>'
        else:
            summary = _as_template_writes(gettext("The figures as a table"))
            note = ""
            if self.note:
                note = _as_template_writes(self.note)
                note = f'  <p class="small text-body-secondary mb-1">{note}</p>\n'
            body = (
                f"\n  {self.svg()}\n"
                f"{note}"
                '  <details class="small mt-1">\n'
                f"    <summary>{summary}</summary>\n"
                '    <table class="table table-sm mt-2">\n'
                f'      <thead><tr><th scope="col">{_as_template_writes(self.label_header)}</th>'
                f'<th scope="col" class="text-end">{_as_template_writes(self.value_header)}</th>'
                "</tr></thead>\n"
                f"      <tbody>{self.table_rows()}</tbody>\n"
                "    </table>\n"
                "  </details>\n  "
            )
        return mark_safe(  # every text in it is escaped
            f'\n<figure class="mb-4">\n  <figcaption class="h6">{title}</figcaption>\n  '
            f"{body}\n</figure>\n"
        )

    def table_rows(self) -> SafeString:
        """The rows of the chart's table (``figure``), each label and figure
        escaped as the template's ``{{ }}`` escapes them: written here, as a chart may have a
        bar per member (a template loop spent ~75 Python calls a row)."""
        return mark_safe(  # every text in it is escaped
            "".join(
                f'<tr><th scope="row" class="fw-normal">{_as_template_writes(bar.label)}</th>'
                f'<td class="text-end">{_as_template_writes(bar.text)}</td></tr>'
                for bar in self.bars
            )
        )


# The same labels and figures come back at every view (members' names, weeks, amounts): each
# escaped once per process (``html.escape`` spends six Python calls on a text).
_escape = lru_cache(maxsize=4096)(escape)


def _as_template_writes(text) -> str:
    """``text`` as the template's ``{{ }}`` writes it (``conditional_escape``: a safe string
    as it is, any other escaped), for the strings a chart holds, at a fraction of its cost."""
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return _escape(str(text))


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_lengths(values: Iterable[Decimal], room: int) -> list[int]:
    """Each value's length in user units, the largest filling ``room`` (negatives count 0)."""
    values = [max(Decimal(value), Decimal(0)) for value in values]
    top = max(values, default=Decimal(0))
    if not top:
        return [0 for _ in values]
    return [int((value / top * room).to_integral_value()) for value in values]


def render_svg(title: str, bars: list[Bar]) -> str:
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW * max(len(bars), 1) + 10
    title_id = f"chart-title-{next(_ids)}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id}" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
    ]
    lengths = bar_lengths((bar.value for bar in bars), room)
    for index, (bar, length) in enumerate(zip(bars, lengths, strict=True)):
        top = 5 + index * ROW
        middle = top + BAR / 2
        label, text = _escape(bar.label), _escape(bar.text)
        short = label if len(bar.label) <= LABEL_CHARS else _escape(_short(bar.label))
        parts += [
            f"<g><title>{label}: {text}</title>",
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{middle}" '
            f'text-anchor="end" dominant-baseline="middle">{short}</text>',
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{top}" width="{length}" '
            f'height="{BAR}" rx="3" fill="#1f6f5c"></rect>',
            f'<text class="chart-value" x="{LABEL_WIDTH + length + 6}" y="{middle}" '
            f'dominant-baseline="middle">{text}</text></g>',
        ]
    parts.append("</svg>")
    return "".join(parts)
