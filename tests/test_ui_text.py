"""Two languages: no literal UI text in pages or ui/, and every translation key the code uses exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import data

ROOT = Path(__file__).resolve().parents[1]
UI_FILES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py"), ROOT / "app.py"])  # every ui package
TEXT = data.load().text
# st.* functions whose string arguments are not shown to a user
NOT_SHOWN = {"Page", "set_page_config", "cache_data", "cache_resource", "fragment", "switch_page", "page_link",
             "get", "get_all", "from_dict", "setdefault", "rerun", "stop", "vega_lite_chart", "altair_chart",
             "download_button", "form"}
SHOWN_KEYWORDS = {"label", "help", "placeholder", "body", "caption", "title", "value"}
WORDS = re.compile(r"[A-Za-z]{3,}|[\u4e00-\u9fff]")


def _st_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            root = node.func
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id == "st":
                yield node


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and WORDS.search(node.value):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        joined = "".join(parts)
        return joined if WORDS.search(joined) else None
    return None


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_no_literal_ui_text(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for call in _st_calls(tree):
        if call.func.attr in NOT_SHOWN:
            continue
        candidates = list(call.args[:1]) + [k.value for k in call.keywords if k.arg in SHOWN_KEYWORDS]
        for arg in candidates:
            text = _literal_text(arg)
            if text and path.name != "startup.py":  # startup's message is bilingual by itself: data may be unreadable
                found.append(f"line {call.lineno}: st.{call.func.attr}({text!r})")
    assert not found, "literal UI text; put it in data/i18n*.toml:\n" + "\n".join(found)


def test_every_translation_key_used_exists():
    missing = []
    for path in UI_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                if node.args[0].value not in TEXT:
                    missing.append(f"{path.name}:{node.lineno} {node.args[0].value}")
    assert not missing, missing


def test_placeholders_match_between_languages():
    for key, text in TEXT.items():
        assert set(re.findall(r"{(\w+)}", text["zh"])) == set(re.findall(r"{(\w+)}", text["en"])), key


@pytest.mark.parametrize("key", ["ws_list_note", "ws_upload_applied", "ws_load_dropped"])
def test_one_is_singular_in_english(key):
    from ui.shared.i18n import t

    one, two = t(key, "en", n=1), t(key, "en", n=2)
    assert "1 scenarios" not in one and "1 settings" not in one and "1 saved values" not in one
    assert "2" in two and one != two.replace("2", "1")
