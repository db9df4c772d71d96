"""Dependencies flow one way: data -> model -> UI. model/ never imports streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


_IMPORTERS = {"import_module", "__import__", "find_spec"}  # importlib's (and the builtin) ways in


def _imports(path: Path) -> set[str]:
    """Top-level packages a module imports: import statements anywhere (in functions too), and the
    names given to importlib.import_module / __import__ / find_spec. A computed name there cannot
    be checked, so it reads as "<dynamic>" and is refused as well."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called in _IMPORTERS and node.args:
                arg = node.args[0]
                literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                names.add(arg.value.split(".")[0] if literal else "<dynamic>")
    return names


OUTSIDE_MODEL = {"streamlit", "altair", "ui", "pages", "app", "store", "<dynamic>"}
OUTSIDE_DATA = {"streamlit", "altair", "model", "ui", "pages", "app", "store", "<dynamic>"}


def test_model_never_imports_streamlit_or_ui():
    for path in (ROOT / "model").rglob("*.py"):
        assert not _imports(path) & OUTSIDE_MODEL, path


def test_data_loader_imports_no_model_or_ui():
    paths = list((ROOT / "data").rglob("*.py"))
    assert {p.name for p in paths} >= {"__init__.py", "checks.py", "history_loader.py", "outputs_loader.py"}
    for path in paths:
        assert not _imports(path) & OUTSIDE_DATA, path


def _data_modules_imported(path: Path) -> set[str]:
    """The data.* modules a module imports by name ("data" for the package itself)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "data"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "data":
            found |= {f"{node.module}.{a.name}" if node.module == "data" else node.module for a in node.names}
    return found


def test_the_loaders_import_the_shared_checks_not_the_package():
    """No cycle: data/__init__.py imports the loaders; they import data.checks (never the package), and
    data/checks.py imports no other part of data/."""
    assert not _data_modules_imported(ROOT / "data" / "checks.py")
    for name in ("entries_loader.py", "history_loader.py", "outputs_loader.py"):
        imported = _data_modules_imported(ROOT / "data" / name)
        assert imported and imported <= {"data.checks"}, (name, imported)


@pytest.mark.parametrize(("line", "names"), [
    ("import ui", {"ui"}),
    ("import ui.shared.format as f", {"ui"}),
    ("from store.validate import check_text", {"store"}),
    ("def f():\n    import streamlit as st\n    return st", {"streamlit"}),
    ("import importlib\nstore = importlib.import_module('store')", {"importlib", "store"}),
    ("from importlib import import_module\nx = import_module('ui.shared.format')", {"importlib", "ui"}),
    ("x = __import__('streamlit')", {"streamlit"}),
    ("import importlib\nname = 'st' + 'ore'\nx = importlib.import_module(name)", {"importlib", "<dynamic>"}),
    ("from . import history_loader", set()),
])
def test_the_import_scan_sees_every_way_in(tmp_path, line, names):
    module = tmp_path / "m.py"
    module.write_text(line + "\n", encoding="utf-8")
    assert _imports(module) == names


def test_every_module_has_a_docstring():
    for folder in ("model", "data", "ui", "store", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path


MAX_MODULE_LINES = 300  # "a view module serves one page or one concern; past ~300 lines it is two modules"
# Modules still over the limit, each with the change that splits it. An entry that is no longer
# over the limit fails too, so the list only shrinks.
KNOWN_LONG: dict[str, str] = {}


def test_no_app_module_passes_the_size_limit():
    too_long = {}
    for folder in ("model", "data", "ui", "store", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_MODULE_LINES:
                too_long[path.relative_to(ROOT).as_posix()] = lines
    assert set(too_long) <= set(KNOWN_LONG), {k: v for k, v in too_long.items() if k not in KNOWN_LONG}
    assert set(KNOWN_LONG) <= set(too_long), f"now short enough, drop from KNOWN_LONG: {set(KNOWN_LONG) - set(too_long)}"


def _module_level_calls(path: Path) -> list[tuple[int, str]]:
    """Calls made as the module imports (outside any function body): (line, dotted name)."""
    found = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            found.append((node.lineno, name))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


DATASET_CALLS = {"data.load", "load", "dataset", "dataset.dataset", "ui.session.dataset.dataset"}


def _outside_model() -> list[Path]:
    paths = [ROOT / "app.py"]
    for folder in ("ui", "store", "benchmarks"):
        paths += sorted((ROOT / folder).rglob("*.py"))
    return paths


def test_no_module_outside_model_reads_the_dataset_as_it_imports():
    """One composition root: the entry point loads data/ and installs it (ui/session/dataset.py); no UI, store or
    benchmark module loads or reads the dataset at import, so importing one never reads data/ (and a
    broken file reaches the start-up check instead of failing an import)."""
    at_import = {f"{p.relative_to(ROOT).as_posix()}:{line}": name for p in _outside_model()
                 for line, name in _module_level_calls(p) if name in DATASET_CALLS}
    assert not at_import, at_import


def test_the_views_reach_the_dataset_through_one_accessor():
    """Only the accessor (ui/session/dataset.py) and the start-up check (ui/session/startup.py) call data.load() in ui/;
    pages/ never does (they read dataset())."""
    callers = set()
    for path in [*(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Call) and ast.unparse(n.func) == "data.load" for n in ast.walk(tree)):
            callers.add(path.relative_to(ROOT).as_posix())
    assert callers <= {"ui/session/dataset.py", "ui/session/startup.py"}, callers
