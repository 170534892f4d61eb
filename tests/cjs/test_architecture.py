"""The shape of the code (docs/architecture.md), kept by reading the source with ``ast``.

- Imports point one way: ``cjs`` ← ``members`` ← ``services``, ``governance`` ← ``finance``.
  An app never imports a layer above it nor a sibling of its own layer; only ``cjs.urls``, the
  project's root URLconf, wires every app together.
- No first-party import hidden inside a function to dodge a cycle (``AppConfig.ready()`` aside,
  where Django wants them).
- Pure rules touch no database (no ``django.db``, no manager, no save).
- No module past ~600 lines; no view function past 30 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = {"cjs": 0, "members": 1, "services": 2, "governance": 2, "finance": 3}
COMPOSITION_ROOT = {"cjs.urls"}
MAX_MODULE_LINES = 600
MAX_VIEW_LINES = 30


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in LAYERS:
        base = ROOT / package
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
            found.append((name, path))
    return found


MODULES = _modules()


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def _package(dotted: str) -> str:
    return dotted.split(".", 1)[0]


def _imports_inside_functions(tree: ast.Module):
    """(function name, line, module) for every first-party import in a function body."""
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            for name in _imported(node):
                if _package(name) in LAYERS:
                    yield function.name, node.lineno, name


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[name for name, _ in MODULES])
def test_imports_point_down_the_layers(name, path):
    if name in COMPOSITION_ROOT:
        return
    own = _package(name)
    tree = ast.parse(path.read_text(), filename=str(path))
    wrong = [
        f"{path.relative_to(ROOT)}:{node.lineno} imports {imported}"
        for node in ast.walk(tree)
        for imported in _imported(node)
        if _package(imported) in LAYERS
        and _package(imported) != own
        and LAYERS[_package(imported)] >= LAYERS[own]
    ]
    assert not wrong, "An app imports a layer above it or a sibling:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[name for name, _ in MODULES])
def test_no_import_hides_inside_a_function(name, path):
    tree = ast.parse(path.read_text(), filename=str(path))
    hidden = [
        f"{path.relative_to(ROOT)}:{line} imports {module} inside {function}()"
        for function, line, module in _imports_inside_functions(tree)
        if not (path.name == "apps.py" and function == "ready")
    ]
    assert not hidden, "Imports belong at the top of the module:\n" + "\n".join(hidden)


DATABASE_CALLS = {"objects", "save", "delete", "select_for_update", "refresh_from_db", "cursor"}


@pytest.mark.parametrize(
    "path", [path for _, path in MODULES if path.name == "rules.py"], ids=lambda p: str(p)
)
def test_rules_are_pure(path):
    """Rules may name a model's statuses or take a model instance, but never query: no
    ``django.db``, no manager, no save."""
    tree = ast.parse(path.read_text(), filename=str(path))
    impure = [
        f"line {node.lineno}: {imported}"
        for node in ast.walk(tree)
        for imported in _imported(node)
        if imported.startswith("django.db")
    ] + [
        f"line {node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in DATABASE_CALLS
    ]
    assert not impure, f"{path.relative_to(ROOT)} reaches the database: {impure}"


def test_no_module_grows_past_six_hundred_lines():
    long = [
        f"{path.relative_to(ROOT)}: {length} lines"
        for _, path in MODULES
        if (length := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert not long, "Split these modules by topic:\n" + "\n".join(long)


def test_views_stay_thin():
    fat = []
    for _name, path in MODULES:
        if path.parent.name != "views":
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_VIEW_LINES:
                    fat.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length}")
    assert not fat, "Views parse, call and render; move the rest out:\n" + "\n".join(fat)


@pytest.mark.parametrize("app", [app for app in LAYERS if app != "cjs" and (ROOT / app).is_dir()])
def test_every_app_has_the_same_shape(app):
    base = ROOT / app
    missing = [
        part
        for part in (
            "models",
            "rules",
            "queries",
            "actions",
            "views",
            "forms",
            "urls",
            "admin",
            "capabilities",
        )
        if not (base / f"{part}.py").exists() and not (base / part / "__init__.py").exists()
    ]
    assert not missing, f"{app} lacks {missing} (docs/architecture.md)"
