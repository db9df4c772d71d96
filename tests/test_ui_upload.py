"""The upload check: limits before any other work, linear in the file, unprintable text reported in words."""

from __future__ import annotations

import json

import pytest

from ui import upload
from ui.i18n import t
from ui.url import VERSION


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
