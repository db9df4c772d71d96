"""The upload check: limits before any other work, linear in the file, unprintable text reported in words."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ui.session import upload
from ui.session.url import version
from ui.shared.i18n import t

VERSION = version()  # the data version this run reads


def _reasons(parsed: upload.ParsedUpload) -> list[str]:
    return [p.reason for p in parsed.problems]


def _many_keys_file(size: int = upload.MAX_UPLOAD_BYTES) -> bytes:
    """A JSON object of about `size` bytes holding as many distinct keys as fit (the issue's 1 MB, 125,951 keys)."""
    parts, total, i = [], 2, 0
    while True:
        item = f'"{i:x}":0'
        if total + len(item) + 1 > size:
            break
        parts.append(item)
        total += len(item) + 1
        i += 1
    return ("{" + ",".join(parts) + "}").encode()


def test_a_one_megabyte_file_of_many_keys_is_refused_for_its_key_count():
    content = _many_keys_file()
    assert len(content) <= upload.MAX_UPLOAD_BYTES and content.count(b":") > 100_000
    parsed = upload.parse_scenario_upload(content)
    assert _reasons(parsed) == ["too_many"]
    assert parsed.problems[0].value == f"{content.count(b':'):,}"


def test_many_keys_inside_values_are_refused_the_same_way():
    values = {f"k{i}": 0 for i in range(upload.MAX_KEYS + 1)}
    parsed = upload.parse_scenario_upload(json.dumps({"version": VERSION, "values": values}).encode())
    assert _reasons(parsed) == ["too_many"]


def test_a_duplicate_key_is_still_found():
    parsed = upload.parse_scenario_upload(b'{"version": "x", "values": {"fai_growth": 0.1, "fai_growth": 0.2}}')
    assert _reasons(parsed) == ["duplicate_key"] and parsed.problems[0].where == "fai_growth"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_lone_surrogate_key_is_a_problem_line_in_the_users_language(lang):
    content = b'{"version": "2025.1", "values": {"\\ud800": 0.1}}'
    parsed = upload.parse_scenario_upload(content)
    assert _reasons(parsed) == ["bad_text"]
    line = upload.upload_problem_line(parsed.problems[0], lang)
    assert line == t("ws_upload_bad_text", lang, where="\\ud800")
    line.encode("utf-8")  # what Streamlit must send to the browser: no lone surrogate left


def test_unprintable_text_in_a_value_or_the_version_is_shown_escaped():
    content = json.dumps({"version": "2025\u202e1", "values": {"fai_growth": "\ud800\x07"}}).encode()
    parsed = upload.parse_scenario_upload(content)
    assert sorted(_reasons(parsed)) == ["bad_text", "not_a_number"]
    shown = {p.reason: p.value for p in parsed.problems}
    assert shown["not_a_number"] == "\\ud800\\u0007" and shown["bad_text"] == "2025\\u202e1"
    for problem in parsed.problems:
        upload.upload_problem_line(problem, "zh").encode("utf-8")


def test_a_good_file_still_passes():
    content = json.dumps({"version": VERSION, "values": {"fai_growth": 0.1}, "targets": {}}).encode()
    parsed = upload.parse_scenario_upload(content)
    assert parsed.ok and parsed.values == {"fai_growth": 0.1}


# ------------------------------------------------------------------ depth: measured on the text, never by recursion

# Text that looks like structure inside strings: brackets, quotes and backslashes (escaped by json.dumps).
_DECOY = st.text(alphabet=st.sampled_from('[]{}"\\,:a中'), max_size=8)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@st.composite
def _nested(draw) -> tuple[str, int]:
    """Well-formed JSON nested exactly `depth` deep: a cycle of lists and objects, with or without decoy strings."""
    depth = draw(st.integers(1, 5_000))
    kinds = draw(st.lists(st.sampled_from("[{"), min_size=1, max_size=6))
    decoy = draw(st.none() | _DECOY)
    opened = [kinds[i % len(kinds)] for i in range(depth)]
    parts = []
    for kind in opened:
        if decoy is None:
            parts.append("[" if kind == "[" else '{"k":')
        elif kind == "[":
            parts.append(f"[{_string(decoy)},")
        else:
            parts.append(f"{{{_string(decoy + '0')}:0,{_string(decoy + '1')}:")
    parts.append("1" if decoy is None else _string(decoy))
    parts.extend("]" if kind == "[" else "}" for kind in reversed(opened))
    return "".join(parts), depth


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_nested())
@example(('{"a":' * 450 + "1" + "}" * 450, 450))  # the 2.7 kB file that crashed the page
@example(("[" * 600 + "]" * 600, 600))
@example(("[" * upload.MAX_JSON_DEPTH + "]" * upload.MAX_JSON_DEPTH, upload.MAX_JSON_DEPTH))
@example(("[" * (upload.MAX_JSON_DEPTH + 1) + "]" * (upload.MAX_JSON_DEPTH + 1), upload.MAX_JSON_DEPTH + 1))
@example(('{"v":["\\\\",{"[\\"{":{"x":1}}]}', 4))  # a string ending in an escaped backslash, then structure
def test_any_depth_gives_an_answer_and_too_deep_exactly_past_the_limit(case):
    text, depth = case
    if depth <= 400:
        assert _depth_of(json.loads(text)) == depth  # the generator's own check: well-formed, this deep
    parsed = upload.parse_scenario_upload(text.encode())
    assert ("too_deep" in _reasons(parsed)) == (depth > upload.MAX_JSON_DEPTH)


@pytest.mark.parametrize("content", [
    b'{"a":' * 450 + b"1" + b"}" * 450,  # 2.7 kB: raised RecursionError from a recursive depth walk
    b'{"values":' + b"[" * 600 + b"]" * 600 + b"}",
    b'{"values":' + b"[" * 700 + b"0" + b"]" * 700 + b"}",
    b'{"a":' * 990 + b"1" + b"}" * 990,
])
def test_deeply_nested_files_are_too_deep_not_a_crash(content):
    assert _reasons(upload.parse_scenario_upload(content)) == ["too_deep"]


def _depth_of(node) -> int:
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
    return 0 if children is None else 1 + max(map(_depth_of, children), default=0)


def test_a_megabyte_of_open_brackets_is_refused_as_too_deep():
    for opener in (b"[", b"{", b'[{"a":'):
        content = (opener * (upload.MAX_UPLOAD_BYTES // len(opener)))[: upload.MAX_UPLOAD_BYTES]
        assert _reasons(upload.parse_scenario_upload(content)) == ["too_deep"]


def test_brackets_inside_strings_do_not_count():
    content = json.dumps({"version": VERSION, "values": {"[[[[[[{{{{{{\\\"": 0.1}}).encode()
    assert _reasons(upload.parse_scenario_upload(content)) == ["unknown_key"]
