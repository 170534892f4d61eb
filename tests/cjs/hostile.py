"""Tools for the hostile-input fuzzing of every form (``test_hostile_input.py``).

- ``post_endpoints()`` walks the root URLconf and names every view that accepts POST;
- ``form_fields()`` reads the fields (and their valid values) of the form that posts to a URL,
  from the page that shows it, or from the view's form classes when no page shows it;
- ``hostile_posts()`` is the hypothesis strategy: each field kept, dropped, doubled or
  replaced by a hostile value (empty, huge, unicode, NUL, HTML/JS, SQL, bad numbers and dates),
  plus fields nobody asked for;
- ``row_counts()`` counts the rows of every table in one query, to prove a refused
  submission wrote nothing.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import strategies as st

# --- Which views take a POST -----------------------------------------------------------------


def _allowed_methods(callback) -> set[str]:
    """The methods a view accepts: ``require_http_methods`` keeps its list in a closure cell;
    a class-based view names its handlers. A view with neither accepts any method."""
    if hasattr(callback, "view_class"):
        view_class = callback.view_class
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    function = callback
    while function is not None:
        for name, cell in zip(
            function.__code__.co_freevars, function.__closure__ or (), strict=False
        ):
            if name == "request_method_list":
                return {method.upper() for method in cell.cell_contents}
        function = getattr(function, "__wrapped__", None)
    return {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"}


@dataclass(frozen=True)
class Endpoint:
    name: str
    route: str
    methods: frozenset[str]
    callback: object = field(compare=False, repr=False)


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or str(pattern.pattern)
            yield Endpoint(
                name=f"{namespace}:{name}" if namespace else name,
                route=prefix + str(pattern.pattern),
                methods=frozenset(_allowed_methods(pattern.callback)),
                callback=pattern.callback,
            )


def post_endpoints() -> dict[str, Endpoint]:
    """Every view of the project that accepts POST, by URL name (Django's admin aside: its
    forms are Django's own, reached by leaders only, and tested by Django)."""
    return {
        endpoint.name: endpoint
        for endpoint in _walk(get_resolver().url_patterns)
        if "POST" in endpoint.methods and not endpoint.route.startswith("admin/")
    }


# --- The fields a form posts ----------------------------------------------------------------


@dataclass
class FormField:
    name: str
    value: str = ""  # a valid value when the page showed one
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    is_file: bool = False


class _FormParser(HTMLParser):
    """The POST forms of a page: their action and fields (with the values the page gave)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, FormField]]] = []
        self._fields: dict[str, FormField] | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            if (attributes.get("method") or "get").lower() == "post":
                self._fields = {}
                self.forms.append((attributes.get("action") or "", self._fields))
            return
        if self._fields is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in {"button", "image", "reset"}:
                return
            if kind == "submit":
                known = self._fields.setdefault(name, FormField(name))
                known.options.append(attributes.get("value") or "")
                return
            if kind == "file":
                self._fields.setdefault(name, FormField(name, is_file=True))
                return
            if kind in {"checkbox", "radio"}:
                known = self._fields.setdefault(name, FormField(name, multiple=kind == "checkbox"))
                known.options.append(attributes.get("value") or "on")
                if "checked" in attributes:
                    known.value = attributes.get("value") or "on"
                return
            self._fields.setdefault(name, FormField(name, attributes.get("value") or ""))
        elif tag == "button" and name:
            # A named button posts its value: "Pour", "Contre" on a ballot.
            known = self._fields.setdefault(name, FormField(name))
            known.options.append(attributes.get("value") or "")
        elif tag == "select" and name:
            self._select = self._fields.setdefault(
                name, FormField(name, multiple="multiple" in attributes)
            )
        elif tag == "option" and self._select is not None:
            value = attributes.get("value") or ""
            self._select.options.append(value)
            if "selected" in attributes or (not self._select.value and value):
                self._select.value = value
        elif tag == "textarea" and name:
            self._textarea = self._fields.setdefault(name, FormField(name))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def fields_on_page(html: str, action: str, page: str) -> dict[str, FormField] | None:
    """The fields of the POST form of ``html`` that posts to ``action`` (a form without an
    action posts to the page itself), or None when the page has no such form."""
    parser = _FormParser()
    parser.feed(html)
    found: dict[str, FormField] | None = None
    for target, fields in parser.forms:
        if (target or page).split("?")[0] == action:
            found = {**(found or {}), **fields}
    if found is not None:
        found.pop("csrfmiddlewaretoken", None)
    return found


def fields_in_source(callback) -> dict[str, FormField]:
    """The fields a view reads, for a button posted from a page we did not open: the form
    classes it builds (``SomeForm(...)``) and the keys it reads from ``request.POST``."""
    view = inspect.unwrap(callback)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(view)))
    except (OSError, TypeError):
        return {}
    found: dict[str, FormField] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
        form_class = view.__globals__.get(name) if name.endswith("Form") else None
        for field_name in getattr(form_class, "base_fields", {}):
            found.setdefault(field_name, FormField(field_name))
        reads_post = (
            isinstance(function, ast.Attribute)
            and function.attr in {"get", "getlist"}
            and isinstance(function.value, ast.Attribute)
            and function.value.attr == "POST"
        )
        if reads_post and node.args and isinstance(node.args[0], ast.Constant):
            key = str(node.args[0].value)
            found.setdefault(key, FormField(key, multiple=function.attr == "getlist"))
    return found


# --- Hostile values -------------------------------------------------------------------------

# Each is searched for, raw, in every response: user text must always come back escaped.
MARKUP = [
    "<script>alert('cjs-xss')</script>",
    '"><img src=x onerror=alert("cjs-xss")>',
    "'><svg onload=alert(1)>cjs-xss",
    "</textarea><b>cjs-xss</b>",
    "javascript:alert('cjs-xss')//<a>",
]
TEXT = [
    "",
    " ",
    "x" * 10_000,
    "\u202eRTL override\u202c עברית العربية",
    "zero\u200bwidth\u200d\ufeffjoiner",
    "👩‍👩‍👧‍👦 🇫🇷 emoji",
    "\x00",
    "NUL\x00inside",
    "line\r\nbreak\ttab",
    "\ud7ff\ue000\uffff",
]
SQL = [
    "' OR '1'='1",
    "1; DROP TABLE members_user; --",
    '" OR 1=1 --',
    "%' UNION SELECT NULL --",
    "\\",
]
NUMBERS = [
    "-1",
    "0",
    "-0.01",
    "0.001",
    "1e309",
    "-1e309",
    "9" * 40,
    "-" + "9" * 40,
    "99999999999.99",
    "NaN",
    "Infinity",
    "-Infinity",
    "sNaN",
    "1,5",
    "0x10",
    "1_000",
    "١٢",
    "²",
    "①",
    "１２",
]
DATES = [
    "2026-02-30",
    "2026-13-01",
    "0000-01-01",
    "0001-01-01",
    "99999-12-31",
    "9999-12-31",
    "31/02/2026",
    "2026-02-28T25:61",
    "24:00",
    "12:60",
    "-1:00",
    "1900-01-01",
]
HOSTILE = MARKUP + TEXT + SQL + NUMBERS + DATES

# Uploads: empty, not what the name says, a script, a CSV whose cells start a formula.
FILES = [
    ("", b""),
    ("photo.jpg", b"<script>alert(1)</script>"),
    ("../../etc/passwd", b"\x00\x01\x02 binary"),
    ("membres.csv", 'prénom;nom\n=HYPERLINK("http://x");\x00\n'.encode()),
    ("membres.csv", b"\xff\xfe not utf-8 \xc3\x28"),
    ("recu.pdf", b"%PDF-1.4 truncated"),
]

_hostile_value = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)


@st.composite
def hostile_posts(draw, fields: dict[str, FormField]) -> dict[str, object]:
    """A submission of ``fields``: each kept as the page filled it, picked among its options,
    dropped, doubled or hostile; at least one hostile value, sometimes a field too many."""
    data: dict[str, object] = {}
    names = sorted(fields)
    hostile_one = draw(st.sampled_from(names)) if names else None
    for name in names:
        known = fields[name]
        choices = ["hostile", "drop", "double"]
        if known.value:
            choices.append("keep")
        if known.options:
            choices.append("option")
        how = "hostile" if name == hostile_one else draw(st.sampled_from(choices))
        if known.is_file and how != "drop":
            file_name, content = draw(st.sampled_from(FILES))
            data[name] = SimpleUploadedFile(file_name or "x", content)
        elif how == "keep":
            data[name] = known.value
        elif how == "option":
            data[name] = draw(st.sampled_from(known.options))
        elif how == "hostile":
            data[name] = draw(_hostile_value)
        elif how == "double":
            data[name] = [draw(_hostile_value), known.value or draw(_hostile_value)]
    if not names or draw(st.booleans()):
        data[draw(st.sampled_from(["extra", "id", "pk", "status", "is_leader"]))] = draw(
            _hostile_value
        )
    return data


def posted_markup(data: dict[str, object]) -> list[str]:
    """The HTML payloads among the posted values: none may come back unescaped."""
    values: list[str] = []
    for value in data.values():
        values.extend(value if isinstance(value, list) else [value])
    return [text for text in MARKUP if text in values]


# --- What was written -----------------------------------------------------------------------

# Rows that a refused submission writes on purpose, not data:
SESSION_AND_LOGIN_TABLES = {
    "django_session",  # flash messages live in the session (MESSAGE_STORAGE)
    "axes_accessattempt",  # a failed login is counted, to lock out password guessing
    "axes_accessfailurelog",  # ...and logged for the leaders' Security page
    "axes_accesslog",
}


def row_counts() -> dict[str, int]:
    """The number of rows of every table, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        - SESSION_AND_LOGIN_TABLES
    )
    quote = connection.ops.quote_name
    # The table names come from the models, never from a visitor.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return dict(zip(tables, row, strict=True))


def is_form_error(response) -> bool:
    """The submission was refused with the form shown again (or a 400/422)."""
    if response.status_code in {400, 422}:
        return True
    if response.status_code != 200:
        return False
    content = response.content.decode(errors="replace")
    return any(marker in content for marker in ("is-invalid", "invalid-feedback", "errorlist"))
