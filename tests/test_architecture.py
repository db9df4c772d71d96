"""Dependencies flow one way: data -> model -> UI. model/ never imports streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_model_never_imports_streamlit_or_ui():
    for path in (ROOT / "model").rglob("*.py"):
        assert not _imports(path) & {"streamlit", "altair", "ui", "pages", "app", "store"}, path


def test_data_loader_imports_no_model_or_ui():
    assert not _imports(ROOT / "data" / "__init__.py") & {"streamlit", "model", "ui", "store"}


def test_every_module_has_a_docstring():
    for folder in ("model", "data", "ui", "store", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path


MAX_MODULE_LINES = 300  # "a view module serves one page or one concern; past ~300 lines it is two modules"
# Modules still over the limit, each with the change that splits it. An entry that is no longer
# over the limit fails too, so the list only shrinks.
KNOWN_LONG = {
    "data/__init__.py": "a declared schema for the loader (issue #11 item 7)",
}


def test_no_app_module_passes_the_size_limit():
    too_long = {}
    for folder in ("model", "data", "ui", "store", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_MODULE_LINES:
                too_long[path.relative_to(ROOT).as_posix()] = lines
    assert set(too_long) <= set(KNOWN_LONG), {k: v for k, v in too_long.items() if k not in KNOWN_LONG}
    assert set(KNOWN_LONG) <= set(too_long), f"now short enough, drop from KNOWN_LONG: {set(KNOWN_LONG) - set(too_long)}"
