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
